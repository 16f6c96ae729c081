#include "abp/store/appender.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <string_view>
#include <utility>
#include <vector>

#include <fmt/format.h>

#include "abp/core/error.hpp"
#include "abp/core/text.hpp"
#include "abp/io/csv_writer.hpp"
#include "abp/io/encoding.hpp"
#include "abp/io/file_lock.hpp"

namespace abp {
namespace {

// Closes a descriptor on every path out; close errors that matter are checked explicitly.
class Fd {
 public:
  explicit Fd(int fd) : fd_(fd) {}
  ~Fd() {
    if (fd_ >= 0) ::close(fd_);
  }
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  int get() const { return fd_; }
  int release() { return std::exchange(fd_, -1); }

 private:
  int fd_;
};

ExitCode code_for_open_error(int err) {
  switch (err) {
    case EACCES:
    case EPERM:
    case EROFS:
    case ENOENT:
    case ENOTDIR:
      return ExitCode::kCantCreate;
    case EISDIR:
      return ExitCode::kNoInput;
    default:
      return ExitCode::kIoErr;
  }
}

// `outcome` tells the user what state the failure left behind (SPEC §5).
[[noreturn]] void throw_write_error(int err, const std::string& path, const char* what,
                                    std::string_view outcome) {
  const ExitCode code =
      (err == EACCES || err == EPERM || err == EROFS) ? ExitCode::kCantCreate : ExitCode::kIoErr;
  throw Error(code, fmt::format("{}: {}; {}", what, errno_message(err), outcome), path);
}

// Writes all of `bytes`, normally in one write(2) call; returns 0 or the errno that stopped
// it. A short write is not the failure itself: the kernel takes what fits before a full disk
// or a file-size limit, and only the next call says which (EFBIG must not read as ENOSPC).
int write_all(int fd, const std::string& bytes) {
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

std::string directory_of(const std::string& path) {
  const std::size_t slash = path.rfind('/');
  if (slash == std::string::npos) return ".";
  if (slash == 0) return "/";
  return path.substr(0, slash);
}

// Whether the last byte of the file ends a line; an empty file counts as ended.
bool ends_with_line_break(int fd, off_t size, const std::string& path) {
  if (size == 0) return true;
  char last = 0;
  if (::pread(fd, &last, 1, size - 1) != 1) {
    throw Error(ExitCode::kIoErr, fmt::format("read error: {}", errno_message(errno)), path);
  }
  return last == '\n' || last == '\r';
}

std::vector<std::string> row_fields(const FileShape& shape, const NewFact& fact) {
  std::vector<std::string> fields(shape.header.size());
  const ColumnMap& columns = shape.columns;
  auto at = [&fields](int column) -> std::string& {
    return fields[static_cast<std::size_t>(column)];
  };
  if (columns.first_last) {
    const auto [first, last] = split_author_name(fact.author);
    at(columns.first_name) = std::string(first);
    at(columns.last_name) = std::string(last);
  } else {
    at(columns.author) = fact.author;
  }
  at(columns.title) = fact.title;
  at(columns.publisher) = fact.publisher;
  return fields;
}

Catalogue with_fact(CatalogueBuilder&& builder, const NewFact& fact) {
  const Id author = builder.authors().intern(fact.author);
  const Id title = builder.titles().intern(fact.title);
  const Id publisher = builder.publishers().intern(fact.publisher);
  builder.add(Fact{author, title, publisher});
  return std::move(builder).finish();
}

// The file a missing catalogue is written to before it gets its name. Where the file system
// has O_TMPFILE (and /proc names the descriptor for linkat) it has no name at all, so an abp
// killed before the link leaves nothing behind; elsewhere it is a temp file beside `path`.
class NewFile {
 public:
  explicit NewFile(const std::string& path) : path_(path), dir_(directory_of(path)) {
    if (::access("/proc/self/fd", X_OK) == 0) {
      fd_ = ::open(dir_.c_str(), O_TMPFILE | O_WRONLY | O_CLOEXEC, 0666);
    }
    if (fd_ < 0) {
      static std::atomic<unsigned> counter{0};
      temp_ = fmt::format("{}/.abp-{}-{}.tmp", dir_, ::getpid(), counter++);
      fd_ = ::open(temp_.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
    }
    if (fd_ < 0) {
      const int err = errno;
      throw Error(code_for_open_error(err),
                  fmt::format("cannot create the file: {}", errno_message(err)), path);
    }
  }
  ~NewFile() {
    if (fd_ >= 0) ::close(fd_);
    if (!temp_.empty()) ::unlink(temp_.c_str());
  }
  NewFile(const NewFile&) = delete;
  NewFile& operator=(const NewFile&) = delete;

  int fd() const { return fd_; }

  // Gives the written, fsync'ed file its name; link(2) never replaces a file, so this returns
  // false when another process created `path` first.
  bool link_into_place() {
    int linked;
    if (temp_.empty()) {
      const std::string self = fmt::format("/proc/self/fd/{}", fd_);
      linked = ::linkat(AT_FDCWD, self.c_str(), AT_FDCWD, path_.c_str(), AT_SYMLINK_FOLLOW);
    } else {
      linked = ::link(temp_.c_str(), path_.c_str());
    }
    const int link_err = errno;
    // The caller's fsync has reported any write-back error already; close has none left.
    ::close(std::exchange(fd_, -1));
    if (linked != 0) {
      struct stat st {};
      if (link_err == EEXIST && ::lstat(path_.c_str(), &st) == 0 && S_ISLNK(st.st_mode)) {
        // open() said ENOENT yet the name exists: a link to a missing file. Retrying would
        // spin for ever, and creating through it would write somewhere the user did not name.
        throw Error(ExitCode::kCantCreate,
                    "is a symbolic link to a file that does not exist; create that file, or "
                    "remove the link",
                    path_);
      }
      if (link_err == EEXIST) return false;
      throw Error(code_for_open_error(link_err),
                  fmt::format("cannot create the file: {}", errno_message(link_err)), path_);
    }
    Fd dir_fd(::open(dir_.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
    if (dir_fd.get() >= 0) ::fsync(dir_fd.get());  // make the new name durable too
    return true;
  }

 private:
  std::string path_;
  std::string dir_;
  std::string temp_;  // empty for an unnamed file
  int fd_ = -1;
};

// Returns `bytes` (UTF-8) in the file's encoding: a row must read back as what was added, or
// the next add would not find it (SPEC §3) and the file would mix encodings.
std::string in_file_encoding(std::string bytes, const LoadOptions& options) {
  if (options.encoding.empty()) return bytes;
  return encode_from_utf8(bytes, options.encoding);
}

// Creates `path` holding the reference header and the row, in the dialect and encoding abp
// reads it back with (tab for a new .tsv); returns false when another process created it
// first (then the caller appends as usual).
bool create_with_row(const std::string& path, const NewFact& fact, const LoadOptions& options) {
  const char delimiter = options.dialect.delimiter;
  FileShape shape;
  shape.header = {"first_name", "last_name", "title", "publisher"};
  shape.columns.first_last = true;
  shape.columns.first_name = 0;
  shape.columns.last_name = 1;
  shape.columns.title = 2;
  shape.columns.publisher = 3;
  // Encoded before the new file exists: a row the encoding cannot hold leaves nothing behind.
  const std::string bytes = in_file_encoding(encode_record(shape.header, delimiter, LineEnd::kLf) +
                                                 encode_fact_row(shape, fact, delimiter),
                                             options);
  NewFile file(path);
  int err = write_all(file.fd(), bytes);
  if (err == 0 && ::fsync(file.fd()) != 0) err = errno;
  if (err != 0) throw_write_error(err, path, "cannot write the new file", "no file was created");
  return file.link_into_place();
}

}  // namespace

std::string check_add_argument(const std::string& value, const char* what) {
  if (!is_valid_utf8(value)) {
    throw Error(ExitCode::kUsage, fmt::format("the {} is not valid UTF-8", what));
  }
  const std::string normal = normalize_value(value);
  if (normal.empty()) throw Error(ExitCode::kUsage, fmt::format("the {} is empty", what));
  if (normal.find_first_of("\r\n") != std::string::npos) {
    throw Error(ExitCode::kUsage,
                fmt::format("the {} holds a line break; a catalogue value is one line", what));
  }
  std::string escaped;
  append_terminal_safe(escaped, normal);
  if (escaped != normal) {
    throw Error(ExitCode::kUsage,
                fmt::format("the {} holds a control character ({})", what, escaped));
  }
  return normal;
}

std::string encode_fact_row(const FileShape& shape, const NewFact& fact, char delimiter) {
  return encode_record(row_fields(shape, fact), delimiter, shape.line_end);
}

AppendResult append_fact(const std::string& path, const NewFact& fact, const LoadOptions& options,
                         double lock_timeout_seconds) {
  for (;;) {
    Fd fd(::open(path.c_str(), O_RDWR | O_APPEND | O_CLOEXEC));
    if (fd.get() < 0) {
      const int err = errno;
      if (err == ENOENT) {
        if (!create_with_row(path, fact, options)) continue;  // lost the race: append to theirs
        CatalogueBuilder builder;
        return AppendResult{AppendOutcome::kCreated, with_fact(std::move(builder), fact), {}};
      }
      throw Error(code_for_open_error(err),
                  fmt::format("cannot open for writing: {}", errno_message(err)), path);
    }
    lock_file(fd.get(), LockKind::kExclusive, lock_timeout_seconds, path);

    // Read and check under the lock: no other abp can add the same row in between.
    struct stat st {};
    if (::fstat(fd.get(), &st) != 0) {
      throw Error(ExitCode::kIoErr, fmt::format("cannot stat: {}", errno_message(errno)), path);
    }
    if (S_ISDIR(st.st_mode)) throw Error(ExitCode::kNoInput, "is a directory", path);
    const off_t size = st.st_size;
    Loaded loaded = load_catalogue(make_fd_source(fd.get(), path), path, options);
    AppendResult result{AppendOutcome::kAlreadyPresent, Catalogue{}, loaded.skipped};
    if (loaded.catalogue.contains(fact.author, fact.title, fact.publisher)) {
      result.catalogue = std::move(loaded.catalogue).finish();
      return result;
    }

    std::string bytes;
    if (!ends_with_line_break(fd.get(), size, path)) bytes += line_break(loaded.shape.line_end);
    bytes += encode_fact_row(loaded.shape, fact, options.dialect.delimiter);
    // The file is kept in its own encoding: a UTF-8 row would make it a mix of two.
    bytes = in_file_encoding(std::move(bytes), options);
    int err = write_all(fd.get(), bytes);
    if (err == 0 && ::fsync(fd.get()) != 0) err = errno;
    if (err != 0) {
      // SPEC §5: the data file is left as it was; if even the undo fails, say so.
      if (::ftruncate(fd.get(), size) != 0) {
        throw_write_error(err, path, "cannot append the row",
                          fmt::format("undoing it failed too ({}), so the file may end with "
                                      "part of the row: check its last line",
                                      errno_message(errno)));
      }
      ::fsync(fd.get());
      throw_write_error(err, path, "cannot append the row", "the file was left as it was");
    }
    if (::close(fd.release()) != 0) {
      throw Error(ExitCode::kIoErr,
                  fmt::format("error closing the file after the append: {}", errno_message(errno)),
                  path);
    }
    result.outcome = AppendOutcome::kAppended;
    result.catalogue = with_fact(std::move(loaded.catalogue), fact);
    return result;
  }
}

}  // namespace abp
