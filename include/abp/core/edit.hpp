#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace abp {

/// One correction of the catalogue (SPEC §6), its values normalised and checked like add's
/// arguments. Values match exactly, byte for byte, after normalising (SPEC §1).
struct CatalogueEdit {
  enum class Kind {
    kRemove,           // remove AUTHOR TITLE [PUBLISHER]
    kRenameAuthor,     // rename author OLD NEW
    kRenamePublisher,  // rename publisher OLD NEW
    kRenameTitle,      // rename title AUTHOR OLD NEW
  };
  Kind kind = Kind::kRemove;
  std::string author;     // kRemove, kRenameTitle: the book's author
  std::string title;      // kRemove: the book's title
  std::string publisher;  // kRemove: only this fact of the book, when has_publisher
  bool has_publisher = false;
  std::string from;  // renames: OLD
  std::string to;    // renames: NEW

  bool is_rename() const { return kind != Kind::kRemove; }
};

/// Returns what a rename changes: "author", "publisher" or "title".
const char* renamed_part(CatalogueEdit::Kind kind);

/// Returns the summary of an edit for stderr after `FILE: `: `removed 2 rows`, `renamed author
/// in 1 row`; for a dry run `dry run: would remove 2 rows; nothing changed`.
std::string describe_edit_count(const CatalogueEdit& edit, std::uint64_t rows, bool dry_run);

}  // namespace abp
