// Fuzz target (issue 6.5): the `abp add` argument checks and row encoder. The input is a file
// layout (column order, delimiter, line end) and three NUL-separated
// arguments. check_add_argument must accept exactly the values SPEC §3 allows; an accepted
// fact, encoded by encode_fact_row and appended to a file of that layout the way the appender
// does, must read back as the same normalised values, next to the row already there.
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "abp/core/columns.hpp"
#include "abp/core/error.hpp"
#include "abp/core/text.hpp"
#include "abp/fast/loader.hpp"
#include "abp/io/byte_source.hpp"
#include "abp/io/csv_writer.hpp"
#include "abp/store/appender.hpp"
#include "fuzz_support.hpp"

namespace {

using abp_fuzz::finding;

// SPEC §3: refused when empty after normalising, or holding a control character (C0, DEL, C1),
// a line or paragraph separator (U+2028, U+2029), a bidirectional control (U+202A-U+202E,
// U+2066-U+2069, SPEC §4) or invalid UTF-8. Written apart from check_add_argument so the two
// can disagree.
bool allowed(const std::string& raw) {
  if (!abp::is_valid_utf8(raw)) return false;
  const std::string value = abp::normalize_value(raw);
  if (value.empty()) return false;
  for (std::size_t i = 0; i < value.size(); ++i) {
    const auto c = static_cast<unsigned char>(value[i]);
    if (c < 0x20 || c == 0x7f) return false;
    const auto next = [&](std::size_t k) {
      return i + k < value.size() ? static_cast<unsigned char>(value[i + k]) : 0;
    };
    if (c == 0xc2 && next(1) < 0xa0) return false;  // U+0080-U+009F
    if (c == 0xe2 && next(1) == 0x80 && next(2) >= 0xa8 && next(2) <= 0xae) {
      return false;  // U+2028-U+202E
    }
    if (c == 0xe2 && next(1) == 0x81 && next(2) >= 0xa6 && next(2) <= 0xa9) {
      return false;  // U+2066-U+2069
    }
  }
  return true;
}

struct Layout {
  abp::FileShape shape;
  char delimiter;
};

// Byte 0: column layout (bits 3-4) and line end (bits 0-1); byte 1: the delimiter (any the
// --delimiter flag takes).
Layout layout_for(std::uint8_t columns, std::uint8_t delimiter) {
  Layout layout;
  char d = static_cast<char>(delimiter & 0x7f);
  if (d == '"' || d == '\r' || d == '\n' || d == '\0') d = ',';
  layout.delimiter = d;
  layout.shape.line_end = (columns & 3u) == 1   ? abp::LineEnd::kCrLf
                          : (columns & 3u) == 2 ? abp::LineEnd::kCr
                                                : abp::LineEnd::kLf;
  if ((columns & 8u) != 0) {  // Goodreads-like: one author column among others
    layout.shape.header = {"Book Id", "Title", "Author", "Author l-f", "Publisher", "Binding"};
  } else if ((columns & 16u) != 0) {  // first/last, in another order
    layout.shape.header = {"publisher", "last_name", "title", "first_name"};
  } else {
    layout.shape.header = {"first_name", "last_name", "title", "publisher"};
  }
  layout.shape.columns = abp::resolve_columns(layout.shape.header, {}, "added.csv", 1);
  return layout;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 2) return 0;
  const Layout layout = layout_for(data[0], data[1]);
  std::vector<std::string> args(1);
  for (std::size_t i = 2; i < size; ++i) {
    if (data[i] == 0 && args.size() < 3) {
      args.emplace_back();
    } else {
      args.back() += static_cast<char>(data[i]);
    }
  }
  args.resize(3);

  std::vector<std::string> values;
  for (const std::string& arg : args) {
    bool accepted = true;
    try {
      values.push_back(abp::check_add_argument(arg, "value"));
      if (values.back() != abp::normalize_value(arg)) finding("not normalised", arg);
    } catch (const abp::Error& e) {
      if (e.code() != abp::ExitCode::kUsage) finding("refused with a code other than 64", arg);
      accepted = false;
    }
    if (accepted != allowed(arg)) finding(accepted ? "accepted a bad value" : "refused", arg);
    if (!accepted) return 0;
  }
  const abp::NewFact fact{values[0], values[1], values[2]};

  // A file of that layout holding one row, then the row the appender would add.
  std::string file =
      abp::encode_record(layout.shape.header, layout.delimiter, layout.shape.line_end);
  const abp::NewFact old{"Ann Lee", "Old Book", "Old Pub"};
  file += abp::encode_fact_row(layout.shape, old, layout.delimiter);
  file += abp::encode_fact_row(layout.shape, fact, layout.delimiter);

  abp::LoadOptions options;
  options.dialect.delimiter = layout.delimiter;
  abp::Loaded loaded;
  try {
    loaded = abp::load_catalogue(abp::make_memory_source(file), "added.csv", options);
  } catch (const abp::Error& e) {
    finding("the file with the added row is refused", e.describe() + "\n" + file);
  }
  if (!loaded.catalogue.contains(fact.author, fact.title, fact.publisher)) {
    finding("the added row does not read back as the values added", file);
  }
  if (!loaded.catalogue.contains(old.author, old.title, old.publisher)) {
    finding("the row before the added one changed", file);
  }
  const bool same =
      old.author == fact.author && old.title == fact.title && old.publisher == fact.publisher;
  if (std::move(loaded.catalogue).finish().facts().size() != (same ? 1u : 2u)) {
    finding("the file holds other facts than the two rows", file);
  }
  if (loaded.shape.line_end != layout.shape.line_end) finding("the line end changed", file);
  return 0;
}
