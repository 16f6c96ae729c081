#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include "abp/io/file.hpp"

namespace abp {

/// A stream of input bytes. `read` fills up to `size` bytes and returns how many; 0 means
/// the end. Read failures throw Error(kIoErr) instead of looking like the end (fccp's own
/// FILE* source treats both alike).
class ByteSource {
 public:
  virtual ~ByteSource() = default;
  virtual std::size_t read(char* buffer, std::size_t size) = 0;

  /// True when the bytes come from a regular file, as they are or converted (not from a
  /// pipe, terminal or memory): a read never waits, so a reader may take the fast path meant
  /// for files.
  virtual bool is_regular_file() const { return false; }

  /// How many bytes are left to read, when known (a regular file, bytes in memory); else 0.
  /// Readers size their buffers by it, so a small input costs little.
  virtual std::uint64_t size_hint() const { return 0; }

  /// True when no read can keep its caller waiting past stop_waiting(): a regular file never
  /// waits, and a pipe or terminal read waits where stop_waiting() can end it. A reader may
  /// then run on a thread of its own, and be stopped when the one using its records stops.
  virtual bool can_stop_waiting() const { return is_regular_file(); }

  /// From any thread, at any time: makes a read that waits for input, now or later, return 0
  /// (the end) at once. For a caller that has stopped using the bytes (an error), so the
  /// thread reading them can be joined without waiting for the writer of a pipe.
  virtual void stop_waiting() {}
};

/// An input file opened for reading, or standard input for the name `-`.
///
/// Throws Error(kNoInput) when the path is missing, a directory or unreadable. Holds a shared
/// `flock` on regular files until close() (SPEC: report reads under a shared lock), waiting at
/// most `lock_timeout_seconds` (then Error(kTempFail)); the lock is on the file the path names
/// once it is had (open_locked).
class InputFile {
 public:
  InputFile(const std::string& path, double lock_timeout_seconds);
  InputFile(const InputFile&) = delete;
  InputFile& operator=(const InputFile&) = delete;

  /// The name messages use: the path as given, or `<stdin>`.
  const std::string& display_name() const { return display_name_; }

  /// The identity of the file read (standard input's too), to tell whether an output would
  /// overwrite it.
  std::optional<FileId> id() const { return file_id(fd()); }

  /// Returns a source reading this file from where it is; the source does not own the fd.
  std::unique_ptr<ByteSource> source() const;

  /// Closes the file, letting go of the lock, once everything is read: a report that waits on
  /// a slow reader of its output (`abp report | less`) must not hold up writers (issue 12.7).
  void close() { file_.close(); }

 private:
  int fd() const;

  FileDescriptor file_;  // invalid for standard input, which is not ours to close
  bool stdin_ = false;
  std::string display_name_;
};

/// Returns a source over `fd` that does not close it; `name` is used in read-error messages.
std::unique_ptr<ByteSource> make_fd_source(int fd, std::string name);

/// Returns a source over bytes held elsewhere (tests, and text already in memory).
std::unique_ptr<ByteSource> make_memory_source(std::string bytes);

}  // namespace abp
