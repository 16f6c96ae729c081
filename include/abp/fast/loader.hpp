#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "abp/core/catalogue.hpp"
#include "abp/core/columns.hpp"
#include "abp/io/byte_source.hpp"
#include "abp/io/csv_reader.hpp"
#include "abp/io/line_source.hpp"

namespace abp {

class ProgressMeter;

/// How to read a catalogue file (SPEC §2).
struct LoadOptions {
  Dialect dialect;
  std::string encoding;  // empty: UTF-8 as it is
  ColumnFlags columns;
  bool skip_bad_rows = false;
  std::string split_authors;          // empty: one author per value
  ProgressMeter* progress = nullptr;  // counts bytes and records read, when set
};

/// What the file looks like, for writing a row that fits it.
struct FileShape {
  std::vector<std::string> header;  // raw header fields, in file order
  ColumnMap columns;
  LineEnd line_end = LineEnd::kLf;
};

/// Records skipped by --skip-bad-rows.
struct SkippedRows {
  std::uint64_t count = 0;
  std::vector<std::uint64_t> first_lines;  // at most kMaxListed line numbers
  static constexpr std::size_t kMaxListed = 10;

  /// Counts the record skipped at `line`.
  void add(std::uint64_t line) {
    if (first_lines.size() < kMaxListed) first_lines.push_back(line);
    ++count;
  }
};

/// A file read into memory.
struct Loaded {
  CatalogueBuilder catalogue;
  FileShape shape;
  SkippedRows skipped;
  /// Reference layout without --split-authors only: for each author id, the length of the
  /// first_name part of its name when first seen (`John` + `Le Carre` -> 4), so a database
  /// export keeps the file's own split. Empty otherwise.
  std::vector<std::uint32_t> first_name_lengths;
};

/// Reads every record of `source` into a catalogue (SPEC §1-2): values normalised, columns
/// found by name, used values checked as UTF-8, distinct facts kept by the catalogue.
///
/// Throws Error(kDataErr) with `file` and the physical line for a file without header, a
/// missing column, a record with the wrong field count (unless skip_bad_rows), an unterminated
/// quote, invalid UTF-8 in a used value or bytes that do not convert from `encoding`.
Loaded load_catalogue(std::unique_ptr<ByteSource> source, const std::string& file,
                      const LoadOptions& options);

/// The data errors of reading a catalogue (SPEC §2), for every reader to word alike; each
/// throws Error(kDataErr) naming `file` (and `line`).
[[noreturn]] void throw_no_header(const std::string& file);
[[noreturn]] void throw_wrong_field_count(std::size_t fields, std::size_t header_fields,
                                          const std::string& file, std::uint64_t line);
/// `what`: the value, e.g. "title" or "first name".
[[noreturn]] void throw_invalid_utf8(const char* what, const std::string& file, std::uint64_t line);

/// Returns the one-line note for skipped records, e.g. "skipped 4 records ... (lines 3, 9)".
std::string describe_skipped(const SkippedRows& skipped, std::size_t header_fields);

}  // namespace abp
