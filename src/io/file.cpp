#include "abp/io/file.hpp"

#include <dirent.h>
#include <fcntl.h>
#include <pthread.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <chrono>
#include <climits>
#include <csignal>
#include <cstring>
#include <mutex>
#include <thread>
#include <utility>

#include <fmt/format.h>

namespace abp {

FileDescriptor::~FileDescriptor() {
  if (fd_ >= 0) ::close(fd_);
}

FileDescriptor::FileDescriptor(FileDescriptor&& other) noexcept : fd_(other.release()) {}

FileDescriptor& FileDescriptor::operator=(FileDescriptor&& other) noexcept {
  if (this != &other) {
    if (fd_ >= 0) ::close(fd_);
    fd_ = other.release();
  }
  return *this;
}

int FileDescriptor::release() { return std::exchange(fd_, -1); }

int FileDescriptor::close() {
  if (fd_ < 0) return 0;
  // Linux frees the descriptor even when close fails (EINTR included): never retry.
  return ::close(release()) == 0 ? 0 : errno;
}

ExitCode exit_code_for_errno(int err, FileRole role) {
  switch (err) {
    case ENOENT:
    case ENOTDIR:
    case ENAMETOOLONG:
    case EACCES:
    case EPERM:
    case EROFS:
    case ETXTBSY:
    case EEXIST:
      // Reading, the file is missing or unreadable; writing, it cannot be made or changed.
      return role == FileRole::kInput ? ExitCode::kNoInput : ExitCode::kCantCreate;
    case EISDIR:
    case ELOOP:
    case ENXIO:
    case ENODEV:
      // Where a catalogue to read (or to update, which reads it first) should be, there is a
      // directory, a link loop or a device that is not there: the input is the problem.
      return role == FileRole::kOutput ? ExitCode::kCantCreate : ExitCode::kNoInput;
    default:
      return ExitCode::kIoErr;  // ENOSPC, EDQUOT, EFBIG, EIO, ...
  }
}

void throw_file_error(int err, FileRole role, std::string_view what, const std::string& path,
                      std::string_view outcome) {
  std::string message = fmt::format("{}: {}", what, errno_message(err));
  if (!outcome.empty()) message += fmt::format("; {}", outcome);
  throw Error(exit_code_for_errno(err, role), std::move(message), path);
}

std::string directory_of(const std::string& path) {
  const std::size_t slash = path.find_last_of('/');
  if (slash == std::string::npos) return ".";
  const std::size_t end = path.find_last_not_of('/', slash);
  if (end == std::string::npos) return "/";
  return path.substr(0, end + 1);
}

std::string base_name_of(const std::string& path) {
  const std::size_t slash = path.find_last_of('/');
  return slash == std::string::npos ? path : path.substr(slash + 1);
}

int write_all(int fd, std::string_view bytes) {
  std::size_t done = 0;
  while (done < bytes.size()) {
    const ssize_t n = ::write(fd, bytes.data() + done, bytes.size() - done);
    if (n < 0) {
      if (errno == EINTR) continue;
      return errno;
    }
    if (n == 0) return ENOSPC;
    done += static_cast<std::size_t>(n);
  }
  return 0;
}

int write_all_unkillable(int fd, std::string_view bytes) {
  // Where the child ends: the check when its exit status is lost (below).
  struct stat status_before {};
  const bool sized = ::fstat(fd, &status_before) == 0;
  sigset_t all;
  sigset_t before;
  ::sigfillset(&all);
  // Blocked before the child exists, so it starts with them blocked: a Ctrl-C must not run one
  // of abp's handlers in a child that shares its memory. They reach abp once the row is whole.
  ::pthread_sigmask(SIG_SETMASK, &all, &before);
  const pid_t child = ::vfork();
  if (child == 0) ::_exit(write_all(fd, bytes));  // errno values are below 256
  int err = 0;
  if (child < 0) {
    err = write_all(fd, bytes);
  } else {
    int status = 0;
    pid_t waited = 0;
    while ((waited = ::waitpid(child, &status, 0)) < 0 && errno == EINTR) {
    }
    if (waited == child) {
      // A child killed on its own (a signal to its process group) may have written part of the
      // row: an error makes the caller undo it, and EINTR says what happened.
      err = WIFEXITED(status) ? WEXITSTATUS(status) : EINTR;
    } else {
      // ECHILD: abp was started with SIGCHLD ignored, so the kernel reaped the child and kept no
      // status. The file's size tells whether all of the bytes went in.
      struct stat status_after {};
      const bool whole =
          sized && ::fstat(fd, &status_after) == 0 &&
          status_after.st_size == status_before.st_size + static_cast<off_t>(bytes.size());
      err = whole ? 0 : EIO;
    }
  }
  ::pthread_sigmask(SIG_SETMASK, &before, nullptr);
  return err;
}

const char* kind_of_file(mode_t mode) {
  if (S_ISREG(mode)) return "a regular file";
  if (S_ISDIR(mode)) return "a directory";
  if (S_ISFIFO(mode)) return "a pipe";
  if (S_ISCHR(mode)) return "a character device";
  if (S_ISBLK(mode)) return "a block device";
  if (S_ISSOCK(mode)) return "a socket";
  return "a special file";
}

void refuse_special_file(const struct stat& status, const std::string& path,
                         const char* what_abp_does) {
  if (S_ISDIR(status.st_mode)) throw Error(ExitCode::kNoInput, "is a directory", path);
  throw Error(
      ExitCode::kNoInput,
      fmt::format("is {}, not a regular file; {}", kind_of_file(status.st_mode), what_abp_does),
      path);
}

bool is_permission_error(int err) { return err == EACCES || err == EPERM || err == EROFS; }

void sync_directory_of(const std::string& path) {
  const FileDescriptor dir(::open(directory_of(path).c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  if (dir.valid()) ::fsync(dir.get());
}

namespace {

FileId id_of(const struct stat& st) { return FileId{st.st_dev, st.st_ino}; }

using Clock = std::chrono::steady_clock;

Clock::time_point deadline_after(double seconds) {
  return Clock::now() + std::chrono::duration_cast<Clock::duration>(
                            std::chrono::duration<double>(seconds < 0 ? 0 : seconds));
}

void lock_until(int fd, LockKind kind, Clock::time_point deadline, double timeout_seconds,
                const std::string& file) {
  const int op = (kind == LockKind::kShared ? LOCK_SH : LOCK_EX) | LOCK_NB;
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
    if (Clock::now() >= deadline) {
      throw Error(ExitCode::kTempFail,
                  fmt::format("another abp holds the lock on this file (waited {:g} s); try "
                              "again, or raise --lock-timeout",
                              timeout_seconds),
                  file);
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
}

}  // namespace

std::optional<FileId> file_id(const std::string& path) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) return std::nullopt;
  return id_of(st);
}

std::optional<FileId> file_id(int fd) {
  struct stat st {};
  if (::fstat(fd, &st) != 0) return std::nullopt;
  return id_of(st);
}

void lock_file(int fd, LockKind kind, double timeout_seconds, const std::string& file) {
  lock_until(fd, kind, deadline_after(timeout_seconds), timeout_seconds, file);
}

OpenFile open_locked(const std::string& path, int flags, LockKind kind, double timeout_seconds) {
  const Clock::time_point deadline = deadline_after(timeout_seconds);
  for (;;) {
    OpenFile file;
    file.status = {};
    file.fd = FileDescriptor(::open(path.c_str(), flags | O_CLOEXEC, 0666));
    if (!file.fd.valid()) {
      file.error = errno;
      return file;
    }
    if (::fstat(file.fd.get(), &file.status) != 0) {
      throw Error(ExitCode::kIoErr, fmt::format("cannot stat: {}", errno_message(errno)), path);
    }
    // Pipes, terminals and devices have no lock to share, and no one replaces them.
    if (!S_ISREG(file.status.st_mode)) return file;
    lock_until(file.fd.get(), kind, deadline, timeout_seconds, path);
    // The lock is on the inode; the name may have moved on to a new file while we waited.
    if (file_id(path) == id_of(file.status)) {
      // Another writer may have changed the file before letting go: stat it afresh.
      if (::fstat(file.fd.get(), &file.status) != 0) {
        throw Error(ExitCode::kIoErr, fmt::format("cannot stat: {}", errno_message(errno)), path);
      }
      return file;
    }
  }
}

std::string follow_links(const std::string& path, FileRole role) {
  std::string at = path;
  // Linux's own limit on links followed in one lookup (MAXSYMLINKS).
  for (int hops = 0; hops <= 40; ++hops) {
    struct stat st {};
    if (::lstat(at.c_str(), &st) != 0) {
      if (errno == ENOENT && hops > 0) {
        throw Error(ExitCode::kCantCreate,
                    fmt::format("is a symbolic link to a file that does not exist ({}); create "
                                "that file, or remove the link",
                                at),
                    path);
      }
      return at;  // missing or unreadable: the caller's open or create says why
    }
    if (!S_ISLNK(st.st_mode)) return at;
    std::string link(static_cast<std::size_t>(PATH_MAX), '\0');
    const ssize_t n = ::readlink(at.c_str(), link.data(), link.size());
    if (n < 0) throw_file_error(errno, role, "cannot read the symbolic link", path);
    link.resize(static_cast<std::size_t>(n));
    at = link.front() == '/' ? link : directory_of(at) + "/" + link;
  }
  throw_file_error(ELOOP, role, "cannot follow the symbolic link", path);
}

// ---- Temporaries removed on SIGINT, SIGTERM and SIGHUP ----------------------------------------

namespace {

// Process-wide by nature: a signal handler can only reach what a global holds. Fixed slots of
// plain bytes, because a handler may not allocate or lock; a slot is filled before it is
// marked used, so the handler never reads a half-written name.
struct TemporarySlot {
  std::atomic<bool> used{false};
  char path[PATH_MAX];
};
constexpr int kCleanupSignals[] = {SIGINT, SIGTERM, SIGHUP};
constexpr std::size_t kSlots = 8;
TemporarySlot g_temporaries[kSlots];
struct sigaction g_previous[std::size(kCleanupSignals)];

bool is_plain(const struct sigaction& action, void (*handler)(int)) {
  return (action.sa_flags & SA_SIGINFO) == 0 && action.sa_handler == handler;
}

extern "C" void remove_temporaries_on_signal(int signal_number, siginfo_t* info, void* context) {
  const int saved_errno = errno;
  for (TemporarySlot& slot : g_temporaries) {
    if (slot.used.load()) ::unlink(slot.path);
  }
  for (std::size_t i = 0; i < std::size(kCleanupSignals); ++i) {
    if (kCleanupSignals[i] != signal_number) continue;
    // End as the signal would have ended abp (the shell sees 130, 143, ...), or hand it to the
    // handler that was there before ours.
    const struct sigaction& before = g_previous[i];
    if (is_plain(before, SIG_DFL)) {
      ::sigaction(signal_number, &before, nullptr);
      ::raise(signal_number);  // delivered as this handler returns
    } else if ((before.sa_flags & SA_SIGINFO) != 0) {
      before.sa_sigaction(signal_number, info, context);
    } else if (before.sa_handler != SIG_IGN) {
      before.sa_handler(signal_number);
    }
  }
  errno = saved_errno;
}

bool is_ours(const struct sigaction& action) {
  return (action.sa_flags & SA_SIGINFO) != 0 && action.sa_sigaction == remove_temporaries_on_signal;
}

// Puts our handler in front of whatever handles each signal now, unless it is there already.
// Checked at every registration rather than once: a server may install its own handler later,
// and a forked child may have reset them.
void install_cleanup_handlers() {
  sigset_t blocked;
  sigset_t before;
  sigemptyset(&blocked);
  for (const int signal_number : kCleanupSignals) sigaddset(&blocked, signal_number);
  // The handler reads g_previous: no signal while it changes.
  ::pthread_sigmask(SIG_BLOCK, &blocked, &before);
  for (std::size_t i = 0; i < std::size(kCleanupSignals); ++i) {
    struct sigaction current {};
    ::sigaction(kCleanupSignals[i], nullptr, &current);
    // A signal ignored when abp started (nohup, a background job) stays ignored.
    if (is_ours(current) || is_plain(current, SIG_IGN)) continue;
    g_previous[i] = current;
    struct sigaction action {};
    action.sa_sigaction = remove_temporaries_on_signal;
    action.sa_mask = blocked;
    action.sa_flags = SA_SIGINFO | SA_RESTART;
    ::sigaction(kCleanupSignals[i], &action, nullptr);
  }
  ::pthread_sigmask(SIG_SETMASK, &before, nullptr);
}

// Returns the slot now naming `path`, or nullptr when all are taken (then only the destructor
// and the next writer's stale sweep remove it).
TemporarySlot* register_temporary(const std::string& path) {
  install_cleanup_handlers();
  if (path.size() >= PATH_MAX) return nullptr;
  static std::mutex claiming;
  const std::lock_guard<std::mutex> lock(claiming);
  for (TemporarySlot& slot : g_temporaries) {
    if (slot.used.load()) continue;
    std::memcpy(slot.path, path.c_str(), path.size() + 1);
    slot.used.store(true);
    return &slot;
  }
  return nullptr;
}

void unregister_temporary(TemporarySlot* slot) {
  if (slot != nullptr) slot->used.store(false);
}

constexpr std::string_view kTempInfix = ".abp-";
constexpr std::string_view kTempSuffix = ".tmp";

// `.NAME.abp-PID-N.tmp` beside `target`: hidden, and naming its process so a later writer can
// tell a leftover from a file in use.
std::string temporary_name(const std::string& target) {
  static std::atomic<unsigned> counter{0};
  return fmt::format("{}/.{}{}{}-{}{}", directory_of(target), base_name_of(target), kTempInfix,
                     ::getpid(), counter++, kTempSuffix);
}

// The process that made temporary `name` of `base`, or 0 when `name` is not one.
pid_t owner_of_temporary(std::string_view name, std::string_view base) {
  const std::size_t prefix = 1 + base.size() + kTempInfix.size();
  if (name.size() <= prefix + kTempSuffix.size() || name[0] != '.' ||
      name.substr(1, base.size()) != base ||
      name.substr(1 + base.size(), kTempInfix.size()) != kTempInfix ||
      name.substr(name.size() - kTempSuffix.size()) != kTempSuffix) {
    return 0;
  }
  const std::string_view rest = name.substr(prefix, name.size() - prefix - kTempSuffix.size());
  const std::size_t dash = rest.find('-');
  if (dash == 0 || dash == std::string_view::npos ||
      rest.find_first_not_of("0123456789-") != std::string_view::npos) {
    return 0;
  }
  long pid = 0;
  for (const char digit : rest.substr(0, dash)) {
    pid = pid * 10 + (digit - '0');
    if (pid > INT_MAX) return 0;
  }
  return static_cast<pid_t>(pid);
}

bool process_is_gone(pid_t pid) { return ::kill(pid, 0) != 0 && errno == ESRCH; }

}  // namespace

// A temporary's name, removed on the signals while it is registered.
class TemporaryName {
 public:
  explicit TemporaryName(std::string path)
      : path_(std::move(path)), slot_(register_temporary(path_)) {}
  ~TemporaryName() { unregister_temporary(slot_); }
  TemporaryName(const TemporaryName&) = delete;
  TemporaryName& operator=(const TemporaryName&) = delete;
  const std::string& path() const { return path_; }

 private:
  std::string path_;
  TemporarySlot* slot_;
};

int remove_stale_temporaries(const std::string& target) {
  const std::string dir = directory_of(target);
  const std::string base = base_name_of(target);
  DIR* listing = ::opendir(dir.c_str());
  if (listing == nullptr) return 0;
  int removed = 0;
  while (const dirent* entry = ::readdir(listing)) {
    const pid_t owner = owner_of_temporary(entry->d_name, base);
    if (owner <= 0 || owner == ::getpid() || !process_is_gone(owner)) continue;
    if (::unlinkat(::dirfd(listing), entry->d_name, 0) == 0) ++removed;
  }
  ::closedir(listing);
  return removed;
}

// ---- FileReplacement ----------------------------------------------------------------------

namespace {

// Creates a new temporary name for `target` (never one a leftover holds) and opens it.
std::unique_ptr<TemporaryName> create_named_temporary(const std::string& target, FileDescriptor& fd,
                                                      int& error) {
  for (;;) {
    auto name = std::make_unique<TemporaryName>(temporary_name(target));
    fd =
        FileDescriptor(::open(name->path().c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666));
    if (fd.valid()) return name;
    error = errno;
    if (error != EEXIST) return nullptr;
  }
}

// Gives an unnamed (O_TMPFILE) file `fd` the name `path`; link(2) never replaces a file.
int link_unnamed(int fd, const std::string& path) {
  const std::string self = fmt::format("/proc/self/fd/{}", fd);
  return ::linkat(AT_FDCWD, self.c_str(), AT_FDCWD, path.c_str(), AT_SYMLINK_FOLLOW) == 0 ? 0
                                                                                          : errno;
}

}  // namespace

FileReplacement::FileReplacement(const std::string& target, ReplaceOptions options)
    : target_(follow_links(target, options.role)), options_(options) {
  remove_stale_temporaries(target_);
  // O_TMPFILE needs /proc to name the file for linkat, and a file system that has it.
  if (!options_.named_temporary && ::access("/proc/self/fd", X_OK) == 0) {
    fd_ = FileDescriptor(
        ::open(directory_of(target_).c_str(), O_TMPFILE | O_WRONLY | O_CLOEXEC, 0666));
  }
  if (fd_.valid()) return;
  int error = 0;
  name_ = create_named_temporary(target_, fd_, error);
  if (!name_) fail(error, "cannot create the");
}

FileReplacement::~FileReplacement() {
  if (!placed_ && name_) ::unlink(name_->path().c_str());
}

const std::string& FileReplacement::temp_path() const {
  static const std::string kNone;
  return name_ ? name_->path() : kNone;
}

void FileReplacement::fail(int err, std::string_view what) const {
  // Before the temporary exists nothing happened; after, say that the target is untouched.
  const std::string_view outcome = !fd_.valid() ? std::string_view()
                                   : options_.placement == Placement::kCreateOnly
                                       ? "no file was created"
                                       : "the file was left as it was";
  throw_file_error(err, options_.role, fmt::format("{} {}", what, options_.noun), target_, outcome);
}

void FileReplacement::write(std::string_view bytes) {
  const int err = write_all(fd_.get(), bytes);
  if (err != 0) fail(err, "cannot write the new");
}

bool FileReplacement::put_in_place() {
  struct stat replaced {};
  const bool replacing =
      options_.placement == Placement::kReplace && ::stat(target_.c_str(), &replaced) == 0;
  if (replacing) {
    // SPEC §6: the new version keeps the old one's permissions (and owner, where allowed).
    ::fchmod(fd_.get(), replaced.st_mode & 07777);
    [[maybe_unused]] const int ignored = ::fchown(fd_.get(), replaced.st_uid, replaced.st_gid);
  }
  if (::fsync(fd_.get()) != 0) fail(errno, "cannot write the new");
  if (replacing && options_.keep_backup) keep_backup(replaced);

  if (options_.placement == Placement::kCreateOnly) {
    const int err = name_ ? (::link(name_->path().c_str(), target_.c_str()) == 0 ? 0 : errno)
                          : link_unnamed(fd_.get(), target_);
    if (err == EEXIST) return false;
    if (err != 0) fail(err, "cannot create the");
    if (name_) ::unlink(name_->path().c_str());
  } else {
    if (!name_) {
      // rename(2) needs a name to move: give the unnamed file one just for that.
      auto name = std::make_unique<TemporaryName>(temporary_name(target_));
      const int err = link_unnamed(fd_.get(), name->path());
      if (err != 0) fail(err, "cannot put in place the new");
      name_ = std::move(name);
    }
    if (::rename(name_->path().c_str(), target_.c_str()) != 0) {
      fail(errno, "cannot put in place the new");
    }
  }
  placed_ = true;
  name_.reset();
  sync_directory_of(target_);
  return true;
}

void FileReplacement::keep_backup(const struct stat& replaced) {
  const std::string backup = target_ + "~";
  auto fail_backup = [&](int err) {
    throw_file_error(err, options_.role, fmt::format("cannot keep the old file as {}", backup),
                     target_, "the file was left as it was; --no-backup goes without");
  };
  remove_stale_temporaries(backup);
  // A second name for the old file, moved over FILE~ in one step: FILE~ too is whole at every
  // moment, and costs no copy.
  const TemporaryName name(temporary_name(backup));
  if (::link(target_.c_str(), name.path().c_str()) != 0) {
    const int err = errno;
    if (err != EPERM && err != EMLINK && err != EXDEV && err != ENOTSUP) fail_backup(err);
    // A file system without hard links: copy the bytes instead.
    ReplaceOptions copy_options;
    copy_options.role = options_.role;
    copy_options.noun = "backup";
    FileReplacement copy(backup, copy_options);
    const FileDescriptor old(::open(target_.c_str(), O_RDONLY | O_CLOEXEC));
    if (!old.valid()) fail_backup(errno);
    char buffer[1 << 16];
    for (;;) {
      const ssize_t n = ::read(old.get(), buffer, sizeof buffer);
      if (n < 0 && errno == EINTR) continue;
      if (n < 0) fail_backup(errno);
      if (n == 0) break;
      copy.write(std::string_view(buffer, static_cast<std::size_t>(n)));
    }
    ::fchmod(copy.fd(), replaced.st_mode & 07777);
    copy.put_in_place();
    return;
  }
  if (::rename(name.path().c_str(), backup.c_str()) != 0) {
    const int err = errno;
    ::unlink(name.path().c_str());
    fail_backup(err);
  }
  // When FILE~ already was this file (an abp killed after keeping it, before replacing FILE),
  // rename(2) succeeds without doing anything and the second name stays: remove it.
  ::unlink(name.path().c_str());
}

}  // namespace abp
