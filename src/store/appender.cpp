#include "abp/store/appender.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <optional>
#include <string_view>
#include <utility>
#include <vector>

#include <fmt/format.h>

#include "abp/core/error.hpp"
#include "abp/core/text.hpp"
#include "abp/io/csv_writer.hpp"
#include "abp/io/encoding.hpp"
#include "abp/io/file.hpp"

namespace abp {
namespace {

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
  return std::move(builder).finish(RowCounts::kDrop, FactTitles::kInOrder);  // the tree's
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
  const std::string bytes = encode_from_utf8(encode_record(shape.header, delimiter, LineEnd::kLf) +
                                                 encode_fact_row(shape, fact, delimiter),
                                             options.encoding);
  // Written whole beside and linked into place: no half-written file is ever visible, and
  // link(2) never replaces a file another abp created meanwhile.
  ReplaceOptions creation;
  creation.placement = Placement::kCreateOnly;
  creation.role = FileRole::kUpdate;
  FileReplacement file(path, creation);
  file.write(bytes);
  return file.put_in_place();
}

// A read-only catalogue can still answer "already there" (issue 12.11): nothing needs
// writing, so that is success, as for a read-only database. Returns the outcome when `look`
// finds the fact; otherwise throws the error of the open for writing (`write_error`).
CheckedAppend present_in_read_only(const std::string& path, const AppendLook& look,
                                   double lock_timeout_seconds, int write_error) {
  OpenFile file = open_locked(path, O_RDONLY | O_NONBLOCK, LockKind::kShared, lock_timeout_seconds);
  if (file.fd.valid() && S_ISREG(file.status.st_mode)) {
    const auto size = static_cast<std::uint64_t>(file.status.st_size);
    if (look(file.fd.get(), size).present) {
      return CheckedAppend{AppendOutcome::kAlreadyPresent, size, size};
    }
  }
  throw_file_error(write_error, FileRole::kUpdate, "cannot open for writing", path);
}

}  // namespace

std::string check_add_argument(const std::string& value, const char* what) {
  if (!is_valid_utf8(value)) {
    throw Error(ExitCode::kUsage, fmt::format("the {} is not valid UTF-8", what));
  }
  const std::string normal = normalize_value(value);
  if (normal.empty()) throw Error(ExitCode::kUsage, fmt::format("the {} is empty", what));
  // SPEC §3: U+2028 and U+2029 are line breaks too, which some programs act on.
  if (normal.find_first_of("\r\n") != std::string::npos ||
      normal.find("\xE2\x80\xA8") != std::string::npos ||
      normal.find("\xE2\x80\xA9") != std::string::npos) {
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

CheckedAppend append_fact_checked(const std::string& path, const NewFact& fact,
                                  const LoadOptions& options, double lock_timeout_seconds,
                                  const AppendLook& look, const AppendDone& appended) {
  for (;;) {
    // O_NONBLOCK: opening a pipe or a device must not wait before it can be refused.
    OpenFile file = open_locked(path, O_RDWR | O_APPEND | O_NONBLOCK, LockKind::kExclusive,
                                lock_timeout_seconds);
    if (!file.fd.valid()) {
      const int err = file.error;
      if (err == ENOENT) {
        if (!create_with_row(path, fact, options)) continue;  // lost the race: append to theirs
        return CheckedAppend{AppendOutcome::kCreated, 0, 0};
      }
      if (is_permission_error(err)) {
        return present_in_read_only(path, look, lock_timeout_seconds, err);
      }
      throw_file_error(err, FileRole::kUpdate, "cannot open for writing", path);
    }
    if (!S_ISREG(file.status.st_mode))
      refuse_special_file(file.status, path, "abp add appends to a catalogue file");

    // Checked under the lock (taken on the file the path names: open_locked): no other abp
    // can add the same row in between, nor replace the file under us.
    const int fd = file.fd.get();
    const off_t size = file.status.st_size;
    const AppendCheck check = look(fd, static_cast<std::uint64_t>(size));
    CheckedAppend result{AppendOutcome::kAlreadyPresent, static_cast<std::uint64_t>(size),
                         static_cast<std::uint64_t>(size)};
    if (check.present) return result;

    std::string bytes;
    if (!ends_with_line_break(fd, size, path)) bytes += line_break(check.shape.line_end);
    bytes += encode_fact_row(check.shape, fact, options.dialect.delimiter);
    // The file is kept in its own encoding: a UTF-8 row would make it a mix of two, and would
    // not read back as what was added, so the next add would not find it (SPEC §3).
    bytes = encode_from_utf8(bytes, options.encoding);
    int err = write_all_unkillable(fd, bytes);
    if (err == 0 && ::fsync(fd) != 0) err = errno;
    if (err != 0) {
      // SPEC §5: the data file is left as it was; if even the undo fails, say so.
      if (::ftruncate(fd, size) != 0) {
        throw_file_error(err, FileRole::kUpdate, "cannot append the row", path,
                         fmt::format("undoing it failed too ({}), so the file may end with "
                                     "part of the row: check its last line",
                                     errno_message(errno)));
      }
      ::fsync(fd);
      throw_file_error(err, FileRole::kUpdate, "cannot append the row", path,
                       "the file was left as it was");
    }
    result.size_after = result.size_before + bytes.size();
    if (appended) appended(fd, result.size_after);
    if (const int close_err = file.fd.close(); close_err != 0) {
      throw Error(
          ExitCode::kIoErr,
          fmt::format("error closing the file after the append: {}", errno_message(close_err)),
          path);
    }
    result.outcome = AppendOutcome::kAppended;
    return result;
  }
}

AppendResult append_fact(const std::string& path, const NewFact& fact, const LoadOptions& options,
                         double lock_timeout_seconds) {
  // The whole file is read under the lock: it is checked for the fact, and its catalogue is
  // the reprint's.
  std::optional<Loaded> loaded;
  const CheckedAppend done =
      append_fact_checked(path, fact, options, lock_timeout_seconds, [&](int fd, std::uint64_t) {
        loaded.emplace(load_catalogue(make_fd_source(fd, path), path, options));
        return AppendCheck{loaded->shape,
                           loaded->catalogue.contains(fact.author, fact.title, fact.publisher)};
      });
  if (done.outcome == AppendOutcome::kCreated) {
    CatalogueBuilder builder;
    return AppendResult{AppendOutcome::kCreated, with_fact(std::move(builder), fact), {}};
  }
  AppendResult result{done.outcome, Catalogue{}, loaded->skipped};
  result.catalogue =
      done.outcome == AppendOutcome::kAppended
          ? with_fact(std::move(loaded->catalogue), fact)
          : std::move(loaded->catalogue).finish(RowCounts::kDrop, FactTitles::kInOrder);
  return result;
}

}  // namespace abp
