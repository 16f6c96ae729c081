#include "abp/report/options.hpp"

#include "abp/core/error.hpp"

namespace abp {

const std::vector<std::pair<std::string, Format>>& format_names() {
  static const std::vector<std::pair<std::string, Format>> names = {
      {"text", Format::kText}, {"csv", Format::kCsv},       {"tsv", Format::kTsv},
      {"json", Format::kJson}, {"ndjson", Format::kNdjson}, {"html", Format::kHtml}};
  return names;
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
