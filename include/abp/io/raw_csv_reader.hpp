#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "abp/io/byte_source.hpp"
#include "abp/io/csv_reader.hpp"

namespace abp {

/// One record as it stands in the file, for rewriting it byte for byte. All views are valid
/// until the next call to RawCsvReader::next().
struct RawRecord {
  /// Every byte this record took from the input: the bytes skipped before it (a byte-order
  /// mark, empty lines), the record itself and its line break. Consecutive records' `consumed`
  /// views, then RawCsvReader::rest(), are the whole input.
  std::string_view consumed;
  /// The record without its line break.
  std::string_view bytes;
  /// "\n", "\r\n", "\r", or empty for a last record that has none.
  std::string_view line_break;
  /// Each field's bytes as written (blanks, quotes and all); joined by the delimiter they are
  /// `bytes`.
  std::vector<std::string_view> raw_fields;
  /// Each field's value exactly as CsvReader gives it (quotes removed, `""` made one, not yet
  /// normalised).
  std::vector<std::string_view> fields;
  /// The physical line the record starts on (1-based).
  std::uint64_t line = 0;
};

/// Reads records like CsvReader (SPEC §2: same fields, same line numbers, same errors) and
/// also keeps every byte of the input, so a rewrite can copy what it does not change.
///
/// The input is read in large blocks straight from the source; a record longer than the
/// block grows the buffer to hold it, so memory is the block plus the longest record. Meant
/// for input in UTF-8 or an encoding that extends ASCII (the delimiter, quotes and line breaks
/// are single ASCII bytes); the bytes are not converted.
class RawCsvReader {
 public:
  static constexpr std::size_t kBlock = 4u << 20;

  /// `skip_bom`: a UTF-8 byte-order mark at the very start is skipped (left in `consumed`),
  /// as LineSource skips it. `block`: the size of the reads (tests make it tiny).
  RawCsvReader(ByteSource& source, Dialect dialect, std::string file_name, bool skip_bom = true,
               std::size_t block = kBlock);

  /// Reads the next record; returns false at the end of the input (then rest() holds what
  /// followed the last record). Throws Error(kDataErr) naming the line where a quoted field
  /// began when the input ends inside it, and what the source throws.
  bool next(RawRecord& record);

  /// After next() returned false: the bytes after the last record (empty lines).
  std::string_view rest() const { return rest_; }

 private:
  enum class Step { kRecord, kEnd, kNeedMore };
  Step parse(RawRecord& record);
  // Reads more input behind what is kept from `keep`; returns false at the end of input.
  bool refill(std::size_t keep);

  ByteSource& source_;
  Dialect dialect_;
  std::string file_name_;
  bool skip_bom_;
  bool at_start_ = true;
  bool eof_ = false;
  std::vector<char> buffer_;
  std::size_t begin_ = 0;      // the first byte not yet handed out
  std::size_t end_ = 0;        // the end of the bytes read
  std::uint64_t line_no_ = 0;  // lines before begin_
  // Where a field's value and bytes are: the value in unquoted_ (a quoted field) or buffer_.
  struct Span {
    std::size_t value_begin;
    std::size_t value_size;
    std::size_t raw_begin;
    std::size_t raw_size;
    bool unquoted;
  };
  std::string unquoted_;  // values of quoted fields, unescaped
  std::vector<Span> spans_;
  std::string_view rest_;
  bool stop_[256] = {};  // delimiter, CR, LF
};

}  // namespace abp
