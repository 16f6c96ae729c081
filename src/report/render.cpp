#include "abp/report/render.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <string_view>

#include "abp/core/error.hpp"
#include "abp/core/text.hpp"
#include "abp/core/tree.hpp"
#include "abp/fast/ordered_pieces.hpp"
#include "abp/io/terminal.hpp"

namespace abp {
namespace {

constexpr std::string_view kUnknown = "(unknown)";

bool needs_terminal_escape(std::string_view value) {
  // Eight bytes at a time: a C0 control, DEL, or 0xC2 (the lead byte of every C1 control).
  constexpr std::uint64_t kOnes = 0x0101010101010101ULL;
  constexpr std::uint64_t kHighs = 0x8080808080808080ULL;
  auto has_zero = [](std::uint64_t x) { return ((x - kOnes) & ~x & kHighs) != 0; };
  std::size_t i = 0;
  for (; i + 8 <= value.size(); i += 8) {
    std::uint64_t w;
    std::memcpy(&w, value.data() + i, 8);
    if (((w - kOnes * 0x20) & ~w & kHighs) != 0 || has_zero(w ^ (kOnes * 0x7F)) ||
        has_zero(w ^ (kOnes * 0xC2))) {
      return true;
    }
  }
  for (; i < value.size(); ++i) {
    const auto c = static_cast<unsigned char>(value[i]);
    if (c < 0x20 || c == 0x7F || c == 0xC2) return true;
  }
  return false;
}

void append_text_value(std::string& out, std::string_view value) {
  if (value.empty()) {
    out += kUnknown;
  } else if (needs_terminal_escape(value)) {
    append_terminal_safe(out, value);
  } else {
    out += value;
  }
}

void append_csv_value(std::string& out, std::string_view value) {
  if (value.find_first_of(",\"\r\n") == std::string_view::npos) {
    out += value;
    return;
  }
  out += '"';
  for (const char c : value) {
    if (c == '"') out += '"';
    out += c;
  }
  out += '"';
}

void append_tsv_value(std::string& out, std::string_view value) {
  for (const char c : value) {
    switch (c) {
      case '\t':
        out += "\\t";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\\':
        out += "\\\\";
        break;
      default:
        out += c;
    }
  }
}

void append_json_string(std::string& out, std::string_view value) {
  static constexpr char kHex[] = "0123456789abcdef";
  out += '"';
  for (const char ch : value) {
    const auto c = static_cast<unsigned char>(ch);
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
      case '\b':
        out += "\\b";
        break;
      case '\f':
        out += "\\f";
        break;
      default:
        if (c < 0x20) {
          out += "\\u00";
          out += kHex[c >> 4];
          out += kHex[c & 0xF];
        } else {
          out += ch;
        }
    }
  }
  out += '"';
}

struct CountSection {
  std::vector<CountLine> lines;
  const char* label;  // "books" or "authors"
};

void write_counts_text(const CountSection& section, const RenderOptions& options, Output& out) {
  std::vector<std::string> texts;
  texts.reserve(section.lines.size());
  for (const CountLine& line : section.lines) {
    std::string text = "Publisher: ";
    append_text_value(text, line.publisher);
    text += fmt::format(", total {}: {}", section.label, line.count);
    texts.push_back(std::move(text));
  }
  if (!options.bars || texts.empty()) {
    for (const std::string& text : texts) {
      out.write(text);
      out.put('\n');
    }
    return;
  }
  // Bars line up after the longest line and share what is left of the width (one column is
  // kept free so a full bar never wraps), in eighths of a block so small differences still
  // show; --ascii draws whole cells of '#'. Every count gets at least a sliver.
  static constexpr std::string_view kEighths[] = {"", "▏", "▎", "▍", "▌", "▋", "▊", "▉"};
  const bool ascii = options.style == TreeStyle::kAscii;
  std::size_t text_width = 0;
  std::uint64_t largest = 0;
  for (std::size_t i = 0; i < texts.size(); ++i) {
    text_width = std::max(text_width, display_width(texts[i]));
    largest = std::max(largest, section.lines[i].count);
  }
  const std::size_t room = options.width > text_width + 11 ? options.width - text_width - 2 : 10;
  for (std::size_t i = 0; i < texts.size(); ++i) {
    std::string line = texts[i];
    line.append(text_width - display_width(texts[i]) + 1, ' ');
    const std::uint64_t eighths = largest == 0 ? 0 : section.lines[i].count * room * 8 / largest;
    for (std::uint64_t b = 0; b < eighths / 8; ++b) line += ascii ? "#" : "█";
    if (ascii) {
      if (eighths < 8) line += '#';
    } else {
      line += kEighths[eighths % 8];
      if (eighths == 0) line += "▏";
    }
    out.write(line);
    out.put('\n');
  }
}

// Writes the tree's leaves with write(leaves, out, first) (`first`: these leaves begin the
// tree), in pieces made on two threads where the source can split the tree; the bytes are
// the same either way.
template <typename WriteLeaves>
void write_leaves(ReportSource& source, const RenderOptions& options, Output& out,
                  WriteLeaves write) {
  std::vector<std::unique_ptr<LeafSource>> pieces;
  if (options.piece_leaves > 0) pieces = source.split_tree(options.piece_leaves);
  if (pieces.size() < 2) {
    write(source, out, true);
    return;
  }
  make_pieces_in_order(
      pieces.size(),
      [&](std::size_t i, std::string& text) {
        Output piece(&text);
        write(*pieces[i], piece, i == 0);
        piece.flush();
      },
      [&](std::string_view text) { out.write_block(text); });
}

void write_leaves_text(LeafSource& source, TreeStyle style, Output& out) {
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

using AppendValue = void (*)(std::string&, std::string_view);

void write_counts_delimited(const CountSection& section, char sep, AppendValue append,
                            Output& out) {
  out.write(fmt::format("publisher{}{}\n", sep, section.label));
  for (const CountLine& line : section.lines) {
    std::string& buf = out.buffer();
    append(buf, line.publisher);
    buf += sep;
    buf += std::to_string(line.count);
    buf += '\n';
    out.maybe_flush();
  }
}

void write_leaves_delimited(LeafSource& source, char sep, AppendValue append, Output& out) {
  TreeLeaf leaf{};
  while (source.next_leaf(leaf)) {
    std::string& buf = out.buffer();
    append(buf, leaf.author);
    buf += sep;
    append(buf, leaf.title);
    buf += sep;
    append(buf, leaf.publisher);
    buf += '\n';
    out.maybe_flush();
  }
}

void write_counts_json(const CountSection& section, Output& out, bool one_per_line) {
  bool first = true;
  for (const CountLine& line : section.lines) {
    std::string& buf = out.buffer();
    if (!one_per_line && !first) buf += ',';
    first = false;
    buf += "{\"publisher\":";
    append_json_string(buf, line.publisher);
    buf += fmt::format(",\"{}\":{}}}", section.label, line.count);
    if (one_per_line) buf += '\n';
    out.maybe_flush();
  }
}

// `first_leaf`: the leaves begin the tree (else a comma goes before the first author).
void write_leaves_json(LeafSource& source, Output& out, bool first_leaf) {
  // Streamed leaf by leaf: no document tree is built, whatever the size.
  TreeLeaf leaf{};
  while (source.next_leaf(leaf)) {
    const LeafPosition& at = leaf.at;
    std::string& buf = out.buffer();
    if (at.first_of_author) {
      if (!first_leaf) buf += ',';
      buf += "{\"author\":";
      append_json_string(buf, leaf.author);
      buf += ",\"books\":[";
    }
    if (at.first_of_book) {
      if (!at.first_of_author) buf += ',';
      buf += "{\"title\":";
      append_json_string(buf, leaf.title);
      buf += ",\"publishers\":[";
    } else {
      buf += ',';
    }
    append_json_string(buf, leaf.publisher);
    if (at.last_publisher) buf += "]}";
    if (at.last_publisher && at.last_book) buf += "]}";
    first_leaf = false;
    out.maybe_flush();
  }
}

void write_leaves_ndjson(LeafSource& source, Output& out) {
  TreeLeaf leaf{};
  while (source.next_leaf(leaf)) {
    std::string& buf = out.buffer();
    buf += "{\"author\":";
    append_json_string(buf, leaf.author);
    buf += ",\"title\":";
    append_json_string(buf, leaf.title);
    buf += ",\"publisher\":";
    append_json_string(buf, leaf.publisher);
    buf += "}\n";
    out.maybe_flush();
  }
}

CountSection count_section(ReportSource& source, bool books, const RenderOptions& options) {
  return CountSection{source.counts(books, options.order, options.top),
                      books ? "books" : "authors"};
}

// The leaves of facts [begin, end) of a catalogue, in the order it already keeps them.
class CatalogueLeaves : public LeafSource {
 public:
  CatalogueLeaves(const Catalogue& catalogue, std::size_t begin, std::size_t end,
                  std::pair<std::size_t, std::size_t> run_ends)
      : catalogue_(catalogue),
        cursor_(catalogue.facts(), begin, end, run_ends.first, run_ends.second),
        next_(begin),
        end_(end) {}

  bool next_leaf(TreeLeaf& leaf) override {
    // Names live all over the pools: start loading those a few leaves ahead, and where in
    // the pool a title lies a few leaves before that.
    constexpr std::size_t kAhead = 16;
    const std::vector<Fact>& facts = catalogue_.facts();
    if (next_ + 2 * kAhead < end_) catalogue_.prefetch_title_ref(facts[next_ + 2 * kAhead]);
    if (next_ + kAhead < end_) catalogue_.prefetch_names(facts[next_ + kAhead]);
    ++next_;
    const Fact* fact = cursor_.next(leaf.at);
    if (fact == nullptr) return false;
    leaf.author = catalogue_.author_name(fact->author);
    leaf.title = catalogue_.title_name(fact->title);
    leaf.publisher = catalogue_.publisher_name(fact->publisher);
    return true;
  }

 private:
  const Catalogue& catalogue_;
  LeafCursor cursor_;
  std::size_t next_;
  std::size_t end_;
};

// A catalogue in memory as a report source: counts from aggregate.hpp, leaves in the order
// the catalogue already keeps them.
class CatalogueSource : public ReportSource {
 public:
  explicit CatalogueSource(const Catalogue& catalogue)
      : catalogue_(catalogue), leaves_(catalogue, 0, catalogue.facts().size(), {0, 0}) {}

  std::vector<CountLine> counts(bool books, SortOrder order, std::size_t limit) override {
    const std::vector<PublisherCount> ranked =
        books ? books_by_publisher(catalogue_, order) : authors_by_publisher(catalogue_, order);
    const std::size_t n = std::min(limit, ranked.size());
    std::vector<CountLine> lines;
    lines.reserve(n);
    for (std::size_t i = 0; i < n; ++i) {
      lines.push_back(
          CountLine{std::string(catalogue_.publisher_name(ranked[i].publisher)), ranked[i].count});
    }
    return lines;
  }

  bool next_leaf(TreeLeaf& leaf) override { return leaves_.next_leaf(leaf); }

  std::vector<std::unique_ptr<LeafSource>> split_tree(std::size_t leaves) override {
    // Pieces of exactly `leaves` leaves (the last one shorter), even inside one author or
    // book: an author of millions of books still makes pieces of the same size.
    const std::vector<Fact>& facts = catalogue_.facts();
    const std::size_t step = std::max<std::size_t>(leaves, 1);
    std::vector<std::unique_ptr<LeafSource>> pieces;
    std::pair<std::size_t, std::size_t> ends{0, 0};
    for (std::size_t begin = 0; begin < facts.size(); begin += step) {
      ends = LeafCursor::run_ends(facts, begin, ends);
      pieces.push_back(std::make_unique<CatalogueLeaves>(
          catalogue_, begin, std::min(facts.size(), begin + step), ends));
    }
    return pieces;
  }

 private:
  const Catalogue& catalogue_;
  CatalogueLeaves leaves_;
};

}  // namespace

RenderOptions validate_render_options(RenderOptions options, bool sections_given) {
  if (options.format == Format::kNdjson && !sections_given) options.sections = {false, false, true};
  const bool one_section = options.format == Format::kCsv || options.format == Format::kTsv ||
                           options.format == Format::kNdjson;
  if (one_section && options.sections.count() != 1) {
    throw Error(ExitCode::kUsage,
                "--format csv, tsv and ndjson write one table: choose one --section (books, "
                "authors or tree)");
  }
  if (options.bars && options.format != Format::kText) {
    throw Error(ExitCode::kUsage, "--bars goes with --format text");
  }
  return options;
}

void render_report(const Catalogue& catalogue, const RenderOptions& options, Output& out) {
  CatalogueSource source(catalogue);
  render_report(source, options, out);
}

void render_report(ReportSource& source, const RenderOptions& options, Output& out) {
  const Sections& s = options.sections;
  switch (options.format) {
    case Format::kText: {
      bool first = true;
      auto separate = [&] {
        if (!first) out.put('\n');
        first = false;
      };
      if (s.books) {
        separate();
        write_counts_text(count_section(source, true, options), options, out);
      }
      if (s.authors) {
        separate();
        write_counts_text(count_section(source, false, options), options, out);
      }
      if (s.tree) {
        separate();
        out.write("Authors\n");
        write_leaves(source, options, out, [&](LeafSource& leaves, Output& to, bool) {
          write_leaves_text(leaves, options.style, to);
        });
      }
      break;
    }
    case Format::kCsv:
    case Format::kTsv: {
      const bool csv = options.format == Format::kCsv;
      const char sep = csv ? ',' : '\t';
      const AppendValue append = csv ? append_csv_value : append_tsv_value;
      if (s.tree) {
        out.write(fmt::format("author{0}title{0}publisher\n", sep));
        write_leaves(source, options, out, [&](LeafSource& leaves, Output& to, bool) {
          write_leaves_delimited(leaves, sep, append, to);
        });
      } else {
        write_counts_delimited(count_section(source, s.books, options), sep, append, out);
      }
      break;
    }
    case Format::kJson: {
      out.put('{');
      const char* comma = "";
      if (s.books) {
        out.write("\"books_by_publisher\":[");
        write_counts_json(count_section(source, true, options), out, false);
        out.put(']');
        comma = ",";
      }
      if (s.authors) {
        out.write(comma);
        out.write("\"authors_by_publisher\":[");
        write_counts_json(count_section(source, false, options), out, false);
        out.put(']');
        comma = ",";
      }
      if (s.tree) {
        out.write(comma);
        out.write("\"tree\":[");
        write_leaves(source, options, out, [](LeafSource& leaves, Output& to, bool first) {
          write_leaves_json(leaves, to, first);
        });
        out.put(']');
      }
      out.write("}\n");
      break;
    }
    case Format::kNdjson:
      if (s.tree) {
        write_leaves(source, options, out,
                     [](LeafSource& leaves, Output& to, bool) { write_leaves_ndjson(leaves, to); });
      } else {
        write_counts_json(count_section(source, s.books, options), out, true);
      }
      break;
  }
}

}  // namespace abp
