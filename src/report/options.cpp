#include "abp/report/options.hpp"

#include "abp/core/error.hpp"

namespace abp {

const std::vector<std::pair<std::string, Format>>& format_names() {
  static const std::vector<std::pair<std::string, Format>> names = {
      {"text", Format::kText}, {"csv", Format::kCsv},       {"tsv", Format::kTsv},
      {"json", Format::kJson}, {"ndjson", Format::kNdjson}, {"html", Format::kHtml}};
  return names;
}

std::optional<Format> format_named(std::string_view name) {
  for (const auto& [format_name, format] : format_names()) {
    if (format_name == name) return format;
  }
  return std::nullopt;
}

const std::vector<std::string>& section_names() {
  static const std::vector<std::string> names = {"books", "authors", "author-books", "tree"};
  return names;
}

std::optional<Sections> sections_named(const std::vector<std::string>& names) {
  if (names.empty()) return Sections{};
  Sections sections{false, false, false};
  for (const std::string& name : names) {
    if (name == "books") {
      sections.books = true;
    } else if (name == "authors") {
      sections.authors = true;
    } else if (name == "author-books") {
      sections.author_books = true;
    } else if (name == "tree") {
      sections.tree = true;
    } else {
      return std::nullopt;
    }
  }
  return sections;
}

std::optional<std::size_t> whole_number(std::string_view text) {
  if (text.empty() || text.find_first_not_of("0123456789") != std::string_view::npos) {
    return std::nullopt;
  }
  std::size_t value = 0;
  for (const char digit : text) {
    const auto d = static_cast<std::size_t>(digit - '0');
    if (value > (SIZE_MAX - d) / 10) return SIZE_MAX;  // more than there are: all of them
    value = value * 10 + d;
  }
  return value;
}

RenderOptions validate_render_options(RenderOptions options, bool sections_given) {
  if (options.format == Format::kNdjson && !sections_given) options.sections = {false, false, true};
  const bool one_section = options.format == Format::kCsv || options.format == Format::kTsv ||
                           options.format == Format::kNdjson;
  if (one_section && options.sections.count() != 1) {
    throw Error(ExitCode::kUsage,
                "--format csv, tsv and ndjson write one table: choose one --section (books, "
                "authors, author-books or tree)");
  }
  if (options.bars && options.format != Format::kText) {
    throw Error(ExitCode::kUsage, "--bars goes with --format text");
  }
  return options;
}

}  // namespace abp
