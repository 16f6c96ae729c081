#include "abp/report/options.hpp"

#include <fmt/format.h>

#include "abp/core/error.hpp"
#include "abp/core/text.hpp"

namespace abp {
namespace {

std::string did_you_mean(const std::string& word, const std::vector<std::string>& names) {
  const std::string near = closest_match(word, names);
  return near.empty() ? std::string() : fmt::format("; did you mean '{}'?", near);
}

}  // namespace

Format parse_format(const std::string& name) {
  if (name == "text") return Format::kText;
  if (name == "csv") return Format::kCsv;
  if (name == "tsv") return Format::kTsv;
  if (name == "json") return Format::kJson;
  if (name == "ndjson") return Format::kNdjson;
  if (name == "html") return Format::kHtml;
  throw Error(ExitCode::kUsage,
              fmt::format("unknown --format '{}': use text, csv, tsv, json, ndjson or html{}", name,
                          did_you_mean(name, {"text", "csv", "tsv", "json", "ndjson", "html"})));
}

Sections parse_sections(const std::vector<std::string>& names) {
  if (names.empty()) return Sections{};
  Sections sections{false, false, false};
  for (const std::string& list : names) {
    std::size_t begin = 0;
    for (;;) {
      const std::size_t end = list.find(',', begin);
      const std::string name = list.substr(begin, end - begin);
      if (name == "books") {
        sections.books = true;
      } else if (name == "authors") {
        sections.authors = true;
      } else if (name == "author-books") {
        sections.author_books = true;
      } else if (name == "tree") {
        sections.tree = true;
      } else {
        throw Error(
            ExitCode::kUsage,
            fmt::format("unknown --section '{}': use books, authors, author-books or tree{}", name,
                        did_you_mean(name, {"books", "authors", "author-books", "tree"})));
      }
      if (end == std::string::npos) break;
      begin = end + 1;
    }
  }
  return sections;
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
