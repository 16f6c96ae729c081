// Fuzz target (issue 6.5): any bytes, read as a catalogue with one of several dialects and
// options, then rendered in the formats its second byte picks. abp::Error is the expected way
// to refuse input; anything else (another exception, a crash, a sanitizer report) is a finding. The
// csv tree report, read back as a catalogue, must report the same tree again: the report's writer
// and the reader agree on every value they let through.
#include <array>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include "abp/core/error.hpp"
#include "abp/core/text.hpp"
#include "abp/fast/loader.hpp"
#include "abp/io/byte_source.hpp"
#include "abp/report/render.hpp"

namespace {

// Renders into one string kept from run to run: its room is reused, as abp's own output
// buffer is, rather than grown from nothing for every rendering.
const std::string& render(const abp::Catalogue& catalogue, abp::RenderOptions options,
                          bool sections_given) {
  static std::string text;
  text.clear();
  abp::Output out(&text);
  abp::render_report(catalogue, abp::validate_render_options(options, sections_given), out);
  out.flush();
  return text;
}

std::string csv_tree(const abp::Catalogue& catalogue) {
  abp::RenderOptions options;
  options.format = abp::Format::kCsv;
  options.sections = {false, false, true};
  return render(catalogue, options, true);
}

// One text rendering, one delimited section and, by two bits, json and html: the renderings
// `picks` chooses. Rendering all thirteen for every input made each run cost three times
// a load (issue 18.1); the fuzzer reaches every rendering by mutating this byte instead.
void render_picked(const abp::Catalogue& catalogue, unsigned picks) {
  abp::RenderOptions text;
  if ((picks & 1u) != 0) {
    text.style = abp::TreeStyle::kAscii;
    text.order = abp::SortOrder::kAscending;
    text.bars = true;
    text.top = 3;
    text.width = 20;
  }
  render(catalogue, text, false);

  const unsigned delimited = ((picks >> 1) & 15u) % 9u;
  abp::RenderOptions one;
  one.format =
      std::array{abp::Format::kCsv, abp::Format::kTsv, abp::Format::kNdjson}[delimited / 3];
  one.sections = {delimited % 3 == 0, delimited % 3 == 1, delimited % 3 == 2};
  render(catalogue, one, true);

  if ((picks & 32u) != 0) {
    abp::RenderOptions json;
    json.format = abp::Format::kJson;
    render(catalogue, json, false);
  }
  if ((picks & 64u) != 0) {
    abp::RenderOptions html;
    html.format = abp::Format::kHtml;
    html.sections.author_books = true;
    render(catalogue, html, false);
  }
}

// Whether `text` (a line without its line end and leading byte-order marks) is a record the
// reader takes for the header: its three fields equal the header's once normalised (SPEC §1),
// as RecordRules::repeats_header compares them. A fact ("\uFEFF author", ...) is written
// without quotes and reads back as a repeated header (fuzz finding header-like-bom-space).
bool header_like(std::string_view text) {
  static constexpr std::array<std::string_view, 3> kHeader{"author", "title", "publisher"};
  std::size_t at = 0;
  for (std::size_t i = 0; i < kHeader.size(); ++i) {
    const std::size_t end = i + 1 < kHeader.size() ? text.find(',', at) : text.size();
    if (end == std::string_view::npos) return false;
    if (!abp::equals_normalized(text.substr(at, end - at), kHeader[i])) return false;
    at = end + 1;
  }
  return true;
}

// `csv` (the tree as csv, its header first) without the rows a reader takes for a repeated
// header and leaves out (issue 12.25, README "Reading real exports": a record equal to the
// header line, byte-order marks before it aside). A fact ("\uFEFFauthor", "title",
// "publisher"), possible in a file that holds a BOM in its middle, is written so and cannot
// read back: that is the rule, not a loss.
std::string without_header_like_rows(const std::string& csv) {
  std::string out;
  std::size_t begin = 0;
  bool first_line = true;
  // Only a line that begins a record can be one: a line inside a quoted field that spans
  // lines is part of a value (fuzz finding header-like-line-in-quoted-field). The writer
  // doubles every quote inside a quoted field, so an odd count so far means inside one.
  bool in_quotes = false;
  while (begin < csv.size()) {
    std::size_t end = csv.find('\n', begin);
    end = end == std::string::npos ? csv.size() : end + 1;
    std::string_view line(csv.data() + begin, end - begin);
    std::string_view text = line.substr(0, line.find_last_not_of("\r\n") + 1);
    while (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);
    if (first_line || in_quotes || !header_like(text)) out.append(line);
    for (const char c : line) in_quotes ^= c == '"';
    first_line = false;
    begin = end;
  }
  return out;
}

// Writes `text` whole: a value may hold a NUL byte.
void print(const char* what, const std::string& text) {
  std::fprintf(stderr, "%s\n", what);
  std::fwrite(text.data(), 1, text.size(), stderr);
  std::fputc('\n', stderr);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 2) return 0;
  // The first byte picks the load options, the second the renderings, the rest is the file.
  const unsigned pick = data[0];
  abp::LoadOptions options;
  options.dialect.delimiter = ",\t;|"[pick & 3u];
  options.skip_bad_rows = (pick & 4u) != 0;
  const char* const encodings[] = {"", "", "latin1", "utf-16"};
  options.encoding = encodings[(pick >> 3) & 3u];
  if ((pick & 32u) != 0) options.split_authors = " & ";
  if ((pick & 64u) != 0) options.columns.author = "author";
  if ((pick & 128u) != 0) options.columns.last_name = "last name";
  const std::string bytes(reinterpret_cast<const char*>(data) + 2, size - 2);

  abp::Catalogue catalogue;
  try {
    catalogue =
        abp::load_catalogue(abp::make_memory_source(bytes), "fuzz.csv", options).catalogue.finish();
  } catch (const abp::Error&) {
    return 0;  // refused with a message and an exit code, as it should be
  }
  render_picked(catalogue, data[1]);

  const std::string first = csv_tree(catalogue);
  try {
    const abp::Catalogue again =
        abp::load_catalogue(abp::make_memory_source(first), "report.csv", abp::LoadOptions{})
            .catalogue.finish();
    if (csv_tree(again) == without_header_like_rows(first)) return 0;
    print("the csv tree report does not read back as itself:", first);
  } catch (const abp::Error& e) {
    print(("the csv tree report is refused when read back: " + e.describe()).c_str(), first);
  }
  std::abort();
}
