#include "abp/store/csv_edit.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <memory>
#include <optional>
#include <utility>
#include <vector>

#include <fmt/format.h>

#include "abp/core/error.hpp"
#include "abp/io/file.hpp"
#include "abp/io/progress.hpp"

namespace abp {
namespace {

// The new version of the file, made only once there is something to write: an edit that
// matches nothing creates no temporary at all.
class ReplacementSink final : public ByteSink {
 public:
  ReplacementSink(const std::string& path, int input_fd, bool keep_backup)
      : path_(path), input_fd_(input_fd) {
    options_.keep_backup = keep_backup;
    options_.role = FileRole::kUpdate;
  }

  void copy_input(std::uint64_t size) override {
    FileReplacement& file = open();
    std::vector<char> buffer(static_cast<std::size_t>(std::min<std::uint64_t>(size, 1u << 20)));
    std::uint64_t done = 0;
    while (done < size) {
      const std::size_t want =
          static_cast<std::size_t>(std::min<std::uint64_t>(size - done, buffer.size()));
      const ssize_t n = ::pread(input_fd_, buffer.data(), want, static_cast<off_t>(done));
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) {
        // The file is locked and was read up to here a moment ago: a short read is an I/O
        // error, not an end.
        throw_file_error(n < 0 ? errno : EIO, FileRole::kUpdate, "read error", path_,
                         "the file was left as it was");
      }
      file.write(std::string_view(buffer.data(), static_cast<std::size_t>(n)));
      done += static_cast<std::uint64_t>(n);
    }
  }

  void write(std::string_view bytes) override { open().write(bytes); }

  void put_in_place() {
    if (file_) file_->put_in_place();
  }

 private:
  FileReplacement& open() {
    if (!file_) file_.emplace(path_, options_);
    return *file_;
  }

  const std::string& path_;
  int input_fd_;
  ReplaceOptions options_;
  std::optional<FileReplacement> file_;
};

// Stands in for the new file of a catalogue abp may not write: fine while nothing changes,
// the open's error as soon as something would.
class ReadOnlySink final : public ByteSink {
 public:
  ReadOnlySink(const std::string& path, int error) : path_(path), error_(error) {}
  void copy_input(std::uint64_t) override { fail(); }
  void write(std::string_view) override { fail(); }

 private:
  [[noreturn]] void fail() const {
    throw_file_error(error_, FileRole::kUpdate, "cannot open for writing", path_,
                     "the file was left as it was");
  }

  const std::string& path_;
  int error_;
};

}  // namespace

FileEditResult edit_csv_file(const std::string& path, const LoadOptions& options,
                             const CatalogueEdit& edit, const FileEditOptions& file_options,
                             const RowChangeVisitor& on_change) {
  const double timeout = file_options.lock_timeout_seconds;
  // O_NONBLOCK: opening a pipe or a device must not wait before it can be refused.
  OpenFile file;
  int write_error = 0;
  if (!file_options.dry_run) {
    file = open_locked(path, O_RDWR | O_NONBLOCK, LockKind::kExclusive, timeout);
    if (!file.fd.valid() && is_permission_error(file.error)) write_error = file.error;
  }
  if (!file.fd.valid() && (file_options.dry_run || write_error != 0)) {
    // Only reading: a dry run, or a file abp may read but not write, where an edit that
    // matches nothing is still an answer (as add's "already there" is).
    file = open_locked(path, O_RDONLY | O_NONBLOCK, LockKind::kShared, timeout);
  }
  if (!file.fd.valid()) throw_file_error(file.error, FileRole::kInput, "cannot open", path);
  if (!S_ISREG(file.status.st_mode)) {
    refuse_special_file(file.status, path, "abp can only rewrite a catalogue file");
  }
  const int fd = file.fd.get();

  FileEditResult result;
  {
    std::unique_ptr<ByteSource> source = make_fd_source(fd, path);
    if (options.progress != nullptr) source = options.progress->watch(std::move(source));
    NullSink dry_sink;
    ReadOnlySink read_only_sink(path, write_error);
    ReplacementSink replacement(path, fd, file_options.keep_backup);
    ByteSink& sink = file_options.dry_run ? static_cast<ByteSink&>(dry_sink)
                     : write_error != 0   ? static_cast<ByteSink&>(read_only_sink)
                                          : static_cast<ByteSink&>(replacement);
    result.rewrite = rewrite_catalogue(*source, path, options, edit, sink, on_change);
    // Still under the lock: the new version replaces exactly the file that was read.
    if (!file_options.dry_run) replacement.put_in_place();
  }
  if (result.rewrite.rows_changed == 0) {
    if (::lseek(fd, 0, SEEK_SET) != 0) {
      throw_file_error(errno, FileRole::kInput, "cannot read the file again", path);
    }
    const std::unique_ptr<ByteSource> source = make_fd_source(fd, path);
    LoadOptions again = options;
    again.progress = nullptr;  // the meter has shown the one reading that matters
    result.miss_note = describe_csv_miss(*source, path, again, edit);
  }
  return result;
}

}  // namespace abp
