#include "abp/store/sqlite_export.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cstdint>
#include <filesystem>
#include <string_view>
#include <utility>
#include <vector>

#include <fmt/format.h>

#include "abp/core/error.hpp"
#include "abp/core/text.hpp"
#include "abp/store/sqlite.hpp"
#include "abp/store/sqlite_schema.hpp"

namespace abp {
namespace {

std::string directory_of(const std::string& path) {
  const std::filesystem::path parent = std::filesystem::path(path).parent_path();
  return parent.empty() ? std::string(".") : parent.string();
}

[[noreturn]] void throw_file_error(int err, const std::string& path, const char* what) {
  const bool denied = err == EACCES || err == EPERM || err == EROFS || err == ENOENT ||
                      err == ENOTDIR || err == EEXIST || err == EISDIR;
  throw Error(denied ? ExitCode::kCantCreate : ExitCode::kIoErr,
              fmt::format("{}: {}", what, errno_message(err)), path);
}

// A file next to the target, removed on every path out unless it was placed.
class TempFile {
 public:
  explicit TempFile(const std::string& target) {
    static std::atomic<unsigned> counter{0};
    const std::string dir = directory_of(target);
    const std::string base = std::filesystem::path(target).filename().string();
    for (;;) {
      path_ = fmt::format("{}/.{}.abp-{}-{}.tmp", dir, base, ::getpid(), counter++);
      // 0666 and the umask, like any new file; a leftover of a killed run is never reused.
      const int fd = ::open(path_.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
      if (fd >= 0) {
        ::close(fd);
        return;
      }
      if (errno != EEXIST) {
        const int err = errno;
        path_.clear();
        throw_file_error(err, target, "cannot create the database");
      }
    }
  }
  ~TempFile() {
    if (!path_.empty()) ::unlink(path_.c_str());
  }
  TempFile(const TempFile&) = delete;
  TempFile& operator=(const TempFile&) = delete;

  const std::string& path() const { return path_; }

  // Syncs the bytes, then moves them to `target`; false when kRefuse meets an existing file.
  bool place(const std::string& target, Overwrite overwrite) {
    const int fd = ::open(path_.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0 || ::fsync(fd) != 0) {
      const int err = errno;
      if (fd >= 0) ::close(fd);
      throw_file_error(err, target, "cannot write the database");
    }
    ::close(fd);
    if (overwrite == Overwrite::kReplace) {
      if (::rename(path_.c_str(), target.c_str()) != 0) {
        throw_file_error(errno, target, "cannot put the database in place");
      }
    } else if (::link(path_.c_str(), target.c_str()) != 0) {
      // link(2), unlike rename(2), never replaces a file that appeared in the meantime.
      if (errno == EEXIST) return false;
      throw_file_error(errno, target, "cannot put the database in place");
    } else {
      ::unlink(path_.c_str());
    }
    path_.clear();
    const int dir_fd = ::open(directory_of(target).c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (dir_fd >= 0) {
      ::fsync(dir_fd);  // make the new name durable too
      ::close(dir_fd);
    }
    return true;
  }

 private:
  std::string path_;
};

// A private file nobody else opens, rebuilt from scratch on any failure: no rollback journal
// and no syncing per statement, just the one fsync before it is placed. Index builds sort in
// memory, with helper threads where there are cores.
void tune_for_bulk_load(SqliteDb& db) {
  db.exec(
      "PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF; PRAGMA locking_mode = EXCLUSIVE;"
      "PRAGMA temp_store = MEMORY; PRAGMA cache_size = -131072; PRAGMA threads = 4;");
}

// Splits a full name into first_name / last_name where the file's own columns split it
// (`first_length`); the space between the parts is dropped, an empty part stays empty.
std::pair<std::string_view, std::string_view> split_at(std::string_view full,
                                                       std::size_t first_length) {
  const std::size_t k = std::min(first_length, full.size());
  const std::size_t rest = k > 0 && k < full.size() ? k + 1 : k;
  return {full.substr(0, k), full.substr(rest)};
}

std::uint64_t pair_key(std::uint64_t a, std::uint64_t b) { return a << 32 | b; }

// Numbers distinct pair keys 1, 2, ... in order of first insertion: a flat open-addressing
// table, since a node per key (std::unordered_map) costs more than the rest of the export
// loop at a million facts. Two ids below StringPool::kMissing never make the empty key.
class PairNumbering {
 public:
  explicit PairNumbering(std::size_t expected) {
    std::size_t capacity = 16;
    while (capacity < expected * 2) capacity *= 2;
    slots_.assign(capacity, Slot{kEmpty, 0});
    mask_ = capacity - 1;
  }

  // Returns the number of `key`, giving it the next one if it is new (then `added` is true).
  std::uint32_t number(std::uint64_t key, bool& added) {
    if ((size_ + 1) * 2 > slots_.size()) grow();
    Slot& slot = find(key);
    added = slot.key == kEmpty;
    if (added) slot = Slot{key, static_cast<std::uint32_t>(++size_)};
    return slot.number;
  }

 private:
  static constexpr std::uint64_t kEmpty = ~std::uint64_t{0};
  struct Slot {
    std::uint64_t key;
    std::uint32_t number;
  };

  Slot& find(std::uint64_t key) {
    std::size_t i = (key * 0x9E3779B97F4A7C15u) >> 20 & mask_;
    while (slots_[i].key != kEmpty && slots_[i].key != key) i = (i + 1) & mask_;
    return slots_[i];
  }

  void grow() {
    std::vector<Slot> old(slots_.size() * 2, Slot{kEmpty, 0});
    old.swap(slots_);
    mask_ = slots_.size() - 1;
    for (const Slot& slot : old) {
      if (slot.key != kEmpty) find(slot.key) = slot;
    }
  }

  std::vector<Slot> slots_;
  std::size_t mask_ = 0;
  std::size_t size_ = 0;
};

// Writes every table from the catalogue's facts, in file order so ids (rowids) follow first
// appearance. Pools hand out dense ids in that order already; books and the two pair tables
// are deduplicated here by hashing, so SQLite only ever appends.
void fill(SqliteDb& db, const Loaded& loaded) {
  const CatalogueBuilder& catalogue = loaded.catalogue;
  const StringPool& authors = catalogue.authors();
  const StringPool& publishers = catalogue.publishers();
  const StringPool& titles = catalogue.titles();

  SqliteStatement insert_author(db, "INSERT INTO author VALUES (?, ?, ?)");
  for (Id id = 0; id < authors.size(); ++id) {
    const std::string_view full = authors.view(id);
    // Without first/last columns, the first space splits the name, as add splits it.
    const auto [first, last] = id < loaded.first_name_lengths.size()
                                   ? split_at(full, loaded.first_name_lengths[id])
                                   : split_author_name(full);
    insert_author.bind(1, std::int64_t{id} + 1).bind(2, first).bind(3, last).run();
  }
  SqliteStatement insert_publisher(db, "INSERT INTO publisher VALUES (?, ?)");
  for (Id id = 0; id < publishers.size(); ++id) {
    insert_publisher.bind(1, std::int64_t{id} + 1).bind(2, publishers.view(id)).run();
  }

  SqliteStatement insert_book(db, "INSERT INTO book VALUES (?, ?, ?)");
  SqliteStatement insert_book_publisher(db, "INSERT INTO book_publisher VALUES (?, ?)");
  SqliteStatement insert_author_publisher(db, "INSERT INTO author_publisher VALUES (?, ?)");
  const std::vector<Fact>& facts = catalogue.facts();
  PairNumbering books(facts.size() / 2);
  PairNumbering book_publishers(facts.size());
  PairNumbering author_publishers(facts.size());
  bool added = false;
  for (const Fact& fact : facts) {
    const std::int64_t author_id = std::int64_t{fact.author} + 1;
    const std::int64_t publisher_id = std::int64_t{fact.publisher} + 1;
    const std::uint32_t book = books.number(pair_key(fact.author, fact.title), added);
    const std::int64_t book_id = book;
    if (added) {
      insert_book.bind(1, book_id).bind(2, author_id).bind(3, titles.view(fact.title)).run();
    }
    book_publishers.number(pair_key(book, fact.publisher), added);
    if (added) insert_book_publisher.bind(1, book_id).bind(2, publisher_id).run();
    author_publishers.number(pair_key(fact.author, fact.publisher), added);
    if (added) insert_author_publisher.bind(1, author_id).bind(2, publisher_id).run();
  }
}

// Builds the database in a temp file next to `path` and places it; false when kRefuse found
// a file there at the last moment.
bool write_database(const Loaded* loaded, const std::string& path, Overwrite overwrite) {
  TempFile temp(path);
  {
    SqliteDb db(temp.path(), DbMode::kWrite, path);
    tune_for_bulk_load(db);
    SqliteTransaction transaction(db, SqliteTransaction::Kind::kDeferred);
    create_tables(db);
    if (loaded != nullptr) fill(db, *loaded);
    finish_schema(db);
    transaction.commit();
  }
  return temp.place(path, overwrite);
}

}  // namespace

void check_export_target(const std::string& path, Overwrite overwrite) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) return;
  if (S_ISDIR(st.st_mode)) {
    throw Error(ExitCode::kCantCreate, "is a directory; name the database file to write", path);
  }
  if (overwrite == Overwrite::kRefuse) {
    throw Error(ExitCode::kCantCreate, "already exists; pass --force to replace it", path);
  }
}

void export_database(const Loaded& loaded, const std::string& path, Overwrite overwrite) {
  check_export_target(path, overwrite);
  if (!write_database(&loaded, path, overwrite)) {
    throw Error(ExitCode::kCantCreate, "already exists; pass --force to replace it", path);
  }
}

bool create_empty_database(const std::string& path) {
  return write_database(nullptr, path, Overwrite::kRefuse);
}

}  // namespace abp
