#include "abp/serve/live_catalogue.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <utility>

#include <fmt/chrono.h>
#include <fmt/format.h>

#include "abp/core/error.hpp"
#include "abp/io/byte_source.hpp"
#include "abp/io/csv_writer.hpp"
#include "abp/io/file.hpp"
#include "abp/store/sqlite_add.hpp"
#include "abp/store/sqlite_catalogue.hpp"
#include "abp/store/sqlite_schema.hpp"

namespace abp {
namespace {

// The header record, then bytes [begin, end) of a file: what was appended since the last
// reading, readable as a small catalogue file of its own.
class AppendedBytes final : public ByteSource {
 public:
  AppendedBytes(std::string header, int fd, std::uint64_t begin, std::uint64_t end,
                std::string name)
      : header_(std::move(header)), fd_(fd), at_(begin), end_(end), name_(std::move(name)) {}

  // Bytes of a regular file, read with pread: the loader's direct path suits them.
  bool is_regular_file() const override { return true; }
  std::uint64_t size_hint() const override { return header_.size() - sent_ + (end_ - at_); }

  std::size_t read(char* buffer, std::size_t size) override {
    if (sent_ < header_.size()) {
      const std::size_t n = std::min(size, header_.size() - sent_);
      std::memcpy(buffer, header_.data() + sent_, n);
      sent_ += n;
      return n;
    }
    const auto want = static_cast<std::size_t>(std::min<std::uint64_t>(size, end_ - at_));
    if (want == 0) return 0;
    for (;;) {
      const ssize_t n = ::pread(fd_, buffer, want, static_cast<off_t>(at_));
      if (n >= 0) {
        at_ += static_cast<std::uint64_t>(n);
        return static_cast<std::size_t>(n);
      }
      if (errno == EINTR) continue;
      throw Error(ExitCode::kIoErr, fmt::format("read error: {}", errno_message(errno)), name_);
    }
  }

 private:
  std::string header_;
  std::size_t sent_ = 0;
  int fd_;
  std::uint64_t at_;
  std::uint64_t end_;
  std::string name_;
};

struct stat stat_of(int fd, const std::string& path) {
  struct stat st {};
  if (::fstat(fd, &st) != 0) {
    throw Error(ExitCode::kIoErr, fmt::format("cannot stat: {}", errno_message(errno)), path);
  }
  if (S_ISDIR(st.st_mode)) throw Error(ExitCode::kNoInput, "is a directory", path);
  return st;
}

bool same_time(const timespec& a, const timespec& b) {
  return a.tv_sec == b.tv_sec && a.tv_nsec == b.tv_nsec;
}

// The facts `facts` added to `more`.
void add_facts(CatalogueBuilder& more, const std::vector<NewFact>& facts) {
  for (const NewFact& fact : facts) {
    more.add(Fact{more.authors().intern(fact.author), more.titles().intern(fact.title),
                  more.publishers().intern(fact.publisher)});
  }
}

}  // namespace

LiveCatalogue::LiveCatalogue(ServedFile file, Log log)
    : file_(std::move(file)), log_(std::move(log)) {}

LiveCatalogue::~LiveCatalogue() = default;

void LiveCatalogue::load() {
  std::lock_guard<std::mutex> file_lock(file_mutex_);
  if (is_sqlite_file(file_.path)) {
    database_ = true;
    read_database();
    return;
  }
  const FileDescriptor fd = open_for_reading();
  read_whole(fd.get(), stat_of(fd.get(), file_.path));
}

LiveCatalogue::FileMark LiveCatalogue::mark_of_status(const struct stat& st) {
  FileMark mark;
  mark.device = st.st_dev;
  mark.inode = st.st_ino;
  mark.size = static_cast<std::uint64_t>(st.st_size);
  mark.mtime = st.st_mtim;
  mark.mtime_known = true;
  return mark;
}

bool LiveCatalogue::same_state(const FileMark& before, const FileMark& now) {
  // An add of this server's own knows the size it left but not the time, until it looks.
  return now.device == before.device && now.inode == before.inode && now.size == before.size &&
         (!before.mtime_known || same_time(now.mtime, before.mtime));
}

// The identity, size and time of `path`, or an empty mark when it does not exist.
LiveCatalogue::FileMark LiveCatalogue::mark_of_path(const std::string& path) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) return FileMark{};
  return mark_of_status(st);
}

void LiveCatalogue::read_database() {
  // Marked before reading: a change made while it is read shows as a change next time.
  FileMark mark = mark_of_path(file_.path);
  FileMark journal = mark_of_path(file_.path + "-wal");
  std::shared_ptr<const Reading> reading =
      Reading::fresh(filtered(read_database_catalogue(file_.path, file_.lock_timeout_seconds)));
  std::lock_guard<std::mutex> lock(state_mutex_);
  reading_ = std::move(reading);
  mark_ = std::move(mark);
  journal_ = std::move(journal);
  read_at_ = std::time(nullptr);
}

bool LiveCatalogue::database_unchanged() const {
  // A database another program keeps in WAL mode changes its -wal file, not itself, until a
  // checkpoint.
  if (!database_) return true;
  return same_state(journal_, mark_of_path(file_.path + "-wal"));
}

FileDescriptor LiveCatalogue::open_for_reading() const {
  // O_NONBLOCK: a pipe or device in the file's place must not hold the server up.
  OpenFile file =
      open_locked(file_.path, O_RDONLY | O_NONBLOCK, LockKind::kShared, file_.lock_timeout_seconds);
  if (!file.fd.valid()) throw_file_error(file.error, FileRole::kInput, "cannot open", file_.path);
  if (!S_ISREG(file.status.st_mode)) {
    throw Error(ExitCode::kNoInput,
                fmt::format("is {}, not a catalogue file", kind_of_file(file.status.st_mode)),
                file_.path);
  }
  return std::move(file.fd);
}

LiveCatalogue::FileMark LiveCatalogue::mark_of(int fd, const struct stat& st) const {
  FileMark mark = mark_of_status(st);
  const std::size_t n = static_cast<std::size_t>(std::min<std::uint64_t>(mark.size, kSignature));
  mark.last_bytes.resize(n);
  if (n > 0 && ::pread(fd, mark.last_bytes.data(), n, static_cast<off_t>(mark.size - n)) !=
                   static_cast<ssize_t>(n)) {
    mark.last_bytes.clear();  // never matches again: the next change reads the file whole
  }
  return mark;
}

bool LiveCatalogue::unchanged(const struct stat& st) const {
  return same_state(mark_, mark_of_status(st));
}

ReadingState LiveCatalogue::current() {
  struct stat st {};
  const int stat_error = ::stat(file_.path.c_str(), &st) == 0 ? 0 : errno;
  auto state_now = [this] { return ReadingState{reading_, read_at_, stale_since_, stale_reason_}; };
  {
    std::lock_guard<std::mutex> lock(state_mutex_);
    if (stat_error == 0 && unchanged(st) && database_unchanged() && pending_.empty()) {
      return state_now();
    }
  }
  std::lock_guard<std::mutex> file_lock(file_mutex_);
  {
    std::lock_guard<std::mutex> lock(state_mutex_);
    if (stat_error != 0) {
      became_stale(
          fmt::format("{}: cannot read the file: {}", file_.path, errno_message(stat_error)));
      return state_now();
    }
    if (unchanged(st) && database_unchanged() && pending_.empty()) {
      return state_now();  // another request read it
    }
    if (stale_since_ != 0 && same_state(broken_, mark_of_status(st))) {
      return state_now();  // still as it was when it failed: no use reading it again
    }
  }
  try {
    if (database_) {
      read_database();
    } else {
      const FileDescriptor fd = open_for_reading();
      bring_up_to_date(fd.get());
      merge_pending();
    }
    std::lock_guard<std::mutex> lock(state_mutex_);
    became_fresh();
  } catch (const Error& e) {
    if (e.code() == ExitCode::kTempFail) throw;
    std::lock_guard<std::mutex> lock(state_mutex_);
    broken_ = mark_of_status(st);
    became_stale(e.describe());
  }
  std::lock_guard<std::mutex> lock(state_mutex_);
  return state_now();
}

void LiveCatalogue::bring_up_to_date(int fd) {
  const struct stat st = stat_of(fd, file_.path);
  {
    std::lock_guard<std::mutex> lock(state_mutex_);
    if (unchanged(st)) {
      mark_.mtime = st.st_mtim;
      mark_.mtime_known = true;
      return;
    }
  }
  if (!read_appended(fd, st)) read_whole(fd, st);
}

void LiveCatalogue::read_whole(int fd, const struct stat& st) {
  if (::lseek(fd, 0, SEEK_SET) != 0) {
    throw Error(ExitCode::kIoErr, fmt::format("cannot read: {}", errno_message(errno)), file_.path);
  }
  Loaded loaded = load_catalogue(make_fd_source(fd, file_.path), file_.path, file_.load);
  for (const std::string& note : loaded.skipped.notes())
    log_(fmt::format("{}: {}", file_.path, note));
  std::shared_ptr<const Reading> reading = Reading::fresh(filtered(std::move(loaded.catalogue)));
  FileMark mark = mark_of(fd, st);
  std::lock_guard<std::mutex> lock(state_mutex_);
  reading_ = std::move(reading);
  shape_ = std::move(loaded.shape);
  mark_ = std::move(mark);
  clear_pending();  // whatever was added is in the file just read
  read_at_ = std::time(nullptr);
}

bool LiveCatalogue::read_appended(int fd, const struct stat& st) {
  FileMark old;
  {
    std::lock_guard<std::mutex> lock(state_mutex_);
    old = mark_;
  }
  // Only a file that grew, whose last reading ended a line, in UTF-8 (the appended bytes of
  // another encoding cannot be read without its start) and whose old end is still in place.
  if (st.st_dev != old.device || st.st_ino != old.inode ||
      static_cast<std::uint64_t>(st.st_size) <= old.size || old.last_bytes.empty() ||
      (old.last_bytes.back() != '\n' && old.last_bytes.back() != '\r') ||
      !file_.load.encoding.empty() || file_.filter.fold) {
    return false;
  }
  std::string end_now(old.last_bytes.size(), '\0');
  const auto offset = static_cast<off_t>(old.size - old.last_bytes.size());
  if (::pread(fd, end_now.data(), end_now.size(), offset) != static_cast<ssize_t>(end_now.size()) ||
      end_now != old.last_bytes) {
    return false;
  }
  const std::string header =
      encode_record(shape_.header, file_.load.dialect.delimiter, shape_.line_end);
  Loaded appended;
  try {
    appended = load_catalogue(
        std::make_unique<AppendedBytes>(header, fd, old.size,
                                        static_cast<std::uint64_t>(st.st_size), file_.path),
        file_.path, file_.load);
  } catch (const Error& e) {
    // A bad row: read the file whole, so the message names its real line.
    if (e.code() == ExitCode::kDataErr) return false;
    throw;
  }
  for (const std::string& note : appended.skipped.notes()) {
    // Lines are counted from where the last reading ended (its header is line 1).
    log_(fmt::format("{}: in the rows appended since the last reading: {}", file_.path, note));
  }
  // This server's own adds lie before the old end; they join the same merge.
  add_facts(appended.catalogue, pending_now());
  const Catalogue added = filtered(std::move(appended.catalogue));
  FileMark mark = mark_of(fd, st);
  std::lock_guard<std::mutex> lock(state_mutex_);
  merge_into_reading(added);
  mark_ = std::move(mark);
  clear_pending();
  read_at_ = std::time(nullptr);
  return true;
}

Catalogue LiveCatalogue::filtered(CatalogueBuilder&& builder) const {
  const FactFilter& filter = file_.filter;
  Catalogue catalogue =
      std::move(builder).finish(filter.fold ? RowCounts::kKeep : RowCounts::kDrop);
  return filter.active() ? apply_filter(catalogue, filter) : catalogue;
}

void LiveCatalogue::merge_pending() {
  const std::vector<NewFact> pending = pending_now();
  if (pending.empty()) return;
  CatalogueBuilder more;
  add_facts(more, pending);
  const Catalogue added = filtered(std::move(more));
  std::lock_guard<std::mutex> lock(state_mutex_);
  merge_into_reading(added);
  clear_pending();
}

void LiveCatalogue::merge_into_reading(const Catalogue& added) {
  // Under state_mutex_: no request can take the reading while it may be let go (merged()
  // drops the old one first when no request holds it, so memory holds one set of indexes).
  std::shared_ptr<const Reading> old = std::move(reading_);
  try {
    reading_ = Reading::merged(old, added);
  } catch (...) {
    reading_ = std::move(old);
    // Out of memory with the old reading let go: the next request reads the file whole.
    if (!reading_) mark_ = FileMark{};
    throw;
  }
}

std::string LiveCatalogue::key_of(const NewFact& fact) {
  // No value holds a NUL (check_add_argument refuses control characters).
  std::string key = fact.author;
  key += '\0';
  key += fact.title;
  key += '\0';
  key += fact.publisher;
  return key;
}

std::vector<NewFact> LiveCatalogue::pending_now() const {
  std::lock_guard<std::mutex> lock(state_mutex_);
  return pending_;
}

void LiveCatalogue::clear_pending() {
  pending_.clear();
  pending_keys_.clear();
}

AppendOutcome LiveCatalogue::add(const NewFact& fact) {
  std::lock_guard<std::mutex> file_lock(file_mutex_);
  if (database_) {
    // The article's add_new_book, in one transaction; the next request reads it back.
    const AppendOutcome outcome = add_to_database(file_.path, fact, file_.lock_timeout_seconds);
    std::lock_guard<std::mutex> lock(state_mutex_);
    if (outcome != AppendOutcome::kAlreadyPresent) mark_ = FileMark{};
    return outcome;
  }
  auto look = [&](int fd, std::uint64_t) {
    if (file_.filter.active()) {
      // The reading holds only the facts the filter keeps (or --fold's spellings): whether
      // the file holds this one is told by the whole file, read as abp add reads it.
      Loaded loaded = load_catalogue(make_fd_source(fd, file_.path), file_.path, file_.load);
      return AppendCheck{std::move(loaded.shape),
                         loaded.catalogue.contains(fact.author, fact.title, fact.publisher)};
    }
    bring_up_to_date(fd);
    std::lock_guard<std::mutex> lock(state_mutex_);
    const bool present = pending_keys_.count(key_of(fact)) > 0 ||
                         reading_->catalogue().contains(fact.author, fact.title, fact.publisher);
    return AppendCheck{shape_, present};
  };
  auto appended = [&](int fd, std::uint64_t) {
    // The row is in the file whatever happens here: this must not throw.
    struct stat st {};
    FileMark mark;  // not knowing the file any more makes the next request read it whole
    if (::fstat(fd, &st) == 0) mark = mark_of(fd, st);
    std::lock_guard<std::mutex> lock(state_mutex_);
    if (file_.filter.active()) {
      mark = FileMark{};  // the next request reads the file as it is now
    } else {
      pending_.push_back(fact);
      pending_keys_.insert(key_of(fact));
    }
    mark_ = std::move(mark);
  };
  const CheckedAppend done =
      append_fact_checked(file_.path, fact, file_.load, file_.lock_timeout_seconds, look, appended);
  if (done.outcome == AppendOutcome::kCreated) {
    // A new file: the next request reads it whole.
    std::lock_guard<std::mutex> lock(state_mutex_);
    mark_ = FileMark{};
  }
  return done.outcome;
}

void LiveCatalogue::became_stale(const std::string& reason) {
  if (reason == stale_reason_) return;
  if (stale_since_ == 0) stale_since_ = std::time(nullptr);
  stale_reason_ = reason;
  log_(fmt::format("{}; answering from the reading of {}", reason,
                   fmt::format("{:%Y-%m-%d %H:%M:%S}", fmt::localtime(read_at_))));
}

void LiveCatalogue::became_fresh() {
  if (stale_since_ == 0) return;
  stale_since_ = 0;
  stale_reason_.clear();
  log_(fmt::format("{}: readable again", file_.path));
}

}  // namespace abp
