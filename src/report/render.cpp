#include "abp/report/render.hpp"

#include "abp/report/catalogue_source.hpp"
#include "abp/report/delimited_writer.hpp"
#include "abp/report/html_writer.hpp"
#include "abp/report/json_writer.hpp"
#include "abp/report/text_writer.hpp"

namespace abp {

void render_report(ReportSource& source, const RenderOptions& options, Output& out) {
  switch (options.format) {
    case Format::kText:
      write_text_report(source, options, out);
      break;
    case Format::kCsv:
    case Format::kTsv:
      write_delimited_report(source, options, out);
      break;
    case Format::kJson:
    case Format::kNdjson:
      write_json_report(source, options, out);
      break;
    case Format::kHtml:
      write_html_report(source, options, out);
      break;
  }
}

void render_report(const Catalogue& catalogue, const RenderOptions& options, Output& out) {
  CatalogueSource source(catalogue);
  render_report(source, options, out);
}

}  // namespace abp
