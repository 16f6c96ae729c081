// abp: books, authors and publishers from a catalogue CSV. This file only wires the pieces:
// signals, the command table, and the one place errors become exit codes.
#include <unistd.h>

#include <csignal>
#include <exception>
#include <new>
#include <string_view>
#include <system_error>
#include <vector>

#include "abp/cli/add.hpp"
#include "abp/cli/columns.hpp"
#include "abp/cli/dupes.hpp"
#include "abp/cli/export.hpp"
#include "abp/cli/remove.hpp"
#include "abp/cli/rename.hpp"
#include "abp/cli/report.hpp"
#include "abp/cli/serve.hpp"

int main(int argc, char** argv) {
  // A closed pipe must end abp quietly with 0 (SPEC §4), and a file-size limit must show up
  // as EFBIG from write(2) so the append can undo itself; both signals would kill us instead.
  std::signal(SIGPIPE, SIG_IGN);
  std::signal(SIGXFSZ, SIG_IGN);
  // Every command: name, line in `abp --help`, setup and run (src/cli/NAME.cpp). The table
  // gives the help, the dispatch, and "did you mean" for a mistyped command.
  const std::vector<abp::Command> commands = {
      {"report", "Print books and authors per publisher and the author -> book -> publisher tree",
       abp::setup_report, abp::run_report},
      {"add", "Append one (author, title, publisher) row, then print the tree", abp::setup_add,
       abp::run_add},
      {"export", "Write the catalogue as a normalised SQLite database (the article's schema)",
       abp::setup_export, abp::run_export},
      {"dupes", "List spellings of one name (TOR, Tor) and the renames that merge them",
       abp::setup_dupes, abp::run_dupes},
      {"remove", "Remove a book's rows (or one row) from the catalogue, CSV or database",
       abp::setup_remove, abp::run_remove},
      {"rename", "Rename an author, a publisher or a title everywhere, CSV or database",
       abp::setup_rename, abp::run_rename},
      {"serve", "Serve the catalogue in a browser and as JSON, for several people at once",
       abp::setup_serve, abp::run_serve_command},
      {"__columns", "The column names of a catalogue, one a line (for the shell completions)",
       abp::setup_columns, abp::run_columns},
  };
  using abp::print_line_to_stderr;
  try {
    const abp::Run run = abp::parse_command_line(argc, argv, commands);
    abp::Output out(STDOUT_FILENO);
    abp::Console console{out, [](std::string_view note) { print_line_to_stderr("abp: ", note); }};
    run(console);
    out.flush();
    return 0;
  } catch (const abp::BrokenPipe&) {
    return 0;
  } catch (const abp::Error& e) {
    print_line_to_stderr("abp: error: ", e.describe());
    return static_cast<int>(e.code());
  } catch (const std::bad_alloc&) {
    print_line_to_stderr("abp: error: ",
                         "out of memory: the input needs more memory than this system gives (a "
                         "catalogue too large, or not a catalogue: a record that never ends)");
    return static_cast<int>(abp::ExitCode::kOsErr);
  } catch (const std::exception& e) {
    // std::thread's EAGAIN: a condition of the machine (ulimit -u, a container's pids.max), not
    // a bug, and what to do about it is known.
    const auto* system = dynamic_cast<const std::system_error*>(&e);
    if (system != nullptr && system->code() == std::errc::resource_unavailable_try_again) {
      print_line_to_stderr("abp: error: ",
                           "cannot start a thread: the limit on processes is reached (ulimit -u, "
                           "or a container's pids limit); try again when fewer are running");
      return static_cast<int>(abp::ExitCode::kOsErr);
    }
    print_line_to_stderr("abp: error: internal: ", e.what());
    return static_cast<int>(abp::ExitCode::kInternal);
  }
}
