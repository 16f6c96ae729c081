#include "abp/serve/pages.hpp"

#include <algorithm>
#include <ctime>

#include <fmt/chrono.h>
#include <fmt/format.h>

#include "abp/io/output.hpp"
#include "abp/report/html.hpp"
#include "abp/serve/fact_leaves.hpp"
#include "abp/serve/http_types.hpp"

namespace abp {
namespace pages {
namespace {

const HtmlLinks kLinks{"/author?name=", "/publisher?name="};

// 1234567 -> "1,234,567": totals are read at a glance.
std::string grouped(std::uint64_t n) {
  std::string digits = std::to_string(n);
  for (int at = static_cast<int>(digits.size()) - 3; at > 0; at -= 3) {
    digits.insert(static_cast<std::size_t>(at), ",");
  }
  return digits;
}

std::string plural(std::uint64_t n, std::string_view one, std::string_view many) {
  return fmt::format("{} {}", grouped(n), n == 1 ? one : many);
}

std::string local_time(std::time_t t) {
  return fmt::format("{:%Y-%m-%d %H:%M:%S}", fmt::localtime(t));
}

// The page around `content`: head, header with the search box, the note when the file could
// not be read, the footer.
std::string framed(const PageFrame& frame, std::string_view title, std::string_view content) {
  std::string out;
  append_html_head(out, title.empty() ? std::string_view("abp") : title);
  out +=
      "<header><a class=\"home\" href=\"/\">abp</a><nav><a href=\"/publishers\">Publishers</a>"
      "<a href=\"/authors\">Authors</a><a href=\"/tree\">Tree</a>";
  if (frame.write) out += "<a href=\"/add\">Add</a>";
  out +=
      "</nav><form class=\"search\" action=\"/search\" role=\"search\">"
      "<input type=\"search\" name=\"q\" aria-label=\"Search\" "
      "placeholder=\"Search authors, titles, publishers\" value=\"";
  append_html_escaped(out, frame.query);
  out += "\"><button>Search</button></form></header>\n<main>\n";
  if (frame.state != nullptr && frame.state->stale_since != 0) {
    out += "<p class=\"note bad\" role=\"alert\">The file cannot be read since ";
    out += local_time(frame.state->stale_since);
    out += ": ";
    append_html_text(out, frame.state->stale_reason);
    out += ". These pages show it as it was read at ";
    out += local_time(frame.state->read_at);
    out += ".</p>\n";
  }
  out += content;
  out += "</main>\n<footer>";
  append_html_text(out, frame.file_name);
  if (frame.state != nullptr && frame.state->reading != nullptr) {
    const Totals& totals = frame.state->reading->totals();
    out += fmt::format(" · {} · read {}", plural(totals.facts, "fact", "facts"),
                       local_time(frame.state->read_at));
  }
  out += " · served by abp</footer>\n</body>\n</html>\n";
  return out;
}

// The page number from 1-based `page` of `count` items; HttpError(404) past the end.
std::size_t page_count(std::size_t count) {
  return std::max<std::size_t>(1, (count + kPageSize - 1) / kPageSize);
}

void check_page(std::size_t page, std::size_t count) {
  if (page < 1 || page > page_count(count)) {
    throw HttpError(404, fmt::format("there is no page {}: the pages go from 1 to {}", page,
                                     page_count(count)));
  }
}

void append_paging(std::string& out, std::string_view path, std::size_t page, std::size_t count) {
  const std::size_t last = page_count(count);
  if (last == 1) return;
  out += "<nav class=\"pages\">";
  if (page > 1)
    out += fmt::format("<a href=\"{}?page={}\" rel=\"prev\">← Previous</a>", path, page - 1);
  out += fmt::format("<span>Page {} of {}</span>", grouped(page), grouped(last));
  if (page < last)
    out += fmt::format("<a href=\"{}?page={}\" rel=\"next\">Next →</a>", path, page + 1);
  if (page > 1) out += fmt::format("<a href=\"{}?page=1\">First</a>", path);
  if (page < last) out += fmt::format("<a href=\"{}?page={}\">Last</a>", path, last);
  out += "</nav>\n";
}

// The first `limit` lines of a count section of the reading.
CountSection front_lines(const Reading& reading, const std::vector<PublisherCount>& counts,
                         const char* label, std::size_t limit) {
  CountSection section{{}, label};
  for (std::size_t i = 0; i < std::min(counts.size(), limit); ++i) {
    section.lines.push_back(CountLine{
        std::string(reading.catalogue().publisher_name(counts[i].publisher)), counts[i].count});
  }
  return section;
}

// The tree of some facts, as the tree page and the html report draw it.
void append_tree(std::string& out, FactLeaves& leaves) {
  Output html(&out);
  write_html_tree(leaves, kLinks, html);
  html.flush();
}

void append_add_form(std::string& out, const PageFrame& frame, const NewFact& typed) {
  auto field = [&](std::string_view name, std::string_view label, const std::string& value) {
    out += fmt::format("<label>{}<input name=\"{}\" required autocomplete=\"off\" value=\"", label,
                       name);
    append_html_escaped(out, value);
    out += "\"></label>\n";
  };
  out += "<form class=\"add\" method=\"post\" action=\"/add\">\n";
  field("author", "Author (full name)", typed.author);
  field("title", "Title", typed.title);
  field("publisher", "Publisher", typed.publisher);
  if (frame.token) {
    out +=
        "<label>Token<input name=\"token\" type=\"password\" required "
        "autocomplete=\"current-password\"></label>\n";
  }
  out += "<button>Add the book</button>\n</form>\n";
}

}  // namespace

std::string home(const PageFrame& frame, const Reading& reading) {
  const Totals& totals = reading.totals();
  std::string content = "<h1>The catalogue</h1>\n<ul class=\"totals\">";
  content += fmt::format(
      "<li><b>{}</b>facts</li><li><b>{}</b>books</li><li><b>{}</b>authors</li>"
      "<li><b>{}</b>publishers</li></ul>\n",
      grouped(totals.facts), grouped(totals.books), grouped(totals.authors),
      grouped(totals.publishers));
  content += "<div class=\"columns\">\n<section><h2>Books by publisher</h2>\n";
  append_html_counts(
      content, front_lines(reading, reading.books_by_publisher(), "books", kFrontLines), kLinks);
  content += "</section>\n<section><h2>Authors by publisher</h2>\n";
  append_html_counts(content,
                     front_lines(reading, reading.authors_by_publisher(), "authors", kFrontLines),
                     kLinks);
  content +=
      "</section>\n</div>\n<p><a href=\"/publishers\">Every publisher</a> · "
      "<a href=\"/authors\">every author</a> · <a href=\"/tree\">the whole tree</a></p>\n";
  if (frame.write) {
    content += "<h2>Add a book</h2>\n";
    append_add_form(content, frame, NewFact{});
  }
  return framed(frame, "abp: the catalogue", content);
}

std::string publishers(const PageFrame& frame, const Reading& reading, std::size_t page) {
  const std::vector<PublisherCount>& counts = reading.books_by_publisher();
  check_page(page, counts.size());
  std::string content = fmt::format(
      "<h1>Publishers</h1>\n<p class=\"muted\">{}, by number of "
      "books.</p>\n",
      plural(counts.size(), "publisher", "publishers"));
  std::uint64_t largest = counts.empty() ? 0 : counts.front().count;
  content +=
      "<table>\n<thead><tr><th>Publisher</th><th class=\"n\">Books</th><th "
      "class=\"n\">Authors</th><th></th></tr></thead>\n<tbody>\n";
  const std::size_t first = (page - 1) * kPageSize;
  for (std::size_t i = first; i < std::min(counts.size(), first + kPageSize); ++i) {
    const Id rank = counts[i].publisher;
    content += "<tr><td>";
    append_html_link(content, "/publisher?name=", reading.catalogue().publisher_name(rank));
    content += fmt::format("</td><td class=\"n\">{}</td><td class=\"n\">{}</td>",
                           grouped(counts[i].count), grouped(reading.publisher_authors(rank)));
    append_html_bar(content, counts[i].count, largest);
    content += "</tr>\n";
  }
  content += "</tbody>\n</table>\n";
  append_paging(content, "/publishers", page, counts.size());
  return framed(frame, "Publishers", content);
}

std::string authors(const PageFrame& frame, const Reading& reading, std::size_t page) {
  const std::vector<Id>& listed = reading.listed_authors();
  check_page(page, listed.size());
  std::string content = fmt::format("<h1>Authors</h1>\n<p class=\"muted\">{}, by name.</p>\n",
                                    plural(listed.size(), "author", "authors"));
  content +=
      "<table>\n<thead><tr><th>Author</th><th class=\"n\">Books</th></tr></thead>\n"
      "<tbody>\n";
  const std::size_t first = (page - 1) * kPageSize;
  for (std::size_t i = first; i < std::min(listed.size(), first + kPageSize); ++i) {
    const auto [begin, end] = reading.author_facts(listed[i]);
    content += "<tr><td>";
    append_html_link(content, "/author?name=", reading.catalogue().author_name(listed[i]));
    content += fmt::format("</td><td class=\"n\">{}</td></tr>\n", reading.books_in(begin, end));
  }
  content += "</tbody>\n</table>\n";
  append_paging(content, "/authors", page, listed.size());
  return framed(frame, "Authors", content);
}

std::string tree(const PageFrame& frame, const Reading& reading, std::size_t page) {
  const std::vector<Id>& listed = reading.listed_authors();
  check_page(page, listed.size());
  const std::size_t first = (page - 1) * kPageSize;
  const std::size_t last = std::min(listed.size(), first + kPageSize);
  std::string content = "<h1>Authors, their books and publishers</h1>\n";
  if (first < last) {
    content += fmt::format("<p class=\"muted\">Authors {} to {} of {}.</p>\n", grouped(first + 1),
                           grouped(last), grouped(listed.size()));
    // The listed authors of a page are consecutive ranks, so their facts are one run.
    FactLeaves leaves(reading.catalogue(), reading.author_facts(listed[first]).first,
                      reading.author_facts(listed[last - 1]).second);
    append_tree(content, leaves);
  } else {
    content += "<p class=\"muted\">The catalogue is empty.</p>\n";
  }
  append_paging(content, "/tree", page, listed.size());
  return framed(frame, "Tree", content);
}

std::string publisher(const PageFrame& frame, const Reading& reading, const std::string& name) {
  const Catalogue& catalogue = reading.catalogue();
  const Id rank = reading.named_publisher(name);
  std::string content = "<h1>";
  append_html_text(content, name);
  content += fmt::format("</h1>\n<p class=\"muted\">{} by {}.</p>\n<div class=\"tree\">\n",
                         plural(reading.publisher_books(rank), "book", "books"),
                         plural(reading.publisher_authors(rank), "author", "authors"));
  // The publisher's facts in tree order: its authors, each with the books it published.
  const auto [first, last] = reading.publisher_facts(rank);
  const std::vector<RankedFact>& facts = catalogue.facts();
  for (const std::uint32_t* at = first; at != last; ++at) {
    const RankedFact& fact = facts[*at];
    const bool new_author = at == first || facts[*(at - 1)].author != fact.author;
    const bool ends_author = at + 1 == last || facts[*(at + 1)].author != fact.author;
    if (new_author) {
      content += "<details class=\"author\" open><summary>";
      append_html_link(content, "/author?name=", catalogue.author_name(fact.author));
      content += "</summary><ul>";
    }
    content += "<li>";
    append_html_text(content, catalogue.title_name(fact.title));
    content += "</li>";
    if (ends_author) content += "</ul></details>\n";
  }
  content += "</div>\n";
  return framed(frame, name, content);
}

std::string author(const PageFrame& frame, const Reading& reading, const std::string& name,
                   std::string_view note) {
  const auto [first, last] = reading.named_author_facts(name);
  std::string content;
  if (note == "added") {
    content += "<p class=\"note\" role=\"status\">Added: the book is in the catalogue now.</p>\n";
  } else if (note == "present") {
    content +=
        "<p class=\"note\" role=\"status\">That book was already in the catalogue: "
        "nothing was added.</p>\n";
  }
  content += "<h1>";
  append_html_text(content, name);
  content += fmt::format("</h1>\n<p class=\"muted\">{}.</p>\n",
                         plural(reading.books_in(first, last), "book", "books"));
  FactLeaves leaves(reading.catalogue(), first, last);
  append_tree(content, leaves);
  return framed(frame, name, content);
}

std::string search(const PageFrame& frame, const Reading& reading, const std::string& text) {
  std::string content = "<h1>Search</h1>\n";
  if (text.empty()) {
    content +=
        "<p class=\"muted\">Type part of an author's name, a title or a publisher. Case, "
        "accents and punctuation do not matter.</p>\n";
    return framed(frame, "Search", content);
  }
  const std::vector<std::uint32_t> found = reading.search(text, kPageSize);
  if (found.empty()) {
    content += "<p>Nothing matches <q>";
    append_html_text(content, text);
    content += "</q>.</p>\n";
    return framed(frame, "Search", content);
  }
  content += fmt::format("<p class=\"muted\">{}{} matching <q>",
                         found.size() == kPageSize ? "The first " : "",
                         plural(found.size(), "fact", "facts"));
  append_html_text(content, text);
  content +=
      "</q>, in tree order.</p>\n<table>\n<thead><tr><th>Author</th><th>Title</th>"
      "<th>Publisher</th></tr></thead>\n<tbody>\n";
  const Catalogue& catalogue = reading.catalogue();
  for (const std::uint32_t at : found) {
    const RankedFact& fact = catalogue.facts()[at];
    content += "<tr><td>";
    append_html_link(content, "/author?name=", catalogue.author_name(fact.author));
    content += "</td><td>";
    append_html_text(content, catalogue.title_name(fact.title));
    content += "</td><td>";
    append_html_link(content, "/publisher?name=", catalogue.publisher_name(fact.publisher));
    content += "</td></tr>\n";
  }
  content += "</tbody>\n</table>\n";
  return framed(frame, "Search", content);
}

std::string add_form(const PageFrame& frame, const NewFact& typed, std::string_view message) {
  std::string content = "<h1>Add a book</h1>\n";
  if (!message.empty()) {
    content += "<p class=\"note bad\" role=\"alert\">Not added: ";
    append_html_text(content, message);
    content += ".</p>\n";
  }
  append_add_form(content, frame, typed);
  return framed(frame, "Add a book", content);
}

std::string error(const PageFrame& frame, int status, std::string_view message) {
  std::string content = fmt::format("<h1>{} {}</h1>\n<p>", status, status_text(status));
  append_html_text(content, message);
  content += ".</p>\n<p><a href=\"/\">The catalogue</a></p>\n";
  return framed(frame, status_text(status), content);
}

}  // namespace pages
}  // namespace abp
