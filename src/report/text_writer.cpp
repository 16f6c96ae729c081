#include "abp/report/text_writer.hpp"

#include <fmt/format.h>

#include <cstdint>
#include <iterator>
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

// How each kind of value is shown with --color: SGR sequences that start a style and the one
// that ends it (issue 16.4). Without colour every one is empty, so the bytes are the plain
// report's. Values are escaped (SPEC §4), so these are the only escape bytes in the output.
struct Palette {
  std::string_view author;
  std::string_view title;
  std::string_view publisher;
  std::string_view count;
  std::string_view bar;
  std::string_view reset;
};
constexpr Palette kPlain{};
constexpr Palette kColors{"\x1b[1m",     // author: bold
                          "\x1b[36m",    // title: cyan
                          "\x1b[33m",    // publisher: yellow
                          "\x1b[1;32m",  // count: bold green
                          "\x1b[32m",    // bar: green
                          "\x1b[0m"};

void append_text_value(std::string& out, std::string_view value) {
  if (value.empty()) {
    out += kUnknown;
  } else {
    append_terminal_safe(out, value);
  }
}

// Appends `value` as append_text_value() does, in `style`.
void append_styled(std::string& out, std::string_view style, std::string_view value,
                   const Palette& palette) {
  out += style;
  append_text_value(out, value);
  out += palette.reset;
}

void write_counts(const CountSection& section, const RenderOptions& options, const Palette& palette,
                  Output& out) {
  std::vector<std::string> lines;
  lines.reserve(section.lines.size());
  for (const CountLine& line : section.lines) {
    const bool of_author = section.subject == std::string_view("author");
    std::string text = of_author ? "Author: " : "Publisher: ";
    append_styled(text, of_author ? palette.author : palette.publisher, line.name, palette);
    fmt::format_to(std::back_inserter(text), ", total {}: {}{}{}", section.label, palette.count,
                   line.count, palette.reset);
    lines.push_back(std::move(text));
  }
  if (options.bars) {
    std::vector<std::uint64_t> counts;
    counts.reserve(section.lines.size());
    for (const CountLine& line : section.lines) counts.push_back(line.count);
    append_bars(lines, counts, options.width, options.style == TreeStyle::kAscii, palette.bar,
                palette.reset);
  }
  for (const std::string& line : lines) {
    out.write(line);
    out.put('\n');
  }
}

void write_tree(LeafSource& source, TreeStyle style, const Palette& palette, Output& out) {
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
      append_styled(buf, palette.author, leaf.author, palette);
      buf += '\n';
    }
    if (at.first_of_book) {
      buf += author_indent;
      buf += at.last_book ? corner : tee;
      append_styled(buf, palette.title, leaf.title, palette);
      buf += '\n';
    }
    buf += author_indent;
    buf += at.last_book ? blank : pipe;
    buf += at.last_publisher ? corner : tee;
    append_styled(buf, palette.publisher, leaf.publisher, palette);
    buf += '\n';
    out.maybe_flush();
  }
}

}  // namespace

void write_text_report(ReportSource& source, const RenderOptions& options, Output& out) {
  const Sections& s = options.sections;
  const Palette& palette = options.color ? kColors : kPlain;
  bool first = true;
  auto separate = [&] {
    if (!first) out.put('\n');
    first = false;
  };
  if (s.books) {
    separate();
    write_counts(count_section(source, true, options.order, options.top), options, palette, out);
  }
  if (s.authors) {
    separate();
    write_counts(count_section(source, false, options.order, options.top), options, palette, out);
  }
  if (s.author_books) {
    separate();
    write_counts(author_books_section(source, options.order, options.top), options, palette, out);
  }
  if (s.tree) {
    separate();
    out.write("Authors\n");
    write_tree_leaves(source, out, [&](LeafSource& leaves, Output& to, bool) {
      write_tree(leaves, options.style, palette, to);
    });
  }
}

}  // namespace abp
