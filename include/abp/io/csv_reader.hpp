#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "abp/fast/cache_line.hpp"
#include "abp/io/line_source.hpp"

namespace abp {

/// The shape of a delimited file. Quoting rules are the same for every delimiter (SPEC §2).
struct Dialect {
  char delimiter = ',';
};

/// Returns the delimiter a `--delimiter` value names: one ASCII character other than `"`, CR,
/// LF or NUL, or the two characters `\t` for tab. Throws Error(kUsage) for anything else,
/// the empty value included.
char delimiter_from_flag(const std::string& flag);

/// Returns the dialect for `path` and an optional `--delimiter` value: tab for a name ending
/// in `.tsv` (any case), else comma, unless `delimiter_flag` (one ASCII character other than
/// `"`, CR, LF, or the two characters `\t`; empty: not given) says otherwise. Throws
/// Error(kUsage) for a bad flag.
Dialect dialect_for(const std::string& path, const std::string& delimiter_flag);

/// One record: its raw field values (not yet normalised) and the physical line it starts on.
/// The views are valid until the next call to CsvReader::next().
struct Record {
  std::vector<std::string_view> fields;
  std::uint64_t line = 0;
  /// True when every field is known to be normalised already (SPEC §1); false when not
  /// known. The one-pass split of a line without quotes finds it out.
  bool fields_normalised = false;
  /// True when the fields are known to lie side by side in one line, one delimiter apart
  /// (a line without quotes); false when not known.
  bool fields_adjacent = false;
};

/// Assembles RFC 4180 records from physical lines, leniently, as SPEC §2 describes: quotes
/// open a field only as its first non-blank character, `""` is a quote inside one, text after
/// a closing quote is kept, line breaks inside quotes are data, empty lines are skipped.
/// On cache lines of its own (fast/cache_line.hpp): the loader's reading thread writes it for
/// every record while the loading thread works on the same stack.
class alignas(kCacheLine) CsvReader {
 public:
  CsvReader(LineSource& lines, Dialect dialect, std::string file_name);

  /// Reads the next record; returns false at the end. Throws Error(kDataErr) naming the line
  /// where a quoted field began when the input ends inside it.
  bool next(Record& record);

 private:
  // Where a field's bytes are: in the current line, in quoted_ (unescaped quoted text), or in
  // saved_ (line fields copied out before a quoted field moved on to the next line).
  enum class Where { kLine, kQuoted, kSaved };
  struct Span {
    Where where;
    std::size_t begin;
    std::size_t size;
  };

  void parse_quoted(std::string_view& rest, std::uint64_t field_line);
  void move_line_fields_to_buffer(std::string_view line);

  LineSource& lines_;
  Dialect dialect_;
  std::string file_name_;
  std::uint64_t line_no_ = 0;
  std::vector<Span> spans_;
  std::string quoted_;
  std::string saved_;
  PhysicalLine current_;
};

}  // namespace abp
