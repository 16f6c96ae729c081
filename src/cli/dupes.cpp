#include "abp/cli/dupes.hpp"

#include <fmt/format.h>
#include <CLI/CLI.hpp>

#include "abp/core/spellings.hpp"
#include "abp/report/dupes_writer.hpp"

namespace abp {

void setup_dupes(CLI::App& command, DupesOptions& options) {
  add_catalogue_argument(command, options.file);
  add_input_flags(command, options.input);
  add_format_flag(command, options.format, {"text", "json"});
  command.footer(help_footer(fmt::format(
      "Spellings share a key when they fold to the same words: case, accents, punctuation\n"
      "and word order aside (TOR = Tor, 'King, Stephen' = Stephen KING). Groups are authors,\n"
      "publishers, and titles of one author, most rows first; each ends with the abp rename\n"
      "commands that merge it into its most frequent spelling.\n\n"
      "Examples:\n"
      "  abp dupes books.csv\n"
      "  abp dupes --format json books.csv | jq '.publishers[].spellings[0].value'\n"
      "  abp dupes books.csv | grep '^  abp rename' > merge.sh   # read it, then: sh merge.sh\n\n"
      "FILE defaults to $ABP_FILE, else {}.",
      kDefaultDataFile)));
}

namespace {

void report_duplicates(const std::string& path, const DupesOptions& options, Console& console) {
  // Rows weigh the spellings: the catalogue keeps its row counts.
  const Catalogue catalogue = read_into_memory(path, options.input, console.notes, RowCounts::kKeep)
                                  .finish(RowCounts::kKeep);
  const Duplicates dupes = find_duplicates(catalogue);
  if (options.format == Format::kJson) {
    write_duplicates_json(dupes, console.out);
    return;
  }
  // The commands must act on the file read here: name it unless rename finds it by itself
  // ($ABP_FILE or the default), and repeat the input flags that shaped the reading.
  std::vector<std::string> rename_options;
  if (!options.file.empty() && options.file != "-") rename_options = {"--file", options.file};
  for (std::string& word : input_flag_words(options.input)) {
    rename_options.push_back(std::move(word));
  }
  write_duplicates_text(dupes, rename_options, console.out);
  const std::size_t groups = dupes.authors.size() + dupes.publishers.size() + dupes.titles.size();
  if (groups == 0) {
    console.notes(fmt::format("{}: no two spellings share a key", path));
  } else if (options.file == "-") {
    console.notes("read from standard input: add --file FILE to the rename commands");
  }
}

}  // namespace

void run_dupes(const DupesOptions& options, Console& console) {
  with_catalogue_file(options.file,
                      [&](const std::string& path) { report_duplicates(path, options, console); });
}

}  // namespace abp
