#include "abp/report/html_writer.hpp"

#include <string>

#include "abp/report/html.hpp"

namespace abp {
namespace {

void write_section(const char* heading, const CountSection& section, Output& out) {
  std::string html = "<section>\n<h2>";
  html += heading;
  html += "</h2>\n";
  append_html_counts(html, section, HtmlLinks{});
  html += "</section>\n";
  out.write(html);
}

}  // namespace

void write_html_report(ReportSource& source, const RenderOptions& options, Output& out) {
  const Sections& s = options.sections;
  std::string head;
  append_html_head(head, "abp report");
  head += "<main>\n<h1>The catalogue</h1>\n";
  out.write(head);
  if (s.books || s.authors || s.author_books) out.write("<div class=\"columns\">\n");
  if (s.books) {
    write_section("Books by publisher", count_section(source, true, options.order, options.top),
                  out);
  }
  if (s.authors) {
    write_section("Authors by publisher", count_section(source, false, options.order, options.top),
                  out);
  }
  if (s.author_books) {
    write_section("Books by author", author_books_section(source, options.order, options.top), out);
  }
  if (s.books || s.authors || s.author_books) out.write("</div>\n");
  if (s.tree) {
    out.write("<h2>Authors, their books and publishers</h2>\n");
    write_html_tree(source, HtmlLinks{}, out);
  }
  out.write("</main>\n</body>\n</html>\n");
}

}  // namespace abp
