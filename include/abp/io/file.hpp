#pragma once

// The one place abp opens, locks and replaces files: an owning descriptor, flock with a
// deadline that re-checks which file the path names, "write a new version beside and put it
// in place", and the one errno -> exit code table (SPEC §5, §6; issue 12.1, 12.6).

#include <sys/stat.h>
#include <sys/types.h>

#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "abp/core/error.hpp"

namespace abp {

/// Owns one open file descriptor and closes it when it goes; moves, never copies.
class FileDescriptor {
 public:
  FileDescriptor() = default;
  explicit FileDescriptor(int fd) : fd_(fd) {}
  ~FileDescriptor();
  FileDescriptor(FileDescriptor&& other) noexcept;
  FileDescriptor& operator=(FileDescriptor&& other) noexcept;
  FileDescriptor(const FileDescriptor&) = delete;
  FileDescriptor& operator=(const FileDescriptor&) = delete;

  int get() const { return fd_; }
  bool valid() const { return fd_ >= 0; }

  /// Gives up ownership: the caller closes the descriptor.
  int release();

  /// Closes now and returns close(2)'s errno (0 when it succeeded): a writer must check it,
  /// since a file system may report a lost write only there. The destructor ignores it.
  int close();

 private:
  int fd_ = -1;
};

/// What a file is to the command that opens it; the same errno means a different exit code
/// for each (SPEC §5: 66 names an input, 73 an output).
enum class FileRole {
  kInput,   ///< only read (report's FILE, export's input)
  kUpdate,  ///< read, then changed in place or replaced (add, rename, remove)
  kOutput,  ///< only written (export's database)
};

/// The one errno -> exit code table. For a failed open, create, link or rename: a missing or
/// unreadable input is kNoInput; an output that cannot be created or written (permission,
/// read-only file system, missing folder, a directory in the way) is kCantCreate; a directory
/// or a symbolic-link loop where a file to update should be is kNoInput (the file is read
/// first); out of space and device errors are kIoErr, anything not listed too.
ExitCode exit_code_for_errno(int err, FileRole role);

/// Throws Error(exit_code_for_errno(err, role)) with the message "WHAT: <strerror>" naming
/// `path`; `outcome`, when given, is appended after a `; ` and tells the user what state the
/// failure left behind ("the file was left as it was").
[[noreturn]] void throw_file_error(int err, FileRole role, std::string_view what,
                                   const std::string& path, std::string_view outcome = {});

/// Returns the folder holding `path`: `.` for a bare name, `/` for a name in the root.
std::string directory_of(const std::string& path);

/// Returns the last component of `path` (`books.csv` for `data/books.csv`).
std::string base_name_of(const std::string& path);

/// Writes all of `bytes` to `fd`, normally in one write(2); returns 0 or the errno that stopped
/// it. A short write is not the failure itself: only the next call says why (EFBIG must not
/// read as ENOSPC), so the loop goes on until write(2) fails.
int write_all(int fd, std::string_view bytes);

/// write_all(), done by a vfork(2)ed child of abp, for a row appended to a file others read.
/// Linux stops a write(2) between two pages when a fatal signal arrives, so a SIGKILL (`kill -9`
/// on `abp serve` or `abp add`) could leave the file ending in part of a row; the child is not
/// the process such a signal names, so it finishes the write, and holds the file's lock until
/// it has. Every signal abp can block stays blocked until the child is done. Where no child can
/// be made, writes here. Returns 0 or the errno that stopped the write (EINTR: the child was
/// killed, and may have written part of the bytes).
int write_all_unkillable(int fd, std::string_view bytes);

/// Returns what kind of file `mode` (st_mode) is, for messages: "a directory", "a pipe",
/// "a character device", ..., "a regular file".
const char* kind_of_file(mode_t mode);

/// Throws Error(kNoInput) for a file that is no regular file (`status`), where a writer needs
/// one: a pipe or a device would wait for ever or never end (issue 12.2). `what_abp_does`
/// ends the message: "abp add appends to a catalogue file".
[[noreturn]] void refuse_special_file(const struct stat& status, const std::string& path,
                                      const char* what_abp_does);

/// True for the errors of an open for writing that mean "not allowed" rather than "broken":
/// EACCES, EPERM, EROFS (a read-only file, folder or file system).
bool is_permission_error(int err);

/// fsyncs the folder holding `path`, so a name just created or renamed there survives a crash.
/// Best effort: some file systems cannot sync a folder, and the data itself is synced already.
void sync_directory_of(const std::string& path);

/// A file's identity: the device and inode that every name of one file shares.
struct FileId {
  dev_t device = 0;
  ino_t inode = 0;
  bool operator==(const FileId& other) const {
    return device == other.device && inode == other.inode;
  }
  bool operator!=(const FileId& other) const { return !(*this == other); }
};

/// Returns the identity of the file `path` names (links followed), if it can be stat'ed.
std::optional<FileId> file_id(const std::string& path);

/// Returns the identity of the open file `fd`, if it can be fstat'ed.
std::optional<FileId> file_id(int fd);

enum class LockKind { kShared, kExclusive };

/// Takes a `flock` on `fd`, retrying until `timeout_seconds` have passed.
///
/// Throws Error(kTempFail) naming `file` when the lock is not had in time, Error(kIoErr) when
/// flock fails otherwise. The lock goes with the descriptor: the kernel drops it when the
/// process ends, so a killed abp never leaves a stale lock behind.
void lock_file(int fd, LockKind kind, double timeout_seconds, const std::string& file);

/// An open file, or why it could not be opened.
struct OpenFile {
  FileDescriptor fd;   ///< invalid when the open failed
  int error = 0;       ///< the errno of a failed open (ENOENT, EACCES, ELOOP, ...)
  struct stat status;  ///< fstat of the open file, taken after the lock
};

/// Opens `path` with `flags` (O_CLOEXEC is added) and, when it is a regular file, takes a
/// `kind` flock on it (waiting at most `timeout_seconds` in all). Then checks that `path` still
/// names the locked file (same device and inode): a file replaced while abp waited (an editor's
/// save, `sed -i`, another abp's rename or export --force) is let go and the new one opened and
/// locked instead, so no change ever goes to an unlinked file (issue 12.1). Should the name be
/// gone by then, the open is tried again and reports ENOENT.
///
/// A failed open is returned (`error` set, nothing thrown), because what it means is the
/// caller's: a missing file may be created, a read-only one read. Throws Error(kTempFail) when
/// the lock is not had in time, Error(kIoErr) when flock or fstat fails.
OpenFile open_locked(const std::string& path, int flags, LockKind kind, double timeout_seconds);

/// Returns the file `path` finally names when it is a symbolic link (each link followed,
/// relative targets read from the link's folder), else `path` itself. Writers replace this
/// file, so a link keeps pointing at the new version, as `add` appends through links.
///
/// Throws Error(kCantCreate) when a link names a file that does not exist (creating through it
/// would write where the user did not name), Error(exit_code_for_errno(ELOOP, role)) when the
/// links loop.
std::string follow_links(const std::string& path, FileRole role);

/// How a FileReplacement is put in place.
enum class Placement {
  kReplace,     ///< rename(2) over whatever is there (or nothing)
  kCreateOnly,  ///< link(2): never clobbers a file that appeared meanwhile
};

/// How a FileReplacement is made.
struct ReplaceOptions {
  Placement placement = Placement::kReplace;
  /// kReplace only: the file replaced is kept as `FILE~` (SPEC §6), itself replaced atomically.
  bool keep_backup = false;
  /// The writer opens the temporary by name (SQLite does): it gets one from the start.
  /// Otherwise it is an unnamed file (O_TMPFILE) where the file system allows, so even a
  /// killed abp leaves nothing behind.
  bool named_temporary = false;
  /// What the exit codes treat the file as (exit_code_for_errno).
  FileRole role = FileRole::kOutput;
  /// What messages call it: "cannot create the database: ...".
  std::string_view noun = "file";
};

class TemporaryName;

/// "Write a new version beside, and put it in place" (SPEC §6): a temporary file in the
/// target's folder, written by the caller, then fsync'ed, given the replaced file's permission
/// bits, renamed (or linked) over the target, and the folder fsync'ed. The target is at every
/// moment whole: old or new.
///
/// The temporary is removed when the FileReplacement goes unless it was put in place, and also
/// on SIGINT, SIGTERM and SIGHUP (the handler removes it, then lets the signal end abp as it
/// would have). A named temporary is `.NAME.abp-PID-N.tmp`; one left by a process that no
/// longer exists (killed with SIGKILL, a power cut) is removed by the next FileReplacement of
/// the same target.
class FileReplacement {
 public:
  /// Creates the temporary beside `target` (links followed, see follow_links).
  /// Throws Error(exit_code_for_errno(err, options.role)) when it cannot be created.
  FileReplacement(const std::string& target, ReplaceOptions options);
  ~FileReplacement();
  FileReplacement(const FileReplacement&) = delete;
  FileReplacement& operator=(const FileReplacement&) = delete;

  /// The temporary, open for writing.
  int fd() const { return fd_.get(); }

  /// The temporary's name; empty for an unnamed one (named_temporary asks for a name).
  const std::string& temp_path() const;

  /// The file that is replaced: the target with its links followed.
  const std::string& target() const { return target_; }

  /// Writes `bytes` at the temporary's end. Throws Error (the errno table) saying that the
  /// target is as it was ("no file was created" for kCreateOnly).
  void write(std::string_view bytes);

  /// fsyncs the temporary and puts it in place. Returns false, changing nothing, when
  /// kCreateOnly finds the target exists. Throws Error (the errno table) when it fails; the
  /// target is then as it was, and the temporary is removed.
  bool put_in_place();

 private:
  void keep_backup(const struct stat& replaced);

  [[noreturn]] void fail(int err, std::string_view what) const;

  std::string target_;
  ReplaceOptions options_;
  FileDescriptor fd_;
  std::unique_ptr<TemporaryName> name_;  // null for an unnamed (O_TMPFILE) temporary
  bool placed_ = false;
};

/// Removes the temporaries (`.NAME.abp-PID-N.tmp`) of `target` whose process is gone; those of
/// live processes stay. Returns how many were removed. FileReplacement calls it; exposed for
/// tests.
int remove_stale_temporaries(const std::string& target);

}  // namespace abp
