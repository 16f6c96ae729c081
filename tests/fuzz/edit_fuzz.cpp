// Fuzz target (issues 13 and 18): the CSV rewriter of `abp rename` and `abp remove` (SPEC §6)
// on any catalogue. Byte 0 picks the reading options (fuzz_support.hpp), byte 1 the edit and
// the fact it starts from, the rest is the file. Invariants:
// - the rewriter refuses exactly the files the loader refuses, with the same message;
// - renaming a value A that a fact holds to a fresh B changes the facts exactly so, and B back
//   to A gives the facts back, and the file's very bytes whenever every field holding A is
//   tidy (README "Bytes kept": blanks only around the value, no quotes it would need that
//   the field lacks);
// - a remove of a fact that is not there gives the sink nothing; of one that is, the facts
//   less that one (with --split-authors: less it, and perhaps co-authors' facts of its rows);
// - the output always reads back: the same records but the removed ones, each with the field
//   count it had, and as many changed-row reports as rows changed.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "abp/core/edit.hpp"
#include "abp/core/error.hpp"
#include "abp/core/text.hpp"
#include "abp/fast/loader.hpp"
#include "abp/io/byte_source.hpp"
#include "abp/io/encoding.hpp"
#include "abp/io/raw_csv_reader.hpp"
#include "abp/store/appender.hpp"
#include "abp/store/csv_rewriter.hpp"
#include "fuzz_support.hpp"

namespace {

using abp_fuzz::FactSet;
using abp_fuzz::finding;
using Kind = abp::CatalogueEdit::Kind;

// Keeps the new file in memory, checking the ByteSink protocol: copy_input once, first.
class MemorySink final : public abp::ByteSink {
 public:
  explicit MemorySink(const std::string& input) : input_(input) {}

  void copy_input(std::uint64_t size) override {
    if (copied_) finding("copy_input called twice", input_);
    if (size > input_.size()) finding("copy_input past the end of the input", input_);
    copied_ = true;
    bytes_.assign(input_, 0, static_cast<std::size_t>(size));
  }
  void write(std::string_view bytes) override {
    if (!copied_) finding("write before copy_input", input_);
    bytes_.append(bytes);
  }

  bool touched() const { return copied_; }
  // The new file: the input itself when the sink got nothing.
  const std::string& file() const { return copied_ ? bytes_ : input_; }

 private:
  const std::string& input_;
  bool copied_ = false;
  std::string bytes_;
};

struct Rewritten {
  std::string file;
  std::uint64_t rows_changed = 0;
  bool touched = false;
};

std::string describe_input(const std::string& input, const abp::CatalogueEdit& edit) {
  return "edit from '" + edit.from + "' to '" + edit.to + "' (author '" + edit.author +
         "', title '" + edit.title + "', publisher '" + edit.publisher + "', kind " +
         std::to_string(static_cast<int>(edit.kind)) + ")\n--- file ---\n" + input;
}

Rewritten rewrite(const std::string& input, const abp::LoadOptions& options,
                  const abp::CatalogueEdit& edit) {
  MemorySink sink(input);
  std::uint64_t reported = 0;
  const auto source = abp::make_memory_source(input);
  const abp::RewriteResult result = abp::rewrite_catalogue(
      *source, "fuzz.csv", options, edit, sink, [&](const abp::RowChange& change) {
        ++reported;
        if (change.removed != (edit.kind == Kind::kRemove)) {
          finding("a change of the wrong kind", describe_input(input, edit));
        }
      });
  if (reported != result.rows_changed) {
    finding("rows reported differ from rows_changed", describe_input(input, edit));
  }
  if (sink.touched() != (result.rows_changed > 0)) {
    finding("the sink was written to without a change, or not with one",
            describe_input(input, edit));
  }
  return {sink.file(), result.rows_changed, sink.touched()};
}

abp::Loaded load(const std::string& bytes, const abp::LoadOptions& options) {
  return abp::load_catalogue(abp::make_memory_source(bytes), "fuzz.csv", options);
}

// The field count of every record, as the rewriter's reader sees them.
std::vector<std::size_t> field_counts(const std::string& bytes, const abp::LoadOptions& options) {
  const auto source = abp::make_memory_source(bytes);
  abp::RawCsvReader reader(*source, options.dialect, "fuzz.csv", options.encoding.empty());
  std::vector<std::size_t> counts;
  abp::RawRecord record;
  while (reader.next(record)) counts.push_back(record.fields.size());
  return counts;
}

// The rewritten file reads back: the same facts as expected, and the same records with their
// field counts, but `removed` records of the header's width.
void check_reads_back(const std::string& input, const Rewritten& out,
                      const abp::LoadOptions& options, const abp::CatalogueEdit& edit,
                      const FactSet* expected) {
  FactSet facts;
  try {
    facts = abp_fuzz::fact_set(load(out.file, options).catalogue.finish());
  } catch (const abp::Error& e) {
    finding("the rewritten file is refused",
            e.describe() + "\n" + describe_input(input, edit) + "\n--- rewritten ---\n" + out.file);
  }
  if (expected != nullptr && facts != *expected) {
    finding("the rewritten file holds other facts",
            "expected:\n" + abp_fuzz::describe(*expected) + "found:\n" + abp_fuzz::describe(facts) +
                describe_input(input, edit) + "\n--- rewritten ---\n" + out.file);
  }
  std::vector<std::size_t> before = field_counts(input, options);
  std::vector<std::size_t> after = field_counts(out.file, options);
  const std::size_t width = before.empty() ? 0 : before.front();
  const auto removed = static_cast<std::size_t>(edit.kind == Kind::kRemove ? out.rows_changed : 0);
  const auto rows = [width](const std::vector<std::size_t>& counts) {
    return static_cast<std::size_t>(std::count(counts.begin(), counts.end(), width));
  };
  const bool same_rows = rows(before) == rows(after) + removed;
  before.erase(std::remove(before.begin(), before.end(), width), before.end());
  after.erase(std::remove(after.begin(), after.end(), width), after.end());
  if (!same_rows || before != after) {
    finding("the rewritten file has other records or field counts",
            describe_input(input, edit) + "\n--- rewritten ---\n" + out.file);
  }
}

// SPEC §6 matching is on normalised values, but a rename writes the new value as add would:
// a field gets its bytes back from a rename and back only when it held its value tidily, the
// way replace_csv_field_value keeps it (blanks around the value and quotes kept, nothing else).
bool is_tidy_field(std::string_view raw, char delimiter) {
  const auto blank = [delimiter](char c) { return (c == ' ' || c == '\t') && c != delimiter; };
  while (!raw.empty() && blank(raw.front())) raw.remove_prefix(1);
  while (!raw.empty() && blank(raw.back())) raw.remove_suffix(1);
  std::string value;
  if (!raw.empty() && raw.front() == '"') {
    std::size_t i = 1;
    for (;; ++i) {
      if (i >= raw.size()) return false;  // unterminated: text follows a line break
      if (raw[i] != '"') {
        value += raw[i];
      } else if (i + 1 < raw.size() && raw[i + 1] == '"') {
        value += '"';
        ++i;
      } else {
        break;
      }
    }
    if (i + 1 != raw.size()) return false;  // text after the closing quote
    while (!value.empty() && abp::is_blank(value.front())) value.erase(0, 1);
    while (!value.empty() && abp::is_blank(value.back())) value.pop_back();
  } else {
    value.assign(raw);
    if (value.find_first_of("\"\r\n") != std::string::npos) return false;  // would be quoted
  }
  return abp::normalize_value(value) == value;
}

// Whether renaming `value` in `column` and back must give the file's bytes back: every record
// of the header's width whose field there is `value` (normalised, in UTF-8) holds it tidily.
bool renames_back_exactly(const std::string& input, const abp::LoadOptions& options, int column,
                          const std::string& value) {
  std::unique_ptr<abp::Utf8Decoder> decoder;
  if (!options.encoding.empty()) decoder = std::make_unique<abp::Utf8Decoder>(options.encoding);
  const auto source = abp::make_memory_source(input);
  abp::RawCsvReader reader(*source, options.dialect, "fuzz.csv", options.encoding.empty());
  abp::RawRecord record;
  if (!reader.next(record)) return true;
  const std::size_t width = record.fields.size();
  const auto at = static_cast<std::size_t>(column);
  std::string utf8;
  while (reader.next(record)) {
    if (record.fields.size() != width) continue;
    utf8.assign(record.fields[at]);
    if (decoder && !decoder->decode(record.fields[at], utf8)) return false;
    if (abp::normalize_value(utf8) != value) continue;
    if (!is_tidy_field(record.raw_fields[at], options.dialect.delimiter)) return false;
  }
  return true;
}

// Whether a value can be an edit's argument at all (the command line checks it so).
bool is_argument(const std::string& value) {
  try {
    abp::check_add_argument(value, "value");
    return true;
  } catch (const abp::Error&) {
    return false;
  }
}

// A value no fact holds in that part: "Fresh Name", "Fresh Name 2", ...
std::string fresh(const FactSet& facts, int part) {
  std::string name = "Fresh Name";
  for (int n = 2;; ++n) {
    const bool taken = std::any_of(facts.begin(), facts.end(), [&](const abp_fuzz::FactText& f) {
      return (part == 0 ? std::get<0>(f) : part == 1 ? std::get<1>(f) : std::get<2>(f)) == name;
    });
    if (!taken) return name;
    name = "Fresh Name " + std::to_string(n);
  }
}

// With --split-authors, a title renamed: the facts renamed for the author named, and any other
// fact either as it was or with that title renamed.
void check_title_renamed_in_rows(const std::string& input, const Rewritten& out,
                                 const abp::LoadOptions& options, const abp::CatalogueEdit& edit,
                                 const FactSet& facts, const FactSet& renamed) {
  const FactSet after = abp_fuzz::fact_set(load(out.file, options).catalogue.finish());
  for (const abp_fuzz::FactText& fact : renamed) {
    if (std::get<0>(fact) == edit.author && after.count(fact) == 0) {
      finding("with --split-authors a title is not renamed for its author",
              describe_input(input, edit) + "\n--- rewritten ---\n" + out.file);
    }
  }
  for (const auto& [author, title, publisher] : after) {
    const bool was = facts.count({author, title, publisher}) != 0;
    const bool renamed_here = title == edit.to && facts.count({author, edit.from, publisher}) != 0;
    if (!was && !renamed_here) {
      finding("with --split-authors a title rename made another fact",
              author + " | " + title + " | " + publisher + "\n" + describe_input(input, edit) +
                  "\n--- rewritten ---\n" + out.file);
    }
  }
}

void check_rename(const std::string& input, const abp::LoadOptions& options,
                  const abp::ColumnMap& columns, const FactSet& facts, Kind kind,
                  const abp_fuzz::FactText& start) {
  abp::CatalogueEdit edit;
  edit.kind = kind;
  const int part = kind == Kind::kRenameAuthor ? 0 : kind == Kind::kRenameTitle ? 1 : 2;
  edit.from = part == 0 ? std::get<0>(start) : part == 1 ? std::get<1>(start) : std::get<2>(start);
  edit.author = std::get<0>(start);
  edit.to = fresh(facts, part);
  if (!is_argument(edit.from) || (kind == Kind::kRenameTitle && !is_argument(edit.author))) return;

  FactSet renamed;
  for (abp_fuzz::FactText fact : facts) {
    std::string& value = part == 0   ? std::get<0>(fact)
                         : part == 1 ? std::get<1>(fact)
                                     : std::get<2>(fact);
    if (value == edit.from && (kind != Kind::kRenameTitle || std::get<0>(fact) == edit.author)) {
      value = edit.to;
    }
    renamed.insert(fact);
  }
  const Rewritten there = rewrite(input, options, edit);
  if (there.rows_changed == 0)
    finding("a rename of a value a fact holds changed nothing", describe_input(input, edit));
  // With --split-authors a row is one book: its title renamed is renamed for its co-authors
  // too, unless another row of theirs keeps it.
  const bool whole_rows = kind == Kind::kRenameTitle && !options.split_authors.empty();
  check_reads_back(input, there, options, edit, whole_rows ? nullptr : &renamed);
  if (whole_rows) check_title_renamed_in_rows(input, there, options, edit, facts, renamed);

  abp::CatalogueEdit back = edit;
  std::swap(back.from, back.to);
  const Rewritten again = rewrite(there.file, options, back);
  if (again.rows_changed != there.rows_changed) {
    finding("renamed back, another number of rows changed", describe_input(input, edit));
  }
  check_reads_back(there.file, again, options, back, &facts);

  // Bytes back: the value in one column of its own, held tidily everywhere.
  int column = part == 1 ? columns.title : part == 2 ? columns.publisher : columns.author;
  if (part == 0 && (columns.first_last || !options.split_authors.empty())) return;
  if (part == 2 && columns.publication) return;
  if (renames_back_exactly(input, options, column, edit.from) && again.file != input) {
    finding("renamed and renamed back, the file's bytes changed",
            describe_input(input, edit) + "\n--- after both renames ---\n" + again.file);
  }
}

void check_remove(const std::string& input, const abp::LoadOptions& options, const FactSet& facts,
                  std::uint8_t pick) {
  // The author, title and publisher of three facts, or an unknown title: often no fact at all.
  const auto nth = [&](unsigned n) { return abp_fuzz::nth_fact(facts, n); };
  abp::CatalogueEdit edit;
  edit.kind = Kind::kRemove;
  edit.author = std::get<0>(nth(pick >> 3));
  edit.title = (pick & 4u) != 0 ? "Fresh Title" : std::get<1>(nth(pick >> 4));
  edit.has_publisher = (pick & 128u) != 0;
  if (edit.has_publisher) edit.publisher = std::get<2>(nth(pick >> 5));
  if (!is_argument(edit.author) || !is_argument(edit.title) ||
      (edit.has_publisher && !is_argument(edit.publisher))) {
    return;
  }
  const auto matches = [&](const abp_fuzz::FactText& f) {
    return std::get<0>(f) == edit.author && std::get<1>(f) == edit.title &&
           (!edit.has_publisher || std::get<2>(f) == edit.publisher);
  };
  FactSet left;
  for (const abp_fuzz::FactText& fact : facts) {
    if (!matches(fact)) left.insert(fact);
  }
  const Rewritten out = rewrite(input, options, edit);
  if (left.size() == facts.size()) {
    if (out.touched || out.rows_changed != 0 || out.file != input) {
      finding("a remove of a fact not there changed the file", describe_input(input, edit));
    }
    // The note for a miss reads the file as the rewrite did: no refusal now.
    const auto source = abp::make_memory_source(input);
    if (abp::describe_csv_miss(*source, "fuzz.csv", options, edit).empty()) {
      finding("a miss has no note", describe_input(input, edit));
    }
    return;
  }
  if (out.rows_changed == 0)
    finding("a remove of a fact there changed nothing", describe_input(input, edit));
  if (options.split_authors.empty()) {
    check_reads_back(input, out, options, edit, &left);
    return;
  }
  // A row is one book: its co-authors' facts go with it unless another row holds them.
  check_reads_back(input, out, options, edit, nullptr);
  const FactSet after = abp_fuzz::fact_set(load(out.file, options).catalogue.finish());
  const bool within = std::includes(facts.begin(), facts.end(), after.begin(), after.end());
  if (!within || std::any_of(after.begin(), after.end(), matches)) {
    finding("with --split-authors the removed fact stays, or a fact appears",
            describe_input(input, edit) + "\n--- rewritten ---\n" + out.file);
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 2) return 0;
  const abp::LoadOptions options = abp_fuzz::load_options(data[0]);
  const std::uint8_t pick = data[1];
  const std::string input(reinterpret_cast<const char*>(data) + 2, size - 2);

  abp::Loaded loaded;
  try {
    loaded = load(input, options);
  } catch (const abp::Error& refused) {
    // The rewriter reads as the loader does: the same refusal, whatever the edit.
    abp::CatalogueEdit edit;
    edit.kind = Kind::kRenamePublisher;
    edit.from = "a";
    edit.to = "b";
    try {
      rewrite(input, options, edit);
    } catch (const abp::Error& e) {
      if (e.describe() == refused.describe() && e.code() == refused.code()) return 0;
      finding("the rewriter refuses with another message",
              "loader: " + refused.describe() + "\nrewriter: " + e.describe() + "\n" + input);
    }
    finding("the rewriter takes a file the loader refuses", refused.describe() + "\n" + input);
  }
  const abp::ColumnMap columns = loaded.shape.columns;
  const FactSet facts = abp_fuzz::fact_set(std::move(loaded.catalogue).finish());
  if (facts.empty()) return 0;
  const abp_fuzz::FactText& start = abp_fuzz::nth_fact(facts, pick >> 2u);
  switch (pick & 3u) {
    case 0:
      check_remove(input, options, facts, pick);
      break;
    case 1:
      check_rename(input, options, columns, facts, Kind::kRenameAuthor, start);
      break;
    case 2:
      check_rename(input, options, columns, facts, Kind::kRenamePublisher, start);
      break;
    default:
      check_rename(input, options, columns, facts, Kind::kRenameTitle, start);
      break;
  }
  return 0;
}
