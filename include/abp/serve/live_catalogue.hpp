#pragma once

#include <sys/types.h>

#include <chrono>
#include <cstdint>
#include <ctime>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

#include "abp/core/fact_filter.hpp"
#include "abp/fast/loader.hpp"
#include "abp/io/file.hpp"
#include "abp/serve/reading.hpp"
#include "abp/store/appender.hpp"

namespace abp {

/// The file a server answers from, and how to read it (SPEC §8: as report reads it).
struct ServedFile {
  std::string path;
  LoadOptions load;
  FactFilter filter;  // SPEC §7, applied to every reading
  double lock_timeout_seconds = 10;
};

/// What a page is answered from: the newest good reading, and whether it is out of date
/// because the file cannot be read as it is now (then since when and why).
struct ReadingState {
  std::shared_ptr<const Reading> reading;
  std::time_t read_at = 0;      // when the reading was last brought up to date
  std::time_t stale_since = 0;  // 0: the reading is the file as it is
  std::string stale_reason;
};

/// The served catalogue, kept as fresh as the file (SPEC §8): every request gets a reading
/// of the file as it is when the request arrives.
///
/// - Rows appended since the last reading (by abp add, another server, anything) are read on
///   their own, with the header, as a small catalogue merged into the last reading; only
///   their bytes are read. A file replaced (another inode: abp rename, an editor saving), cut
///   shorter or changed in place is read again whole, as is any change under --encoding or
///   --fold (a new row may change which spelling of a name is shown everywhere).
/// - A file that cannot be read or parsed leaves the last good reading in place; the state
///   says since when and why, and `log` is told once per change.
/// - add() appends through store/appender (the lock abp add takes), checking for the row in
///   the reading instead of reading the whole file again.
/// - A database made by abp export is read with SQL (store/sqlite_catalogue) and read again
///   whole whenever it or its journal changes; adds go through store/sqlite_add.
///
/// Thread-safe. Requests for an unchanged file take one stat(2) and a short lock; reading
/// the file happens on one thread at a time, and others that need it wait for it.
class LiveCatalogue {
 public:
  using Log = std::function<void(std::string_view)>;

  LiveCatalogue(ServedFile file, Log log);
  ~LiveCatalogue();
  LiveCatalogue(const LiveCatalogue&) = delete;
  LiveCatalogue& operator=(const LiveCatalogue&) = delete;

  /// Reads the file whole for the first time. Throws abp::Error as abp report would (a
  /// server does not start on a file it cannot read).
  void load();

  /// Returns the reading of the file as it is now (see above). Throws Error(kTempFail) when
  /// another process holds the file's lock past the lock timeout.
  ReadingState current();

  /// Adds `fact` (already checked, check_add_argument) as abp add does (SPEC §3): kAppended,
  /// or kAlreadyPresent when the file holds it (nothing written), or kCreated for a missing
  /// file. Throws abp::Error: kTempFail past the lock timeout, kIoErr (file as it was), ...
  AppendOutcome add(const NewFact& fact);

  const std::string& path() const { return file_.path; }

 private:
  // Where the last reading of the file stopped, to tell what changed since.
  struct FileMark {
    dev_t device = 0;
    ino_t inode = 0;
    std::uint64_t size = 0;
    timespec mtime{};
    bool mtime_known = false;
    std::string last_bytes;  // up to kSignature bytes before `size`
  };
  static constexpr std::size_t kSignature = 64;

  static std::string key_of(const NewFact& fact);
  std::vector<NewFact> pending_now() const;  // a copy of pending_, taken under state_mutex_
  void clear_pending();
  FileDescriptor open_for_reading() const;
  // The identity, size and time in `st`.
  static FileMark mark_of_status(const struct stat& st);
  // True when `now` shows the file as `before` did (its time too, when `before` knows it).
  static bool same_state(const FileMark& before, const FileMark& now);
  static FileMark mark_of_path(const std::string& path);
  void read_database();
  bool database_unchanged() const;
  bool unchanged(const struct stat& st) const;
  void bring_up_to_date(int fd);
  void read_whole(int fd, const struct stat& st);
  bool read_appended(int fd, const struct stat& st);
  void merge_pending();
  void merge_into_reading(const Catalogue& added);
  Catalogue filtered(CatalogueBuilder&& builder) const;
  FileMark mark_of(int fd, const struct stat& st) const;
  void became_stale(const std::string& reason);
  void became_fresh();

  ServedFile file_;
  Log log_;
  bool database_ = false;  // an abp database, not a CSV
  // Held across every reading of the file and every add (with the file's flock taken inside
  // it): one thread at a time works on the file. Lock order: file_mutex_, flock, state_mutex_.
  std::mutex file_mutex_;
  mutable std::mutex state_mutex_;
  // Guarded by state_mutex_ (written only with file_mutex_ held too).
  std::shared_ptr<const Reading> reading_;
  FileMark mark_;
  FileShape shape_;
  std::vector<NewFact> pending_;                  // added here, in the file, not yet in reading_
  std::unordered_set<std::string> pending_keys_;  // the same, as key_of(), to look up
  std::time_t read_at_ = 0;
  std::time_t stale_since_ = 0;
  std::string stale_reason_;
  FileMark broken_;   // the file as it was when it last failed to read
  FileMark journal_;  // a database's write-ahead log (FILE-wal), when it has one
};

}  // namespace abp
