#include <fmt/format.h>

#include "abp/cli/cmd.hpp"
#include "abp/core/error.hpp"
#include "abp/io/progress.hpp"
#include "abp/store/appender.hpp"
#include "abp/store/sqlite_add.hpp"
#include "abp/store/sqlite_report.hpp"

namespace abp {
namespace {

// The row is stored by the time the reprint is written: if the reprint cannot be written, say
// so, lest the user read exit 74 as "nothing changed" (SPEC §5) and lose track of the file.
template <typename Reprint>
void reprint_after_add(AppendOutcome outcome, const std::string& path, Output& out,
                       Reprint&& reprint) {
  try {
    reprint();
    out.flush();
  } catch (const Error& e) {
    if (outcome == AppendOutcome::kAlreadyPresent) throw;
    throw Error(e.code(), fmt::format("{} (the row was added to {} all the same)", e.what(), path),
                e.file(), e.line());
  }
}

}  // namespace

void run_add(const AddOptions& options, Output& out, const Notes& notes) {
  const NewFact fact{check_add_argument(options.author, "AUTHOR"),
                     check_add_argument(options.title, "TITLE"),
                     check_add_argument(options.publisher, "PUBLISHER")};
  check_input_flags(options.input);
  const std::string path = resolve_data_file(options.file);
  auto note_present = [&] {
    notes(fmt::format("{}: already holds {} / {} / {}; nothing written", path, fact.author,
                      fact.title, fact.publisher));
  };
  if (is_database_target(path)) {
    const double timeout = options.input.lock_timeout_seconds;
    const AppendOutcome outcome = add_to_database(path, fact, timeout);
    if (outcome == AppendOutcome::kAlreadyPresent) note_present();
    reprint_after_add(outcome, path, out, [&] {
      // The reprint reads the database again, committed: what any other reader now sees.
      report_database(path, timeout, options.render, out);
    });
    return;
  }
  LoadOptions load = load_options(path, options.input);
  const std::unique_ptr<ProgressMeter> progress = ProgressMeter::on_stderr(path);
  load.progress = progress.get();
  const AppendResult result = append_fact(path, fact, load, options.input.lock_timeout_seconds);
  if (progress) progress->finish();
  if (result.skipped.count > 0) {
    notes(fmt::format("{}: {}", path, describe_skipped(result.skipped, result.header_fields)));
  }
  if (result.outcome == AppendOutcome::kAlreadyPresent) note_present();
  reprint_after_add(result.outcome, path, out,
                    [&] { render_report(result.catalogue, options.render, out); });
}

}  // namespace abp
