#pragma once

#include <string>

namespace abp {

enum class LockKind { kShared, kExclusive };

/// Takes a `flock` on `fd`, retrying until `timeout_seconds` have passed.
///
/// Throws Error(kTempFail) naming `file` when the lock is not had in time. The lock goes with
/// the descriptor: the kernel drops it when the process ends, so a killed abp never leaves a
/// stale lock behind.
void lock_file(int fd, LockKind kind, double timeout_seconds, const std::string& file);

}  // namespace abp
