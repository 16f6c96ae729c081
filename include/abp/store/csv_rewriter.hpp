#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

#include "abp/core/edit.hpp"
#include "abp/core/skipped_records.hpp"
#include "abp/fast/loader.hpp"
#include "abp/io/byte_source.hpp"

namespace abp {

/// Where a rewrite's bytes go: the new file beside the old one, or nowhere (--dry-run).
///
/// A rewrite gives its sink nothing until the first change: then copy_input() once, for the
/// bytes before it, which are the input's own, then write() for the rest. So a sink that can
/// read the input itself need not be handed those bytes, and an edit that changes nothing
/// writes nothing at all.
class ByteSink {
 public:
  virtual ~ByteSink() = default;
  /// Takes the first `size` bytes of the input, unchanged, as the new file's first bytes.
  virtual void copy_input(std::uint64_t size) = 0;
  /// Takes the next bytes of the new file. Both throw Error to stop the rewrite.
  virtual void write(std::string_view bytes) = 0;
};

/// A ByteSink that forgets what it is given.
class NullSink final : public ByteSink {
 public:
  void copy_input(std::uint64_t) override {}
  void write(std::string_view) override {}
};

/// One changed row, as SPEC §6 prints it: the row as written in the file without its line
/// break, in UTF-8 (converted from --encoding), not yet escaped; `after` is empty for a
/// removed row.
struct RowChange {
  std::string_view before;
  std::string_view after;
  bool removed = false;
};
using RowChangeVisitor = std::function<void(const RowChange&)>;

/// What a rewrite did.
struct RewriteResult {
  std::uint64_t rows_changed = 0;  // removed or rewritten
  SkippedRecords skipped;          // records that are no fact, passed through as they are
};

/// Throws Error(kUsage) when `encoding` is set and a file in it cannot be rewritten in place
/// (it does not extend ASCII: UTF-16, UTF-32). Checked before any file is opened.
void check_rewrite_encoding(const std::string& encoding, const char* command);

/// Reads the catalogue from `source` as load_catalogue reads it (SPEC §2: the same records,
/// columns, normalising and errors) and writes it to `sink` with `edit` applied (SPEC §6),
/// streaming: memory is a block of the input plus the longest record.
///
/// Every byte the edit does not concern is copied as it is: the byte-order mark, empty lines,
/// the header, every other row with its line break, the final line break or its absence, and
/// in a changed row every other field as it was written. A changed field is written in the
/// file's encoding, quoted only where needed. In a first/last file a new author is split at
/// its first space (as add splits it), and only the name fields whose value changes are
/// rewritten; with --split-authors only the matching part of the author value changes. A
/// removed row goes with its line break; a removed last row that had none takes the line
/// break before it along, so the file still ends as it did.
///
/// When nothing matches, `sink` gets nothing and rows_changed is 0. `on_change` sees each
/// changed row in file order. Throws Error(kDataErr) like
/// load_catalogue, Error(kUsage) when the new value cannot be written in `encoding`, and what
/// the source and the sink throw.
RewriteResult rewrite_catalogue(ByteSource& source, const std::string& file,
                                const LoadOptions& options, const CatalogueEdit& edit,
                                ByteSink& sink, const RowChangeVisitor& on_change);

/// Reads the catalogue from `source` (as rewrite_catalogue does) after an edit matched no row,
/// and returns the note saying what was missing and the closest existing value (MissFinder).
std::string describe_csv_miss(ByteSource& source, const std::string& file,
                              const LoadOptions& options, const CatalogueEdit& edit);

}  // namespace abp
