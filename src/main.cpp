// abp: books, authors and publishers from a catalogue CSV. This file only wires the pieces:
// signals, command line, dispatch, and the one place errors become exit codes.
#include <unistd.h>

#include <csignal>
#include <exception>
#include <new>
#include <string>
#include <string_view>

#include "abp/cli/cli.hpp"
#include "abp/core/text.hpp"

namespace {

// One write per message, so a line is never interleaved with another process's.
void print_line(std::string_view prefix, std::string_view message) {
  std::string line(prefix);
  abp::append_terminal_safe(line, message);
  line += '\n';
  [[maybe_unused]] const ssize_t n = ::write(STDERR_FILENO, line.data(), line.size());
}

}  // namespace

int main(int argc, char** argv) {
  // A closed pipe must end abp quietly with 0 (SPEC §4), and a file-size limit must show up
  // as EFBIG from write(2) so the append can undo itself; both signals would kill us instead.
  std::signal(SIGPIPE, SIG_IGN);
  std::signal(SIGXFSZ, SIG_IGN);
  try {
    const abp::Invocation invocation = abp::parse_command_line(argc, argv);
    abp::Output out(STDOUT_FILENO);
    if (const auto* finished = std::get_if<abp::Finished>(&invocation)) {
      out.write(finished->text);
      out.flush();
      return static_cast<int>(finished->code);
    }
    const abp::Notes notes = [](std::string_view note) { print_line("abp: ", note); };
    if (const auto* report = std::get_if<abp::ReportOptions>(&invocation)) {
      abp::run_report(*report, out, notes);
    } else if (const auto* exported = std::get_if<abp::ExportOptions>(&invocation)) {
      abp::run_export(*exported, notes);
    } else if (const auto* served = std::get_if<abp::ServeCommandOptions>(&invocation)) {
      abp::run_serve_command(*served, notes);
    } else {
      abp::run_add(std::get<abp::AddOptions>(invocation), out, notes);
    }
    out.flush();
    return 0;
  } catch (const abp::BrokenPipe&) {
    return 0;
  } catch (const abp::Error& e) {
    print_line("abp: error: ", e.describe());
    return static_cast<int>(e.code());
  } catch (const std::bad_alloc&) {
    print_line("abp: error: ", "out of memory");
    return static_cast<int>(abp::ExitCode::kInternal);
  } catch (const std::exception& e) {
    print_line("abp: error: internal: ", e.what());
    return static_cast<int>(abp::ExitCode::kInternal);
  }
}
