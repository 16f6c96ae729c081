#include "abp/report/text_writer.hpp"

#include <fmt/format.h>

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "abp/core/text.hpp"
#include "abp/report/bars.hpp"
#include "abp/report/tree_pieces.hpp"

namespace abp {
namespace {

// SPEC §2: the empty value is shown by name in text output.
constexpr std::string_view kUnknown = "(unknown)";

void append_text_value(std::string& out, std::string_view value) {
  if (value.empty()) {
    out += kUnknown;
  } else {
    append_terminal_safe(out, value);
  }
}

void write_counts(const CountSection& section, const RenderOptions& options, Output& out) {
  std::vector<std::string> lines;
  lines.reserve(section.lines.size());
  for (const CountLine& line : section.lines) {
    std::string text = section.subject == std::string_view("author") ? "Author: " : "Publisher: ";
    append_text_value(text, line.name);
    text += fmt::format(", total {}: {}", section.label, line.count);
    lines.push_back(std::move(text));
  }
  if (options.bars) {
    std::vector<std::uint64_t> counts;
    counts.reserve(section.lines.size());
    for (const CountLine& line : section.lines) counts.push_back(line.count);
    append_bars(lines, counts, options.width, options.style == TreeStyle::kAscii);
  }
  for (const std::string& line : lines) {
    out.write(line);
    out.put('\n');
  }
}

void write_tree(LeafSource& source, TreeStyle style, Output& out) {
  const bool ascii = style == TreeStyle::kAscii;
  const std::string_view tee = ascii ? "|-- " : "├── ";
  const std::string_view corner = ascii ? "`-- " : "└── ";
  const std::string_view pipe = ascii ? "|   " : "│   ";
  const std::string_view blank = "    ";
  TreeLeaf leaf{};
  while (source.next_leaf(leaf)) {
    const LeafPosition& at = leaf.at;
    std::string& buf = out.buffer();
    const std::string_view author_indent = at.last_author ? blank : pipe;
    if (at.first_of_author) {
      buf += at.last_author ? corner : tee;
      append_text_value(buf, leaf.author);
      buf += '\n';
    }
    if (at.first_of_book) {
      buf += author_indent;
      buf += at.last_book ? corner : tee;
      append_text_value(buf, leaf.title);
      buf += '\n';
    }
    buf += author_indent;
    buf += at.last_book ? blank : pipe;
    buf += at.last_publisher ? corner : tee;
    append_text_value(buf, leaf.publisher);
    buf += '\n';
    out.maybe_flush();
  }
}

}  // namespace

void write_text_report(ReportSource& source, const RenderOptions& options, Output& out) {
  const Sections& s = options.sections;
  bool first = true;
  auto separate = [&] {
    if (!first) out.put('\n');
    first = false;
  };
  if (s.books) {
    separate();
    write_counts(count_section(source, true, options.order, options.top), options, out);
  }
  if (s.authors) {
    separate();
    write_counts(count_section(source, false, options.order, options.top), options, out);
  }
  if (s.author_books) {
    separate();
    write_counts(author_books_section(source, options.order, options.top), options, out);
  }
  if (s.tree) {
    separate();
    out.write("Authors\n");
    write_tree_leaves(source, out, [&](LeafSource& leaves, Output& to, bool) {
      write_tree(leaves, options.style, to);
    });
  }
}

}  // namespace abp
