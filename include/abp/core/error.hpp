#pragma once

#include <cstdint>
#include <stdexcept>
#include <string>

namespace abp {

/// Process exit codes; the values are the BSD sysexits ones SPEC §5 names.
enum class ExitCode : int {
  kOk = 0,
  kUsage = 64,
  kDataErr = 65,
  kNoInput = 66,
  kInternal = 70,
  /// Out of memory: the input needs more than the system gives (a catalogue too large, or a
  /// record that never ends, as `abp report /dev/zero`). A condition, not a bug (issue 12.2).
  kOsErr = 71,
  kCantCreate = 73,
  kIoErr = 74,
  kTempFail = 75,
};

/// The one error type abp throws: a message plus where it happened and how the process ends.
///
/// `what()` is the bare message; `describe()` prefixes `file:line: ` where they are known.
class Error : public std::runtime_error {
 public:
  Error(ExitCode code, std::string message, std::string file = {}, std::uint64_t line = 0);

  ExitCode code() const { return code_; }
  const std::string& file() const { return file_; }
  std::uint64_t line() const { return line_; }

  /// Returns `file:line: message`, leaving out the parts that are unknown.
  std::string describe() const;

 private:
  ExitCode code_;
  std::string file_;
  std::uint64_t line_;
};

/// Thrown by Output when stdout is a closed pipe; main turns it into a quiet exit 0 (SPEC §4).
struct BrokenPipe {};

/// Returns a short description of errno value `err` (strerror, thread-safe).
std::string errno_message(int err);

}  // namespace abp
