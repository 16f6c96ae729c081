#include "abp/report/dupes_writer.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "abp/core/text.hpp"
#include "abp/report/json_writer.hpp"

namespace abp {
namespace {

// Characters that mean nothing to a shell anywhere in a word (a leading `-` is the
// command's business: see `--` below).
bool is_plain(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
         std::string_view("_@%+=:,./-").find(c) != std::string_view::npos;
}

// One text line of a spelling or a group's name: SPEC §4's escaping.
std::string terminal_text(std::string_view value) {
  std::string out;
  append_terminal_safe(out, value);
  return out;
}

// `$'...'` quoting for a word with characters SPEC §4 escapes: bash reads back the `\xHH` and
// `\uHHHH` that append_terminal_safe() writes, once the word's own backslashes and quotes
// are escaped first.
std::string ansi_c_quote(std::string_view word) {
  std::string quoted;
  for (const char c : word) {
    if (c == '\\' || c == '\'') quoted += '\\';
    quoted += c;
  }
  return "$'" + terminal_text(quoted) + "'";
}

// Escaping only ever lengthens a value.
bool has_escape(std::string_view word) { return terminal_text(word).size() != word.size(); }

// `abp rename KIND [--] WORD...`, the options right after `rename`.
std::string rename_command(const std::vector<std::string>& rename_options, const char* kind,
                           const std::vector<std::string_view>& values) {
  std::string line = "abp rename";
  for (const std::string& option : rename_options) line += " " + shell_quote(option);
  line += " ";
  line += kind;
  // A value that begins with `-` would be taken for an option.
  if (std::any_of(values.begin(), values.end(),
                  [](std::string_view v) { return !v.empty() && v.front() == '-'; })) {
    line += " --";
  }
  for (const std::string_view value : values) line += " " + shell_quote(value);
  return line;
}

void write_group(const SpellingGroup& group, const char* kind,
                 const std::vector<std::string>& rename_options, bool& first, Output& out) {
  if (!first) out.put('\n');
  first = false;
  const bool title = std::string_view(kind) == "title";
  std::string head = title ? fmt::format("Title \"{}\" by {}", terminal_text(group.key),
                                         terminal_text(group.author))
                           : fmt::format("{}{} \"{}\"", static_cast<char>(kind[0] - 'a' + 'A'),
                                         kind + 1, terminal_text(group.key));
  out.write(fmt::format("{}: {} spellings, {} rows\n", head, group.spellings.size(), group.rows));
  const std::size_t width = std::to_string(group.spellings.front().rows).size();
  for (const Spelling& spelling : group.spellings) {
    out.write(fmt::format("  {:>{}}  {}\n", spelling.rows, width, terminal_text(spelling.value)));
  }
  const std::string_view into = group.spellings.front().value;
  for (std::size_t i = 1; i < group.spellings.size(); ++i) {
    std::vector<std::string_view> values;
    if (title) values.push_back(group.author);
    values.push_back(group.spellings[i].value);
    values.push_back(into);
    out.write("  " + rename_command(rename_options, kind, values) + "\n");
  }
}

void write_json_groups(const std::vector<SpellingGroup>& groups, bool titles, Output& out) {
  std::string& buf = out.buffer();
  for (std::size_t g = 0; g < groups.size(); ++g) {
    if (g > 0) buf += ',';
    buf += '{';
    if (titles) {
      buf += "\"author\":";
      append_json_string(buf, groups[g].author);
      buf += ',';
    }
    buf += "\"key\":";
    append_json_string(buf, groups[g].key);
    buf += ",\"spellings\":[";
    for (std::size_t s = 0; s < groups[g].spellings.size(); ++s) {
      if (s > 0) buf += ',';
      buf += "{\"value\":";
      append_json_string(buf, groups[g].spellings[s].value);
      buf += fmt::format(",\"rows\":{}}}", groups[g].spellings[s].rows);
    }
    buf += "]}";
  }
  out.maybe_flush();
}

}  // namespace

std::string shell_quote(std::string_view word) {
  if (!word.empty() && std::all_of(word.begin(), word.end(), is_plain)) return std::string(word);
  if (has_escape(word)) return ansi_c_quote(word);
  std::string out = "'";
  for (const char c : word) {
    if (c == '\'') {
      out += "'\\''";
    } else {
      out += c;
    }
  }
  out += '\'';
  return out;
}

void write_duplicates_text(const Duplicates& dupes, const std::vector<std::string>& rename_options,
                           Output& out) {
  bool first = true;
  for (const SpellingGroup& group : dupes.authors) {
    write_group(group, "author", rename_options, first, out);
  }
  for (const SpellingGroup& group : dupes.publishers) {
    write_group(group, "publisher", rename_options, first, out);
  }
  for (const SpellingGroup& group : dupes.titles) {
    write_group(group, "title", rename_options, first, out);
  }
}

void write_duplicates_json(const Duplicates& dupes, Output& out) {
  out.write("{\"authors\":[");
  write_json_groups(dupes.authors, false, out);
  out.write("],\"publishers\":[");
  write_json_groups(dupes.publishers, false, out);
  out.write("],\"titles\":[");
  write_json_groups(dupes.titles, true, out);
  out.write("]}\n");
}

}  // namespace abp
