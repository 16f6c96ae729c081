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
  // Without colour both are empty: skipping them saves two calls a name, millions a tree.
  if (!style.empty()) out += style;
  append_text_value(out, value);
  if (!palette.reset.empty()) out += palette.reset;
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

// The drawing before each line of the tree, made once: a title's (whether its author is the
// last, whether it is the author's last book) and a publisher's (those, and whether it is the
// book's last publisher), so each line takes one append for it, not three.
class TreePrefixes {
 public:
  explicit TreePrefixes(TreeStyle style) {
    const bool ascii = style == TreeStyle::kAscii;
    const std::string tee = ascii ? "|-- " : "├── ";
    const std::string corner = ascii ? "`-- " : "└── ";
    const std::string pipe = ascii ? "|   " : "│   ";
    const std::string blank = "    ";
    author_[0] = tee;
    author_[1] = corner;
    for (int last_author = 0; last_author < 2; ++last_author) {
      const std::string& indent = last_author ? blank : pipe;
      for (int last_book = 0; last_book < 2; ++last_book) {
        title_[last_author][last_book] = indent + (last_book ? corner : tee);
        for (int last_publisher = 0; last_publisher < 2; ++last_publisher) {
          publisher_[last_author][last_book][last_publisher] =
              indent + (last_book ? blank : pipe) + (last_publisher ? corner : tee);
        }
      }
    }
  }
  const std::string& author(const LeafPosition& at) const { return author_[at.last_author]; }
  const std::string& title(const LeafPosition& at) const {
    return title_[at.last_author][at.last_book];
  }
  const std::string& publisher(const LeafPosition& at) const {
    return publisher_[at.last_author][at.last_book][at.last_publisher];
  }

 private:
  std::string author_[2];
  std::string title_[2][2];
  std::string publisher_[2][2][2];
};

void write_tree(LeafSource& source, TreeStyle style, const Palette& palette, Output& out) {
  const TreePrefixes prefixes(style);
  TreeLeaf leaf{};
  while (source.next_leaf(leaf)) {
    const LeafPosition& at = leaf.at;
    std::string& buf = out.buffer();
    if (at.first_of_author) {
      buf += prefixes.author(at);
      append_styled(buf, palette.author, leaf.author, palette);
      buf += '\n';
    }
    if (at.first_of_book) {
      buf += prefixes.title(at);
      append_styled(buf, palette.title, leaf.title, palette);
      buf += '\n';
    }
    buf += prefixes.publisher(at);
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
