#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "abp/core/catalogue.hpp"
#include "abp/core/columns.hpp"
#include "abp/core/skipped_records.hpp"
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
  std::string split_authors;             // empty: one author per value
  ProgressMeter* progress = nullptr;     // counts bytes and records read, when set
  bool keep_first_name_lengths = false;  // fill Loaded::first_name_lengths (for export)
  /// The catalogue will not count rows (finished with RowCounts::kDrop): a fact stated again
  /// may be kept once (CatalogueBuilder::drop_repeated_facts).
  bool drop_repeated_facts = false;
};

/// What the file looks like, for writing a row that fits it.
struct FileShape {
  std::vector<std::string> header;  // raw header fields, in file order
  ColumnMap columns;
  LineEnd line_end = LineEnd::kLf;
};

/// A file read into memory.
struct Loaded {
  CatalogueBuilder catalogue;
  FileShape shape;
  SkippedRecords skipped;
  /// With LoadOptions::keep_first_name_lengths, for the reference layout without
  /// --split-authors: for each author id, the length of the first_name part of its name when
  /// first seen (`John` + `Le Carre` -> 4), so a database export keeps the file's own split.
  /// Empty otherwise.
  std::vector<std::uint32_t> first_name_lengths;
};

/// Reads every record of `source` into a catalogue (SPEC §1-2): the header's columns found by
/// name (core/columns.hpp), each record made a fact by core's RecordRules, distinct facts kept
/// by the catalogue. Fast: records are split on a second thread for a regular file, values
/// hashed once and looked up with their memory loads started early; the result is what
/// RecordRules::apply() over every record gives.
///
/// Throws Error(kDataErr) with `file` and the physical line for a file without header, a
/// missing column, a record with the wrong field count (unless skip_bad_rows), an unterminated
/// quote, invalid UTF-8 in a used value or bytes that do not convert from `encoding`.
Loaded load_catalogue(std::unique_ptr<ByteSource> source, const std::string& file,
                      const LoadOptions& options);

}  // namespace abp
