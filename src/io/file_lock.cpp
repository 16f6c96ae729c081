#include "abp/io/file_lock.hpp"

#include <sys/file.h>

#include <cerrno>
#include <chrono>
#include <thread>

#include <fmt/format.h>

#include "abp/core/error.hpp"

namespace abp {

void lock_file(int fd, LockKind kind, double timeout_seconds, const std::string& file) {
  const int op = (kind == LockKind::kShared ? LOCK_SH : LOCK_EX) | LOCK_NB;
  const auto deadline = std::chrono::steady_clock::now() +
                        std::chrono::duration<double>(timeout_seconds < 0 ? 0 : timeout_seconds);
  // Polling rather than a blocking flock with an alarm: no signal handlers to restore, and a
  // 10 ms step is invisible next to the time a contended lock is held.
  for (;;) {
    if (::flock(fd, op) == 0) return;
    const int err = errno;
    if (err == EINTR) continue;
    if (err != EWOULDBLOCK) {
      throw Error(ExitCode::kIoErr, fmt::format("cannot lock the file: {}", errno_message(err)),
                  file);
    }
    if (std::chrono::steady_clock::now() >= deadline) {
      throw Error(ExitCode::kTempFail,
                  fmt::format("another abp holds the lock on this file (waited {:g} s); try "
                              "again, or raise --lock-timeout",
                              timeout_seconds),
                  file);
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
}

}  // namespace abp
