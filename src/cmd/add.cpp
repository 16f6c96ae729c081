#include <fmt/format.h>

#include "abp/appender.hpp"
#include "abp/cmd.hpp"
#include "abp/error.hpp"
#include "abp/progress.hpp"

namespace abp {

void run_add(const AddOptions& options, Output& out, const Notes& notes) {
  const NewFact fact{check_add_argument(options.author, "AUTHOR"),
                     check_add_argument(options.title, "TITLE"),
                     check_add_argument(options.publisher, "PUBLISHER")};
  check_input_flags(options.input);
  const std::string path = resolve_data_file(options.file);
  LoadOptions load{dialect_for(path, options.input.delimiter), options.input.encoding,
                   options.input.columns, options.input.skip_bad_rows,
                   options.input.split_authors};
  const std::unique_ptr<ProgressMeter> progress = ProgressMeter::on_stderr(path);
  load.progress = progress.get();
  const AppendResult result =
      append_fact(path, fact, load, options.input.lock_timeout_seconds);
  if (progress) progress->finish();
  if (result.skipped.count > 0) {
    notes(fmt::format("{}: {}", path, describe_skipped(result.skipped, result.header_fields)));
  }
  if (result.outcome == AppendOutcome::kAlreadyPresent) {
    notes(fmt::format("{}: already holds {} / {} / {}; nothing written", path, fact.author,
                      fact.title, fact.publisher));
  }
  // The row is in the file by now: if the reprint cannot be written, say so, lest the user
  // read exit 74 as "nothing changed" (SPEC §5) and lose track of what the file holds.
  try {
    render_report(result.catalogue, options.render, out);
    out.flush();
  } catch (const Error& e) {
    if (result.outcome == AppendOutcome::kAlreadyPresent) throw;
    throw Error(e.code(), fmt::format("{} (the row was added to {} all the same)", e.what(), path),
                e.file(), e.line());
  }
}

}  // namespace abp
