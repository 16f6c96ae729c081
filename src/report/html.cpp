#include "abp/report/html.hpp"

#include <algorithm>
#include <iterator>

#include <fmt/format.h>

#include "abp/core/text.hpp"

namespace abp {
namespace {

// One style sheet for every page: system fonts, a column that stays readable on a wide
// screen and fills a phone's, light and dark colours, tables that wrap long names.
constexpr std::string_view kStyle = R"css(
:root{color-scheme:light dark;--fg:#1d1d1f;--bg:#fff;--muted:#6b6b70;--line:#e0e0e4;--accent:#1f5fd6;--bar:#8fb0f5;--note:#fff4d1;--bad:#fde4e1}
@media (prefers-color-scheme:dark){:root{--fg:#ececef;--bg:#17171a;--muted:#a0a0a8;--line:#34343a;--accent:#8ab4ff;--bar:#3c68c8;--note:#463a12;--bad:#4d1f1b}}
*{box-sizing:border-box}
body{margin:0;font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans",sans-serif;color:var(--fg);background:var(--bg)}
header{display:flex;flex-wrap:wrap;gap:.5rem 1.25rem;align-items:center;padding:.6rem 1rem;border-bottom:1px solid var(--line)}
header .home{font-weight:700;font-size:1.15rem;text-decoration:none;color:inherit}
nav{display:flex;gap:1rem}
form.search{display:flex;flex:1 1 18rem;gap:.35rem;max-width:36rem}
form.search input{flex:1;min-width:0}
input,button{font:inherit;padding:.35rem .6rem;border:1px solid var(--line);border-radius:.4rem;background:var(--bg);color:inherit}
button{cursor:pointer;background:var(--accent);border-color:var(--accent);color:#fff}
main{max-width:76rem;margin:0 auto;padding:1rem}
a{color:var(--accent);text-underline-offset:.15em}
h1{font-size:1.45rem;margin:.3rem 0 1rem;overflow-wrap:anywhere}
h2{font-size:1.1rem;margin:1.5rem 0 .5rem}
.totals{display:grid;grid-template-columns:repeat(auto-fit,minmax(9rem,1fr));gap:.6rem;margin:0 0 1.5rem;padding:0;list-style:none}
.totals li{border:1px solid var(--line);border-radius:.6rem;padding:.5rem .8rem}
.totals b{display:block;font-size:1.5rem;font-variant-numeric:tabular-nums}
.columns{display:grid;grid-template-columns:repeat(auto-fit,minmax(22rem,1fr));gap:0 2rem}
table{border-collapse:collapse;width:100%}
th,td{padding:.3rem .5rem;border-bottom:1px solid var(--line);text-align:left;vertical-align:top;overflow-wrap:anywhere}
th{font-weight:600;color:var(--muted);font-size:.9rem}
.n{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
td.bar{width:30%;vertical-align:middle}
td.bar span{display:block;height:.75rem;min-width:2px;background:var(--bar);border-radius:.2rem}
.tree details{margin:.1rem 0}
.tree details details{margin-left:1.3rem}
.tree summary{cursor:pointer;overflow-wrap:anywhere}
.tree ul{margin:0 0 .25rem 2.6rem;padding:0;color:var(--muted)}
.tree ul a{color:inherit}
.facts li{margin:.2rem 0;overflow-wrap:anywhere}
.pages{display:flex;flex-wrap:wrap;gap:.5rem 1.25rem;align-items:center;margin:1rem 0}
.note{padding:.55rem .8rem;border-radius:.5rem;background:var(--note);margin:0 0 1rem;overflow-wrap:anywhere}
.note.bad{background:var(--bad)}
.muted{color:var(--muted)}
.unknown{font-style:italic;color:var(--muted)}
form.add{display:grid;gap:.6rem;max-width:34rem;margin:.5rem 0 1.5rem}
form.add label{display:grid;gap:.15rem;font-size:.9rem;color:var(--muted)}
form.add button{justify-self:start}
footer{max-width:76rem;margin:2rem auto 1rem;padding:0 1rem;color:var(--muted);font-size:.85rem;overflow-wrap:anywhere}
@media (max-width:40rem){main{padding:.75rem}td.bar{width:22%}.tree ul{margin-left:1.8rem}}
)css";

// The entity that stands for `c` in HTML text and quoted attributes; empty when `c` stands
// for itself.
std::string_view html_entity(char c) {
  switch (c) {
    case '&':
      return "&amp;";
    case '<':
      return "&lt;";
    case '>':
      return "&gt;";
    case '"':
      return "&quot;";
    case '\'':
      return "&#39;";
    default:
      return {};
  }
}

}  // namespace

void append_html_text(std::string& out, std::string_view value) {
  if (value.empty()) {
    out += "<span class=\"unknown\">(unknown)</span>";
    return;
  }
  append_html_escaped(out, value);
}

void append_html_escaped(std::string& out, std::string_view value) {
  // Control characters and the rest first, exactly as the text report shows them (SPEC §4),
  // straight into `out`; their escapes (\x1b, \u202e) hold no character HTML escapes.
  const std::size_t first = out.size();
  append_terminal_safe(out, value);
  std::size_t longer = 0;  // what the entities add
  for (std::size_t i = first; i < out.size(); ++i) {
    const std::size_t entity = html_entity(out[i]).size();
    if (entity > 0) longer += entity - 1;
  }
  if (longer == 0) return;  // the most common case: nothing more to do
  // Widen the text in place, from the back, so that nothing is read after it was written over.
  std::size_t from = out.size();
  out.resize(out.size() + longer);
  std::size_t to = out.size();
  while (from > first) {
    const char c = out[--from];
    const std::string_view entity = html_entity(c);
    if (entity.empty()) {
      out[--to] = c;
    } else {
      to -= entity.size();
      std::copy(entity.begin(), entity.end(), out.begin() + static_cast<std::ptrdiff_t>(to));
    }
  }
}

void append_url_encoded(std::string& out, std::string_view value) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  for (const char ch : value) {
    const auto c = static_cast<unsigned char>(ch);
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
        c == '.' || c == '_' || c == '~') {
      out += ch;
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 0xF];
    }
  }
}

void append_html_link(std::string& out, std::string_view href_prefix, std::string_view name) {
  if (href_prefix.empty()) {
    append_html_text(out, name);
    return;
  }
  out += "<a href=\"";
  out += href_prefix;
  append_url_encoded(out, name);
  out += "\">";
  append_html_text(out, name);
  out += "</a>";
}

void append_html_head(std::string& out, std::string_view title) {
  out += "<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n";
  out += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n";
  // An empty icon: browsers would otherwise ask the server for /favicon.ico.
  out += "<link rel=\"icon\" href=\"data:,\">\n<title>";
  append_html_text(out, title);
  out += "</title>\n<style>";
  out += kStyle;
  out += "</style>\n</head>\n<body>\n";
}

void append_html_bar(std::string& out, std::uint64_t count, std::uint64_t largest) {
  // Tenths of a percent: small differences still show, and every count gets a sliver.
  const std::uint64_t permille = largest == 0 ? 0 : count * 1000 / largest;
  fmt::format_to(std::back_inserter(out),
                 "<td class=\"bar\"><span style=\"width:{}.{}%\"></span></td>", permille / 10,
                 permille % 10);
}

void append_html_counts(std::string& out, const CountSection& section, const HtmlLinks& links) {
  const bool authors = std::string_view(section.subject) == "author";
  std::uint64_t largest = 0;
  for (const CountLine& line : section.lines) largest = std::max(largest, line.count);
  fmt::format_to(
      std::back_inserter(out),
      "<table class=\"counts\">\n<thead><tr><th>{}</th><th class=\"n\">{}</th><th></th></tr>"
      "</thead>\n<tbody>\n",
      authors ? "Author" : "Publisher",
      std::string_view(section.label) == "books" ? "Books" : "Authors");
  for (const CountLine& line : section.lines) {
    out += "<tr><td>";
    append_html_link(out, authors ? links.author : links.publisher, line.name);
    fmt::format_to(std::back_inserter(out), "</td><td class=\"n\">{}</td>", line.count);
    append_html_bar(out, line.count, largest);
    out += "</tr>\n";
  }
  out += "</tbody>\n</table>\n";
}

void write_html_tree(LeafSource& source, const HtmlLinks& links, Output& out) {
  out.write("<div class=\"tree\">\n");
  TreeLeaf leaf{};
  while (source.next_leaf(leaf)) {
    const LeafPosition& at = leaf.at;
    std::string& buf = out.buffer();
    if (at.first_of_author) {
      buf += "<details class=\"author\" open><summary>";
      append_html_link(buf, links.author, leaf.author);
      buf += "</summary>\n";
    }
    if (at.first_of_book) {
      buf += "<details class=\"book\" open><summary>";
      append_html_text(buf, leaf.title);
      buf += "</summary><ul>";
    }
    buf += "<li>";
    append_html_link(buf, links.publisher, leaf.publisher);
    buf += "</li>";
    if (at.last_publisher) buf += "</ul></details>\n";
    if (at.last_publisher && at.last_book) buf += "</details>\n";
    out.maybe_flush();
  }
  out.write("</div>\n");
}

}  // namespace abp
