#include "abp/report/delimited_writer.hpp"

#include <fmt/format.h>

#include <string>
#include <string_view>

#include "abp/io/csv_writer.hpp"
#include "abp/report/tree_pieces.hpp"

namespace abp {
namespace {

// SPEC §3: tsv has no quoting, so the bytes that would end a field or a row are escaped.
void append_tsv_field(std::string& out, std::string_view value) {
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

// Appends one field in the table's own way.
class FieldWriter {
 public:
  explicit FieldWriter(Format format) : csv_(format == Format::kCsv) {}

  char separator() const { return csv_ ? ',' : '\t'; }
  void append(std::string& out, std::string_view value) const {
    if (csv_) {
      // The file writer's encoder (SPEC §3: quoted only for a comma, a quote, CR or LF; it
      // also quotes a value with blanks at its ends, which a normalised value never has).
      append_csv_field(out, value, ',');
    } else {
      append_tsv_field(out, value);
    }
  }

 private:
  bool csv_;
};

void write_counts(const CountSection& section, const FieldWriter& field, Output& out) {
  out.write(fmt::format("{}{}{}\n", section.subject, field.separator(), section.label));
  for (const CountLine& line : section.lines) {
    std::string& buf = out.buffer();
    field.append(buf, line.name);
    buf += field.separator();
    buf += std::to_string(line.count);
    buf += '\n';
    out.maybe_flush();
  }
}

void write_leaves(LeafSource& source, const FieldWriter& field, Output& out) {
  TreeLeaf leaf{};
  while (source.next_leaf(leaf)) {
    std::string& buf = out.buffer();
    field.append(buf, leaf.author);
    buf += field.separator();
    field.append(buf, leaf.title);
    buf += field.separator();
    field.append(buf, leaf.publisher);
    buf += '\n';
    out.maybe_flush();
  }
}

}  // namespace

void write_delimited_report(ReportSource& source, const RenderOptions& options, Output& out) {
  const FieldWriter field(options.format);
  if (options.sections.tree) {
    out.write(fmt::format("author{0}title{0}publisher\n", field.separator()));
    write_tree_leaves(source, out, [&](LeafSource& leaves, Output& to, bool) {
      write_leaves(leaves, field, to);
    });
  } else {
    write_counts(one_count_section(source, options), field, out);
  }
}

}  // namespace abp
