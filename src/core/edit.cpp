#include "abp/core/edit.hpp"

#include <fmt/format.h>

namespace abp {
namespace {

std::string rows_text(std::uint64_t rows) {
  return fmt::format("{} row{}", rows, rows == 1 ? "" : "s");
}

}  // namespace

const char* renamed_part(CatalogueEdit::Kind kind) {
  switch (kind) {
    case CatalogueEdit::Kind::kRenameAuthor:
      return "author";
    case CatalogueEdit::Kind::kRenamePublisher:
      return "publisher";
    case CatalogueEdit::Kind::kRenameTitle:
      return "title";
    case CatalogueEdit::Kind::kRemove:
      break;
  }
  return "";
}

std::string describe_edit_count(const CatalogueEdit& edit, std::uint64_t rows, bool dry_run) {
  if (dry_run) {
    return edit.is_rename()
               ? fmt::format("dry run: would rename {} in {}; nothing changed",
                             renamed_part(edit.kind), rows_text(rows))
               : fmt::format("dry run: would remove {}; nothing changed", rows_text(rows));
  }
  return edit.is_rename()
             ? fmt::format("renamed {} in {}", renamed_part(edit.kind), rows_text(rows))
             : fmt::format("removed {}", rows_text(rows));
}

}  // namespace abp
