#include "abp/cli/remove.hpp"

#include <fmt/format.h>
#include <CLI/CLI.hpp>

namespace abp {

void setup_remove(CLI::App& command, RemoveOptions& options) {
  command.add_option("AUTHOR", options.author, "The book's author (full name)")
      ->type_name("")
      ->required();
  command.add_option("TITLE", options.title, "The book's title")->type_name("")->required();
  command
      .add_option("PUBLISHER", options.publisher,
                  "Only the row of this publisher (default: every row of the book)")
      ->type_name("")
      ->each([&options](const std::string&) { options.has_publisher = true; });
  add_edit_flags(command, options.edit);
  command.footer(help_footer(fmt::format(
      "Prints each removed row as '-ROW', then one line on stderr: abp: FILE: removed N rows.\n"
      "Nothing matched is not an error: the note names the closest existing value. The old\n"
      "file is kept as FILE~ (a CSV); every row left keeps its bytes.\n\n"
      "Examples:\n"
      "  abp remove \"Stephen King\" \"It\"\n"
      "  abp remove --file books.csv \"Stephen King\" \"It\" \"Penguin Random House\"\n"
      "  abp remove --dry-run --file books.db \"Tom Clancy\" \"Patriot Games\"\n\n"
      "--file defaults to $ABP_FILE, else {}.",
      kDefaultDataFile)));
}

void run_remove(const RemoveOptions& options, Console& console) {
  CatalogueEdit edit;
  edit.kind = CatalogueEdit::Kind::kRemove;
  edit.author = check_edit_argument(options.author, "AUTHOR", "remove");
  edit.title = check_edit_argument(options.title, "TITLE", "remove");
  // An empty PUBLISHER given on purpose is refused like add's; left out, it means "all".
  edit.has_publisher = options.has_publisher;
  if (edit.has_publisher) {
    edit.publisher = check_edit_argument(options.publisher, "PUBLISHER", "remove");
  }
  run_edit(edit, options.edit, "remove", console);
}

}  // namespace abp
