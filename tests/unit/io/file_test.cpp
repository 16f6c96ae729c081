#include "abp/io/file.hpp"

#include <fcntl.h>
#include <pthread.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <csignal>
#include <filesystem>
#include <string>
#include <thread>
#include <vector>

#include <fmt/format.h>
#include <catch2/catch.hpp>

#include "support.hpp"

using abp::ExitCode;
using abp::FileRole;
using abp_test::read_file;
using abp_test::TempDir;
using abp_test::write_file;

namespace {

// The names in `dir` (a TempDir's file("")), sorted.
std::vector<std::string> names_in(const std::string& dir) {
  std::vector<std::string> names;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    names.push_back(entry.path().filename().string());
  }
  std::sort(names.begin(), names.end());
  return names;
}

mode_t mode_of(const std::string& path) {
  struct stat st {};
  REQUIRE(::stat(path.c_str(), &st) == 0);
  return st.st_mode & 07777;
}

bool is_open(int fd) { return ::fcntl(fd, F_GETFD) != -1; }

}  // namespace

TEST_CASE("file: FileDescriptor closes once, moves, and reports close errors", "[file]") {
  int raw = -1;
  {
    abp::FileDescriptor fd(::open("/dev/null", O_RDONLY | O_CLOEXEC));
    REQUIRE(fd.valid());
    raw = fd.get();
    abp::FileDescriptor moved(std::move(fd));
    CHECK_FALSE(fd.valid());  // NOLINT(bugprone-use-after-move): the moved-from state is the test
    CHECK(moved.get() == raw);
    CHECK(is_open(raw));
  }
  CHECK_FALSE(is_open(raw));

  abp::FileDescriptor fd(::open("/dev/null", O_RDONLY | O_CLOEXEC));
  raw = fd.get();
  CHECK(fd.close() == 0);
  CHECK_FALSE(fd.valid());
  CHECK_FALSE(is_open(raw));
  CHECK(fd.close() == 0);  // closing an empty one is a no-op

  abp::FileDescriptor kept(::open("/dev/null", O_RDONLY | O_CLOEXEC));
  raw = kept.release();
  CHECK_FALSE(kept.valid());
  CHECK(is_open(raw));
  ::close(raw);
}

TEST_CASE("file: one errno table, by the file's role", "[file]") {
  // The three tables this replaced disagreed on EISDIR (issue 11).
  CHECK(abp::exit_code_for_errno(EISDIR, FileRole::kInput) == ExitCode::kNoInput);
  CHECK(abp::exit_code_for_errno(EISDIR, FileRole::kUpdate) == ExitCode::kNoInput);
  CHECK(abp::exit_code_for_errno(EISDIR, FileRole::kOutput) == ExitCode::kCantCreate);
  // Issue 12.12: a link loop is 66 for add as for report.
  CHECK(abp::exit_code_for_errno(ELOOP, FileRole::kInput) == ExitCode::kNoInput);
  CHECK(abp::exit_code_for_errno(ELOOP, FileRole::kUpdate) == ExitCode::kNoInput);
  for (const int err : {ENOENT, EACCES, EPERM, ENOTDIR}) {
    CAPTURE(err);
    CHECK(abp::exit_code_for_errno(err, FileRole::kInput) == ExitCode::kNoInput);
    CHECK(abp::exit_code_for_errno(err, FileRole::kUpdate) == ExitCode::kCantCreate);
    CHECK(abp::exit_code_for_errno(err, FileRole::kOutput) == ExitCode::kCantCreate);
  }
  CHECK(abp::exit_code_for_errno(EROFS, FileRole::kUpdate) == ExitCode::kCantCreate);
  for (const int err : {ENOSPC, EDQUOT, EFBIG, EIO}) {
    CAPTURE(err);
    for (const FileRole role : {FileRole::kInput, FileRole::kUpdate, FileRole::kOutput}) {
      CHECK(abp::exit_code_for_errno(err, role) == ExitCode::kIoErr);
    }
  }

  const abp::Error e = abp_test::error_of([] {
    abp::throw_file_error(ENOSPC, FileRole::kUpdate, "cannot append the row", "b.csv",
                          "the file was left as it was");
  });
  CHECK(e.code() == ExitCode::kIoErr);
  CHECK(e.describe() ==
        "b.csv: cannot append the row: no space left on device; the file was left as it was");
}

TEST_CASE("file: directory_of and base_name_of", "[file]") {
  CHECK(abp::directory_of("books.csv") == ".");
  CHECK(abp::directory_of("/books.csv") == "/");
  CHECK(abp::directory_of("data/books.csv") == "data");
  CHECK(abp::directory_of("data//books.csv") == "data");
  CHECK(abp::directory_of("/srv/data/books.csv") == "/srv/data");
  CHECK(abp::base_name_of("/srv/data/books.csv") == "books.csv");
  CHECK(abp::base_name_of("books.csv") == "books.csv");
}

TEST_CASE("file: write_all_unkillable writes every byte, or says why, as write_all does",
          "[file]") {
  const TempDir dir;
  const std::string path = dir.file("books.csv");
  write_file(path, "first_name,last_name,title,publisher\n");
  std::string row;  // more than a few pages: the write crosses page boundaries
  while (row.size() < 3 * 4096 + 100) row += "Ann,Lee,\"A title, long\",Pub\n";
  abp::FileDescriptor fd(::open(path.c_str(), O_WRONLY | O_APPEND | O_CLOEXEC));
  REQUIRE(fd.valid());

  // The caller's signal mask comes back as it was: SIGUSR1 blocked, SIGUSR2 not.
  sigset_t mask;
  sigemptyset(&mask);
  sigaddset(&mask, SIGUSR1);
  sigset_t saved;
  REQUIRE(::pthread_sigmask(SIG_BLOCK, &mask, &saved) == 0);
  CHECK(abp::write_all_unkillable(fd.get(), row) == 0);
  sigset_t after;
  REQUIRE(::pthread_sigmask(SIG_SETMASK, nullptr, &after) == 0);
  CHECK(sigismember(&after, SIGUSR1) == 1);
  CHECK(sigismember(&after, SIGUSR2) == 0);
  REQUIRE(::pthread_sigmask(SIG_SETMASK, &saved, nullptr) == 0);
  CHECK(read_file(path) == "first_name,last_name,title,publisher\n" + row);

  // The child's errno reaches the caller (its exit status).
  abp::FileDescriptor read_only(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
  REQUIRE(read_only.valid());
  CHECK(abp::write_all_unkillable(read_only.get(), "x\n") == EBADF);

  // SIGCHLD ignored (as a parent may leave it across exec): no exit status comes back, and the
  // file's size says whether the bytes went in.
  struct sigaction ignore {};
  ignore.sa_handler = SIG_IGN;
  struct sigaction previous {};
  REQUIRE(::sigaction(SIGCHLD, &ignore, &previous) == 0);
  const int with_ignored = abp::write_all_unkillable(fd.get(), "Bo,Ek,T,P\n");
  const int failed_with_ignored = abp::write_all_unkillable(read_only.get(), "x\n");
  REQUIRE(::sigaction(SIGCHLD, &previous, nullptr) == 0);
  CHECK(with_ignored == 0);
  CHECK(failed_with_ignored != 0);
  CHECK(read_file(path) == "first_name,last_name,title,publisher\n" + row + "Bo,Ek,T,P\n");
}

TEST_CASE("file: file_id tells two names of one file from two files", "[file]") {
  TempDir dir;
  write_file(dir.file("a"), "x");
  write_file(dir.file("b"), "x");
  REQUIRE(::symlink("a", dir.file("link").c_str()) == 0);
  REQUIRE(::link(dir.file("a").c_str(), dir.file("hard").c_str()) == 0);
  CHECK(abp::file_id(dir.file("a")) == abp::file_id(dir.file("link")));
  CHECK(abp::file_id(dir.file("a")) == abp::file_id(dir.file("hard")));
  CHECK(abp::file_id(dir.file("a")) != abp::file_id(dir.file("b")));
  CHECK_FALSE(abp::file_id(dir.file("missing")).has_value());
  const abp::FileDescriptor fd(::open(dir.file("link").c_str(), O_RDONLY | O_CLOEXEC));
  CHECK(abp::file_id(fd.get()) == abp::file_id(dir.file("a")));
}

TEST_CASE("file: lock_file waits, then gives up with kTempFail", "[file]") {
  TempDir dir;
  write_file(dir.file("books.csv"), "x");
  const abp::FileDescriptor holder(::open(dir.file("books.csv").c_str(), O_RDONLY | O_CLOEXEC));
  REQUIRE(::flock(holder.get(), LOCK_SH) == 0);
  const abp::FileDescriptor other(::open(dir.file("books.csv").c_str(), O_RDWR | O_CLOEXEC));
  abp::lock_file(other.get(), abp::LockKind::kShared, 0, "books.csv");  // shared with shared
  ::flock(other.get(), LOCK_UN);
  const auto start = std::chrono::steady_clock::now();
  const abp::Error e = abp_test::error_of(
      [&] { abp::lock_file(other.get(), abp::LockKind::kExclusive, 0.1, "books.csv"); });
  CHECK(e.code() == ExitCode::kTempFail);
  CHECK(e.file() == "books.csv");
  CHECK(std::chrono::steady_clock::now() - start >= std::chrono::milliseconds(100));
}

TEST_CASE("file: open_locked reports a failed open instead of throwing", "[file]") {
  TempDir dir;
  abp::OpenFile missing =
      abp::open_locked(dir.file("missing.csv"), O_RDWR, abp::LockKind::kExclusive, 0);
  CHECK_FALSE(missing.fd.valid());
  CHECK(missing.error == ENOENT);

  write_file(dir.file("books.csv"), "abc");
  abp::OpenFile file =
      abp::open_locked(dir.file("books.csv"), O_RDWR, abp::LockKind::kExclusive, 0);
  REQUIRE(file.fd.valid());
  CHECK(file.error == 0);
  CHECK(file.status.st_size == 3);
  const abp::FileDescriptor other(::open(dir.file("books.csv").c_str(), O_RDONLY | O_CLOEXEC));
  CHECK(::flock(other.get(), LOCK_SH | LOCK_NB) != 0);  // the lock is held
  CHECK((::fcntl(file.fd.get(), F_GETFD) & FD_CLOEXEC) != 0);
}

TEST_CASE("file: open_locked follows a file replaced while it waited (issue 12.1)", "[file]") {
  TempDir dir;
  const std::string path = dir.file("books.csv");
  write_file(path, "old\n");
  // Another process's lock on the old file, as `flock books.csv sleep` holds it.
  abp::FileDescriptor holder(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
  REQUIRE(::flock(holder.get(), LOCK_SH) == 0);

  abp::OpenFile opened;
  std::thread writer(
      [&] { opened = abp::open_locked(path, O_RDWR | O_APPEND, abp::LockKind::kExclusive, 5); });
  std::this_thread::sleep_for(std::chrono::milliseconds(100));  // the writer waits on the lock
  // What an editor's save does: a new file renamed over the name.
  write_file(dir.file("new"), "new\n");
  REQUIRE(::rename(dir.file("new").c_str(), path.c_str()) == 0);
  holder.close();
  writer.join();

  REQUIRE(opened.fd.valid());
  CHECK(abp::file_id(opened.fd.get()) == abp::file_id(path));
  CHECK(opened.status.st_size == 4);
  REQUIRE(::write(opened.fd.get(), "row\n", 4) == 4);
  CHECK(read_file(path) == "new\nrow\n");
}

TEST_CASE("file: open_locked does not lock or wait for what is not a regular file", "[file]") {
  TempDir dir;
  REQUIRE(::mkfifo(dir.file("fifo").c_str(), 0600) == 0);
  abp::OpenFile fifo =
      abp::open_locked(dir.file("fifo"), O_RDWR | O_NONBLOCK, abp::LockKind::kExclusive, 0);
  REQUIRE(fifo.fd.valid());
  CHECK(S_ISFIFO(fifo.status.st_mode));
}

TEST_CASE("file: follow_links names the file a link finally points to", "[file]") {
  TempDir dir;
  std::filesystem::create_directory(dir.file("sub"));
  write_file(dir.file("sub/books.csv"), "x");
  REQUIRE(::symlink("sub/books.csv", dir.file("one").c_str()) == 0);
  REQUIRE(::symlink("one", dir.file("two").c_str()) == 0);
  REQUIRE(::symlink("books.csv", dir.file("sub/rel").c_str()) == 0);  // relative to sub/
  CHECK(abp::follow_links(dir.file("two"), FileRole::kOutput) == dir.file("sub/books.csv"));
  CHECK(abp::follow_links(dir.file("sub/rel"), FileRole::kOutput) == dir.file("sub/books.csv"));
  CHECK(abp::follow_links(dir.file("sub/books.csv"), FileRole::kOutput) ==
        dir.file("sub/books.csv"));
  CHECK(abp::follow_links(dir.file("missing"), FileRole::kOutput) == dir.file("missing"));

  REQUIRE(::symlink("nowhere.csv", dir.file("dangling").c_str()) == 0);
  CHECK(abp_test::error_of([&] {
          abp::follow_links(dir.file("dangling"), FileRole::kOutput);
        }).code() == ExitCode::kCantCreate);
  REQUIRE(::symlink("loop_b", dir.file("loop_a").c_str()) == 0);
  REQUIRE(::symlink("loop_a", dir.file("loop_b").c_str()) == 0);
  CHECK(abp_test::error_of([&] {
          abp::follow_links(dir.file("loop_a"), FileRole::kUpdate);
        }).code() == ExitCode::kNoInput);
}

TEST_CASE("file: FileReplacement replaces whole, keeps the mode, leaves nothing else", "[file]") {
  TempDir dir;
  const std::string path = dir.file("books.csv");
  write_file(path, "old\n");
  REQUIRE(::chmod(path.c_str(), 0640) == 0);
  const auto old_id = abp::file_id(path);
  const bool named = GENERATE(false, true);
  CAPTURE(named);
  abp::ReplaceOptions options;
  options.named_temporary = named;
  {
    abp::FileReplacement replacement(path, options);
    CHECK(replacement.target() == path);
    CHECK(replacement.temp_path().empty() != named);
    replacement.write("new ");
    replacement.write("bytes\n");
    CHECK(read_file(path) == "old\n");  // nothing shows before it is put in place
    CHECK(replacement.put_in_place());
  }
  CHECK(read_file(path) == "new bytes\n");
  CHECK(mode_of(path) == 0640);
  CHECK(abp::file_id(path) != old_id);
  CHECK(names_in(dir.file("")) == std::vector<std::string>{"books.csv"});
}

TEST_CASE("file: FileReplacement keeps the old file as FILE~ when asked", "[file]") {
  TempDir dir;
  const std::string path = dir.file("books.csv");
  write_file(path, "first\n");
  write_file(path + "~", "an older backup\n");
  abp::ReplaceOptions options;
  options.keep_backup = true;
  abp::FileReplacement replacement(path, options);
  replacement.write("second\n");
  REQUIRE(replacement.put_in_place());
  CHECK(read_file(path) == "second\n");
  CHECK(read_file(path + "~") == "first\n");
  CHECK(names_in(dir.file("")) == std::vector<std::string>{"books.csv", "books.csv~"});
}

TEST_CASE("file: FILE~ that already is FILE (a kill between backup and replace) leaves no name",
          "[file]") {
  TempDir dir;
  const std::string path = dir.file("books.csv");
  write_file(path, "first\n");
  REQUIRE(::link(path.c_str(), (path + "~").c_str()) == 0);
  abp::ReplaceOptions options;
  options.keep_backup = true;
  abp::FileReplacement replacement(path, options);
  replacement.write("second\n");
  REQUIRE(replacement.put_in_place());
  CHECK(read_file(path) == "second\n");
  CHECK(read_file(path + "~") == "first\n");
  CHECK(names_in(dir.file("")) == std::vector<std::string>{"books.csv", "books.csv~"});
}

TEST_CASE("file: FileReplacement through a symbolic link replaces the file it names (12.5)",
          "[file]") {
  TempDir dir;
  write_file(dir.file("real.db"), "old");
  REQUIRE(::symlink("real.db", dir.file("link.db").c_str()) == 0);
  abp::FileReplacement replacement(dir.file("link.db"), {});
  CHECK(replacement.target() == dir.file("real.db"));
  replacement.write("new");
  REQUIRE(replacement.put_in_place());
  struct stat st {};
  REQUIRE(::lstat(dir.file("link.db").c_str(), &st) == 0);
  CHECK(S_ISLNK(st.st_mode));
  CHECK(read_file(dir.file("real.db")) == "new");
}

TEST_CASE("file: kCreateOnly never clobbers a file that appeared", "[file]") {
  TempDir dir;
  const std::string path = dir.file("new.csv");
  const bool named = GENERATE(false, true);
  CAPTURE(named);
  abp::ReplaceOptions options;
  options.placement = abp::Placement::kCreateOnly;
  options.named_temporary = named;
  {
    abp::FileReplacement first(path, options);
    abp::FileReplacement second(path, options);
    first.write("first");
    second.write("second");
    CHECK(first.put_in_place());
    CHECK_FALSE(second.put_in_place());
  }
  CHECK(read_file(path) == "first");
  CHECK(names_in(dir.file("")) == std::vector<std::string>{"new.csv"});
}

TEST_CASE("file: a FileReplacement not put in place leaves nothing behind", "[file]") {
  TempDir dir;
  write_file(dir.file("books.csv"), "old");
  const bool named = GENERATE(false, true);
  CAPTURE(named);
  abp::ReplaceOptions options;
  options.named_temporary = named;
  {
    abp::FileReplacement replacement(dir.file("books.csv"), options);
    replacement.write("half a new file");
    if (named) CHECK(std::filesystem::exists(replacement.temp_path()));
  }
  CHECK(read_file(dir.file("books.csv")) == "old");
  CHECK(names_in(dir.file("")) == std::vector<std::string>{"books.csv"});
}

TEST_CASE("file: FileReplacement in a missing folder is kCantCreate", "[file]") {
  TempDir dir;
  const abp::Error e =
      abp_test::error_of([&] { abp::FileReplacement(dir.file("no/such/out.db"), {}); });
  CHECK(e.code() == ExitCode::kCantCreate);
  CHECK_THAT(e.what(), Catch::StartsWith("cannot create the file: no such file or directory"));
}

TEST_CASE("file: stale temporaries of gone processes are removed, live ones kept", "[file]") {
  TempDir dir;
  const std::string path = dir.file("out.db");
  // No process has pid 2^31-1 (pid_max is at most 2^22).
  const std::string dead = ".out.db.abp-2147483646-0.tmp";
  const std::string live = fmt::format(".out.db.abp-{}-7.tmp", ::getppid());
  const std::string mine = fmt::format(".out.db.abp-{}-9.tmp", ::getpid());
  for (const std::string& name : {dead, live, mine, std::string(".other.db.abp-2147483646-0.tmp"),
                                  std::string(".out.db.abp-x-0.tmp"), std::string("out.db")}) {
    write_file(dir.file(name), "x");
  }
  CHECK(abp::remove_stale_temporaries(path) == 1);
  CHECK_FALSE(std::filesystem::exists(dir.file(dead)));
  CHECK(names_in(dir.file("")).size() == 5);

  write_file(dir.file(dead), "x");
  abp::FileReplacement replacement(path, {});  // the next writer sweeps them
  CHECK_FALSE(std::filesystem::exists(dir.file(dead)));
  CHECK(std::filesystem::exists(dir.file(live)));
}

TEST_CASE("file: SIGTERM and SIGINT remove the temporary, then end the process (12.6)", "[file]") {
  for (const int signal_number : {SIGTERM, SIGINT, SIGHUP}) {
    CAPTURE(signal_number);
    TempDir dir;
    const pid_t child = ::fork();
    REQUIRE(child >= 0);
    if (child == 0) {
      // The default action, as abp starts with (Catch2 may have put its own in place).
      ::signal(signal_number, SIG_DFL);
      abp::ReplaceOptions options;
      options.named_temporary = true;
      abp::FileReplacement replacement(dir.file("out.db"), options);
      replacement.write("half");
      ::raise(signal_number);
      ::_exit(0);  // not reached: the signal ends the child
    }
    int status = 0;
    REQUIRE(::waitpid(child, &status, 0) == child);
    CHECK(WIFSIGNALED(status));
    CHECK(WTERMSIG(status) == signal_number);
    CHECK(names_in(dir.file("")).empty());
  }
}
