// Differential fuzz target (issue 18): abp reads CSV three ways, which must agree on every
// input. Byte 0 picks the delimiter (bits 0-1: , TAB ; |), the block size of the raw reader
// (bits 2-5: 1-15 bytes, 0 its default) and whether the loader is compared on its file path
// (bit 6); the rest is the input.
// - LineSource through fccp's io::LineReader and through the block reader (the path for
//   regular files): the same physical lines, line ends and errors;
// - CsvReader (on those lines) and RawCsvReader (the rewriter's): the same records, line
//   numbers and errors; every byte of the input in exactly one record's `consumed` or the rest;
// - load_catalogue on a stream and on a source that says it is a regular file (block reader,
//   records split on a second thread): the same facts, shape, skipped rows and errors.
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "abp/core/error.hpp"
#include "abp/fast/loader.hpp"
#include "abp/io/byte_source.hpp"
#include "abp/io/csv_reader.hpp"
#include "abp/io/line_source.hpp"
#include "abp/io/raw_csv_reader.hpp"
#include "fuzz_support.hpp"

namespace {

using abp_fuzz::finding;

// What a reader gave: everything it produced, flattened to one string, and its error.
struct Reading {
  std::string items;
  std::string error;
};

void add_item(std::string& items, std::string_view item) {
  items += std::to_string(item.size());
  items += ':';
  items += item;
}

// The bytes of `input` as a regular file would give them, in short reads.
class FileLikeSource final : public abp::ByteSource {
 public:
  explicit FileLikeSource(std::string bytes) : bytes_(std::move(bytes)) {}
  std::size_t read(char* buffer, std::size_t size) override {
    const std::size_t n = std::min(size, bytes_.size() - at_);
    bytes_.copy(buffer, n, at_);
    at_ += n;
    return n;
  }
  bool is_regular_file() const override { return true; }
  std::uint64_t size_hint() const override { return bytes_.size() - at_; }

 private:
  std::string bytes_;
  std::size_t at_ = 0;
};

Reading physical_lines(const std::string& input, abp::LineReading how) {
  Reading out;
  try {
    abp::LineSource lines(abp::make_memory_source(input), "fuzz.csv", how);
    abp::PhysicalLine line;
    while (lines.next(line)) {
      add_item(out.items, line.bytes);
      out.items += static_cast<char>('0' + static_cast<int>(line.end));
    }
    out.items += static_cast<char>('0' + static_cast<int>(lines.first_line_end()));
  } catch (const abp::Error& e) {
    out.error = e.describe();
  }
  return out;
}

Reading records(const std::string& input, abp::LineReading how, char delimiter) {
  Reading out;
  try {
    abp::LineSource lines(abp::make_memory_source(input), "fuzz.csv", how);
    abp::CsvReader reader(lines, abp::Dialect{delimiter}, "fuzz.csv");
    abp::Record record;
    while (reader.next(record)) {
      out.items += std::to_string(record.line) + '{';
      for (const std::string_view field : record.fields) add_item(out.items, field);
      out.items += '}';
    }
  } catch (const abp::Error& e) {
    out.error = e.describe();
  }
  return out;
}

Reading raw_records(const std::string& input, char delimiter, std::size_t block) {
  Reading out;
  std::string all;
  try {
    const auto source = abp::make_memory_source(input);
    abp::RawCsvReader reader(*source, abp::Dialect{delimiter}, "fuzz.csv", true, block);
    abp::RawRecord record;
    while (reader.next(record)) {
      out.items += std::to_string(record.line) + '{';
      for (const std::string_view field : record.fields) add_item(out.items, field);
      out.items += '}';
      std::string joined;
      for (std::size_t i = 0; i < record.raw_fields.size(); ++i) {
        if (i > 0) joined += delimiter;
        joined += record.raw_fields[i];
      }
      if (joined != record.bytes) finding("raw fields do not make the record's bytes", input);
      const std::string tail = std::string(record.bytes) + std::string(record.line_break);
      if (record.consumed.size() < tail.size() ||
          record.consumed.substr(record.consumed.size() - tail.size()) != tail) {
        finding("a record's consumed bytes do not end with it and its line break", input);
      }
      all += record.consumed;
    }
    all += reader.rest();
    if (all != input) finding("the raw records and the rest are not the input", input);
  } catch (const abp::Error& e) {
    out.error = e.describe();
  }
  return out;
}

Reading loaded(std::unique_ptr<abp::ByteSource> source, char delimiter) {
  Reading out;
  abp::LoadOptions options;
  options.dialect.delimiter = delimiter;
  options.skip_bad_rows = true;
  try {
    abp::Loaded loaded = abp::load_catalogue(std::move(source), "fuzz.csv", options);
    for (const std::string& name : loaded.shape.header) add_item(out.items, name);
    out.items += static_cast<char>('0' + static_cast<int>(loaded.shape.line_end));
    for (const std::string& note : loaded.skipped.notes()) add_item(out.items, note);
    for (const auto& [author, title, publisher] :
         abp_fuzz::fact_set(std::move(loaded.catalogue).finish())) {
      add_item(out.items, author);
      add_item(out.items, title);
      add_item(out.items, publisher);
    }
  } catch (const abp::Error& e) {
    out.error = e.describe();
  }
  return out;
}

void same(const char* what, const Reading& a, const Reading& b, const std::string& input) {
  if (a.error != b.error) {
    finding(what, "errors differ:\n" + a.error + "\n" + b.error + "\n--- input ---\n" + input);
  }
  if (a.items != b.items) {
    finding(what, "results differ:\n" + a.items + "\n" + b.items + "\n--- input ---\n" + input);
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const char delimiter = ",\t;|"[data[0] & 3u];
  const std::size_t block_pick = (data[0] >> 2) & 15u;
  const std::size_t block = block_pick == 0 ? abp::RawCsvReader::kBlock : block_pick;
  const std::string input(reinterpret_cast<const char*>(data) + 1, size - 1);

  // CsvReader is a function of the lines it is given: the same lines from both readers make
  // the same records, so fccp's reader (48 MiB a run) is asked once.
  same("the line readers disagree on lines", physical_lines(input, abp::LineReading::kLineReader),
       physical_lines(input, abp::LineReading::kDirect), input);
  same("RawCsvReader disagrees with CsvReader",
       records(input, abp::LineReading::kDirect, delimiter), raw_records(input, delimiter, block),
       input);
  if ((data[0] & 64u) != 0) {
    same("the loader reads a file otherwise than a stream",
         loaded(abp::make_memory_source(input), delimiter),
         loaded(std::make_unique<FileLikeSource>(input), delimiter), input);
  }
  return 0;
}
