#include "abp/store/sqlite_export.hpp"

#include <sys/stat.h>

#include <algorithm>
#include <cerrno>
#include <cstdint>
#include <string_view>
#include <utility>
#include <vector>

#include <fmt/format.h>

#include "abp/core/error.hpp"
#include "abp/core/text.hpp"
#include "abp/io/file.hpp"
#include "abp/store/sqlite.hpp"
#include "abp/store/sqlite_schema.hpp"

namespace abp {
namespace {

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

  // Only names some fact uses: a filtered export (SPEC §7) leaves others in the pools, and
  // the schema keeps no author or publisher without a fact (SPEC §6). Ids keep their numbers.
  const FactList& facts = catalogue.facts();
  std::vector<bool> author_used(authors.size(), false);
  std::vector<bool> publisher_used(publishers.size(), false);
  for (const Fact& fact : facts) {
    author_used[fact.author] = true;
    publisher_used[fact.publisher] = true;
  }

  SqliteStatement insert_author(db, "INSERT INTO author VALUES (?, ?, ?)");
  for (Id id = 0; id < authors.size(); ++id) {
    if (!author_used[id]) continue;
    const std::string_view full = authors.view(id);
    // Without first/last columns, the first space splits the name, as add splits it.
    const auto [first, last] = id < loaded.first_name_lengths.size()
                                   ? split_at(full, loaded.first_name_lengths[id])
                                   : split_author_name(full);
    insert_author.bind(1, std::int64_t{id} + 1).bind(2, first).bind(3, last).run();
  }
  SqliteStatement insert_publisher(db, "INSERT INTO publisher VALUES (?, ?)");
  for (Id id = 0; id < publishers.size(); ++id) {
    if (!publisher_used[id]) continue;
    insert_publisher.bind(1, std::int64_t{id} + 1).bind(2, publishers.view(id)).run();
  }

  SqliteStatement insert_book(db, "INSERT INTO book VALUES (?, ?, ?)");
  SqliteStatement insert_book_publisher(db, "INSERT INTO book_publisher VALUES (?, ?)");
  SqliteStatement insert_author_publisher(db, "INSERT INTO author_publisher VALUES (?, ?)");
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

// Builds the database in a temporary file beside `path` and puts it in place; false when
// kRefuse found a file there at the last moment. The temporary goes on any error and on
// SIGINT, SIGTERM and SIGHUP (issue 12.6).
bool write_database(const Loaded* loaded, const std::string& path, Overwrite overwrite) {
  ReplaceOptions options;
  options.placement =
      overwrite == Overwrite::kReplace ? Placement::kReplace : Placement::kCreateOnly;
  options.named_temporary = true;  // SQLite opens it by name
  options.noun = "database";
  FileReplacement temp(path, options);
  {
    SqliteDb db(temp.temp_path(), DbMode::kWrite, path);
    tune_for_bulk_load(db);
    SqliteTransaction transaction(db, SqliteTransaction::Kind::kDeferred);
    create_tables(db);
    if (loaded != nullptr) fill(db, *loaded);
    finish_schema(db);
    transaction.commit();
  }
  return temp.put_in_place();
}

}  // namespace

void check_not_input(const std::string& path, const InputFile& input) {
  const std::optional<FileId> output = file_id(path);
  if (output && output == input.id()) {
    throw Error(ExitCode::kUsage,
                fmt::format("is the catalogue being exported ({}); name a new file for the "
                            "database",
                            input.display_name()),
                path);
  }
}

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
