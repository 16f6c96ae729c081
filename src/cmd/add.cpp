#include <fmt/format.h>

#include "abp/appender.hpp"
#include "abp/cmd.hpp"
#include "abp/sqlite_add.hpp"
#include "abp/sqlite_report.hpp"

namespace abp {

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
    if (add_to_database(path, fact, timeout) == AppendOutcome::kAlreadyPresent) note_present();
    // The reprint reads the database again, committed: what any other reader now sees.
    SqliteReportSource source(path, timeout);
    render_report(source, options.render, out);
    return;
  }
  const LoadOptions load = load_options(path, options.input);
  const AppendResult result =
      append_fact(path, fact, load, options.input.lock_timeout_seconds);
  if (result.skipped.count > 0) {
    notes(fmt::format("{}: {}", path, describe_skipped(result.skipped, result.header_fields)));
  }
  if (result.outcome == AppendOutcome::kAlreadyPresent) note_present();
  render_report(result.catalogue, options.render, out);
}

}  // namespace abp
