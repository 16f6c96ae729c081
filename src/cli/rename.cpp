#include "abp/cli/rename.hpp"

#include <fmt/format.h>
#include <CLI/CLI.hpp>

#include "abp/core/error.hpp"
#include "abp/core/text.hpp"

namespace abp {

void setup_rename(CLI::App& command, RenameOptions& options) {
  command.add_option("author|publisher|title", options.part, "What to rename")
      ->type_name("")
      ->required();
  command
      .add_option("[AUTHOR] OLD NEW", options.values,
                  "OLD NEW; for a title AUTHOR OLD NEW (that author's book)")
      ->type_name("")
      ->required();
  add_edit_flags(command, options.edit);
  command.footer(help_footer(fmt::format(
      "Usage: abp rename author|publisher OLD NEW [options]\n"
      "       abp rename title AUTHOR OLD NEW [options]\n\n"
      "Changes the value in every row that has it; a name that exists already merges the two\n"
      "(no row is dropped). In a file with first and last name columns the new author is split\n"
      "at its first space, as add splits it. Prints each changed row as '-OLD ROW' and\n"
      "'+NEW ROW', then one line on stderr: abp: FILE: renamed author in N rows. Nothing\n"
      "matched is not an error: the note names the closest existing value. The old file is\n"
      "kept as FILE~ (a CSV); every byte the change does not concern stays as it was.\n\n"
      "Examples:\n"
      "  abp rename author \"Stephen King\" \"Richard Bachman\"\n"
      "  abp rename publisher --file books.csv \"Penguin Random House\" \"Random House\"\n"
      "  abp rename title \"Stephen King\" \"It\" \"It (1986)\" --dry-run\n"
      "  abp rename author --split-authors ' & ' --file calibre.csv \"Gaiman, Neil\" \"Neil "
      "Gaiman\"\n\n"
      "--file defaults to $ABP_FILE, else {}.",
      kDefaultDataFile)));
}

void run_rename(const RenameOptions& options, Console& console) {
  CatalogueEdit edit;
  std::size_t wanted = 2;
  if (options.part == "author") {
    edit.kind = CatalogueEdit::Kind::kRenameAuthor;
  } else if (options.part == "publisher") {
    edit.kind = CatalogueEdit::Kind::kRenamePublisher;
  } else if (options.part == "title") {
    edit.kind = CatalogueEdit::Kind::kRenameTitle;
    wanted = 3;
  } else {
    const std::string near = closest_match(options.part, {"author", "publisher", "title"});
    throw Error(
        ExitCode::kUsage,
        fmt::format("abp rename: say what to rename: author, publisher or title (got "
                    "'{}'){}; see abp rename --help",
                    options.part, near.empty() ? "" : fmt::format("; did you mean '{}'?", near)));
  }
  if (options.values.size() != wanted) {
    throw Error(ExitCode::kUsage,
                fmt::format("abp rename {} takes {}, got {} value{}; see abp rename --help",
                            options.part, wanted == 2 ? "OLD NEW" : "AUTHOR OLD NEW",
                            options.values.size(), options.values.size() == 1 ? "" : "s"));
  }
  std::size_t at = 0;
  if (wanted == 3) edit.author = check_edit_argument(options.values[at++], "AUTHOR", "rename");
  edit.from = check_edit_argument(options.values[at++], "OLD", "rename");
  edit.to = check_edit_argument(options.values[at], "NEW", "rename");
  if (edit.from == edit.to) {
    throw Error(ExitCode::kUsage,
                fmt::format("abp rename: OLD and NEW are the same after normalising ('{}'); "
                            "nothing to do",
                            edit.from));
  }
  run_edit(edit, options.edit, "rename", console);
}

}  // namespace abp
