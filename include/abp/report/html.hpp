#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "abp/io/output.hpp"
#include "abp/report/report_source.hpp"

namespace abp {

/// The look shared by `abp report --format html` and the pages of `abp serve`: one
/// self-contained page (style inline, no script, nothing fetched from elsewhere) that reads
/// well on a phone and on a wide screen.

/// Appends `value` escaped for HTML text or a quoted attribute: `& < > " '` as entities;
/// control characters, the line and paragraph separators and bidirectional controls shown as
/// `\xHH` / `\uHHHH`, as the text report shows them (SPEC §4), so a value can neither break
/// the page nor reorder it.
void append_html_escaped(std::string& out, std::string_view value);

/// Appends a name for reading: append_html_escaped(), or a grey "(unknown)" when empty.
void append_html_text(std::string& out, std::string_view value);

/// Appends `value` percent-encoded for a link's query: every byte but ASCII letters, digits
/// and `-._~` as %XX, so any name travels back exactly.
void append_url_encoded(std::string& out, std::string_view value);

/// Appends `name` (append_html_text) as a link to `href_prefix` followed by the name
/// percent-encoded (`/author?name=` + `Le%20Guin`); without a prefix, as plain text.
void append_html_link(std::string& out, std::string_view href_prefix, std::string_view name);

/// Appends the start of a page up to and including `<body>`: `title` (escaped) in <title>,
/// the viewport and the style sheet.
void append_html_head(std::string& out, std::string_view title);

/// Appends a bar for `count` out of `largest`, for the last cell of a count table row.
void append_html_bar(std::string& out, std::uint64_t count, std::uint64_t largest);

/// Where the names in a tree or a table link to (serve's pages); empty: no links (a report
/// written to a file).
struct HtmlLinks {
  std::string author;     // e.g. "/author?name=": the encoded name is appended
  std::string publisher;  // e.g. "/publisher?name="
};

/// Appends a count section as a table: the name (a publisher, or an author for books by
/// author), the count, a bar.
void append_html_counts(std::string& out, const CountSection& section, const HtmlLinks& links);

/// Writes the leaves of `source` as a tree of nested <details> (authors, their books, each
/// book's publishers as a list), open, so it reads without clicking and folds with one.
void write_html_tree(LeafSource& source, const HtmlLinks& links, Output& out);

}  // namespace abp
