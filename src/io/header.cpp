#include "abp/io/header.hpp"

#include <utility>

#include "abp/io/encoding.hpp"
#include "abp/io/line_source.hpp"

namespace abp {

std::vector<std::string> read_header(std::unique_ptr<ByteSource> source, const std::string& file,
                                     Dialect dialect, const std::string& encoding) {
  if (!encoding.empty()) source = make_transcoding_source(std::move(source), encoding, file);
  LineSource lines(std::move(source), file);
  CsvReader reader(lines, dialect, file);
  Record header;
  if (!reader.next(header)) return {};
  return std::vector<std::string>(header.fields.begin(), header.fields.end());
}

}  // namespace abp
