#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "abp/core/columns.hpp"
#include "abp/core/text.hpp"

namespace abp {

class SkippedRecords;

/// LibraryThing's Publication reads `Wrox (2009), Paperback, 560 pages` or `Academic,2011`:
/// the publisher is the text before the first ` (YEAR)`, else before the first comma, else
/// all of it (README). For a normalised `publication` the result is normalised; it is always
/// a prefix of `publication`.
std::string_view publisher_of_publication(std::string_view publication);

/// What a record is, by its shape alone (SPEC §2).
enum class RecordKind {
  kFact,             // the header's field count: its values make a fact
  kWrongFieldCount,  // an error, or skipped with --skip-bad-rows (skipped_records.hpp)
  kRepeatedHeader,   // equal to the header line (two exports joined with cat): skipped
};

/// Buffers that normalised values are copied into when a field is not already normalised;
/// reused from record to record. Views handed out stay valid until the next use.
struct FactScratch {
  std::string author;
  std::string first_name;
  std::string last_name;
  std::string title;
  std::string publisher;
};

/// The values of one fact, normalised (SPEC §1): views into the record's fields or into a
/// FactScratch. `author` is the whole author value; with --split-authors each of its parts is
/// an author of its own (RecordRules::for_each_author).
struct FactValues {
  std::string_view author;
  std::string_view title;
  std::string_view publisher;
};

/// The rules of SPEC §1-2 that turn one record into a fact, once the header has been read:
/// no threads, no I/O, no interning. apply() is the whole step for one record; the bulk loader
/// (fast/loader.hpp) calls the same steps in the order its threads need, and is tested to give
/// exactly what apply() gives.
///
/// `fields` always points at a record's `count` raw field values (unquoted, not normalised).
/// Calls visit(name) for each author of `author` cut at every `separator` (--split-authors):
/// each part normalised, empty parts dropped, and a value of nothing but separators and
/// blanks the one empty author. `scratch` holds the part while visit() runs. The one rule of
/// splitting, for the loader and for rename/remove.
template <typename Visit>
void for_each_author_part(std::string_view author, std::string_view separator, std::string& scratch,
                          Visit&& visit) {
  bool any = false;
  std::size_t begin = 0;
  for (;;) {
    const std::size_t end = author.find(separator, begin);
    normalize_value_into(author.substr(begin, end - begin), scratch);
    if (!scratch.empty() || (end == std::string_view::npos && !any)) {
      visit(std::string_view(scratch));
      any = true;
    }
    if (end == std::string_view::npos) break;
    begin = end + separator.size();
  }
}

class RecordRules {
 public:
  /// `header`: the header's raw fields; `columns`: where the used values are
  /// (resolve_columns); `split_authors`: --split-authors (empty: one author per value).
  /// `file` names the input in error messages.
  RecordRules(const std::vector<std::string>& header, ColumnMap columns, std::string split_authors,
              std::string file);

  /// The record -> fact step: returns kFact with `out` set, its used values checked as UTF-8;
  /// or hands a record that is no fact to `skipped` (which throws for a wrong field count
  /// without --skip-bad-rows) and returns its kind. Throws Error(kDataErr) naming `line` for
  /// invalid UTF-8 in a used value, the first one in the order title, publisher, author.
  RecordKind apply(const std::string_view* fields, std::size_t count, std::uint64_t line,
                   FactScratch& scratch, FactValues& out, SkippedRecords& skipped) const;

  // The steps apply() takes, for callers that spread them over threads.

  /// The one place a record's field count is compared with the header's (SPEC §2); a record
  /// of the right count that equals the header line (each field normalised, byte-order marks
  /// before the first ignored) is kRepeatedHeader. Cheap for a record that is neither.
  RecordKind classify(const std::string_view* fields, std::size_t count) const;

  // The values below are normalised (SPEC §1) unless the caller knows every field of the
  // record is already (`fields_normalised`: the CSV reader's one-pass split of a line finds
  // that out), when they are taken as they are.

  /// The normalised title and publisher.
  std::string_view title(const std::string_view* fields, std::string& scratch,
                         bool fields_normalised = false) const;
  std::string_view publisher(const std::string_view* fields, std::string& scratch,
                             bool fields_normalised = false) const;

  /// The whole author value, normalised: first_name + " " + last_name for the reference
  /// layout (an empty part dropped, SPEC §1), else the author column.
  std::string_view author(const std::string_view* fields, FactScratch& scratch,
                          bool fields_normalised = false) const;

  /// True for the reference layout, where author() joins two name parts.
  bool joins_names() const { return columns_.first_last; }

  /// The normalised first and last name (reference layout only).
  std::pair<std::string_view, std::string_view> name_parts(const std::string_view* fields,
                                                           FactScratch& scratch,
                                                           bool fields_normalised = false) const;

  /// first + " " + last, an empty part dropped (SPEC §1), built in `scratch`.
  static std::string_view joined_name(std::string_view first, std::string_view last,
                                      std::string& scratch);

  /// True with --split-authors.
  bool splits_authors() const { return !split_.empty(); }

  /// Calls visit(name) for each author of a normalised author value: the value itself, or
  /// with --split-authors each part, normalised, empty parts dropped (a value of nothing but
  /// separators is the one empty author). `scratch` holds the part while visit() runs.
  template <typename Visit>
  void for_each_author(std::string_view author, std::string& scratch, Visit&& visit) const {
    if (split_.empty()) {
      visit(author);
      return;
    }
    for_each_author_part(author, split_, scratch, visit);
  }

  /// Throw Error(kDataErr) at `line` when a used value is not valid UTF-8 (SPEC §2).
  /// Normalising never changes whether a value is valid (blanks are ASCII), so a value seen
  /// before and found valid needs no second look. check_author() reads the raw author field,
  /// or the first and last name fields.
  void check_title(std::string_view title, std::uint64_t line) const;
  void check_publisher(std::string_view publisher, std::uint64_t line) const;
  void check_author(const std::string_view* fields, std::uint64_t line) const;

  std::size_t header_fields() const { return header_fields_; }

 private:
  bool repeats_header(const std::string_view* fields) const;
  void check_utf8(std::string_view value, const char* what, std::uint64_t line) const;

  std::vector<std::string> header_;  // the header's fields normalised, BOMs stripped
  std::size_t header_fields_;
  ColumnMap columns_;
  std::string split_;
  std::string file_;
};

}  // namespace abp
