#include "abp/report/json_writer.hpp"

#include <fmt/format.h>

#include <iterator>
#include <string>
#include <string_view>

#include "abp/core/text.hpp"
#include "abp/report/tree_pieces.hpp"

namespace abp {

namespace {

// `one_per_line`: ndjson (an object a line) rather than the elements of a json array.
void write_counts(const CountSection& section, Output& out, bool one_per_line) {
  bool first = true;
  for (const CountLine& line : section.lines) {
    std::string& buf = out.buffer();
    if (!one_per_line && !first) buf += ',';
    first = false;
    fmt::format_to(std::back_inserter(buf), "{{\"{}\":", section.subject);
    append_json_string(buf, line.name);
    fmt::format_to(std::back_inserter(buf), ",\"{}\":{}}}", section.label, line.count);
    if (one_per_line) buf += '\n';
    out.maybe_flush();
  }
}

// `first_leaf`: the leaves begin the tree (else a comma goes before the first author).
void write_tree(LeafSource& source, Output& out, bool first_leaf) {
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

void write_json(ReportSource& source, const RenderOptions& options, Output& out) {
  const Sections& s = options.sections;
  out.put('{');
  const char* comma = "";
  if (s.books) {
    out.write("\"books_by_publisher\":[");
    write_counts(count_section(source, true, options.order, options.top), out, false);
    out.put(']');
    comma = ",";
  }
  if (s.authors) {
    out.write(comma);
    out.write("\"authors_by_publisher\":[");
    write_counts(count_section(source, false, options.order, options.top), out, false);
    out.put(']');
    comma = ",";
  }
  if (s.author_books) {
    out.write(comma);
    out.write("\"books_by_author\":[");
    write_counts(author_books_section(source, options.order, options.top), out, false);
    out.put(']');
    comma = ",";
  }
  if (s.tree) {
    out.write(comma);
    out.write("\"tree\":[");
    write_tree_leaves(source, out, [](LeafSource& leaves, Output& to, bool first) {
      write_tree(leaves, to, first);
    });
    out.put(']');
  }
  out.write("}\n");
}

void write_ndjson(ReportSource& source, const RenderOptions& options, Output& out) {
  if (options.sections.tree) {
    write_tree_leaves(
        source, out, [](LeafSource& leaves, Output& to, bool) { write_leaves_ndjson(leaves, to); });
  } else {
    write_counts(one_count_section(source, options), out, true);
  }
}

}  // namespace

void append_json_string(std::string& out, std::string_view value) {
  // A control character, `"` or `\`: most names have none, and are copied whole.
  if (!has_byte_below_or_of<0x20, '"', '\\'>(value)) {
    out += '"';
    out += value;
    out += '"';
    return;
  }
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

void write_json_report(ReportSource& source, const RenderOptions& options, Output& out) {
  if (options.format == Format::kNdjson) {
    write_ndjson(source, options, out);
  } else {
    write_json(source, options, out);
  }
}

}  // namespace abp
