#include "abp/report/tree_pieces.hpp"

#include <cstddef>
#include <memory>
#include <string>
#include <vector>

#include "abp/fast/parallel.hpp"

namespace abp {
namespace {

// Leaves a piece: large enough that handing a piece over costs nothing, small enough that
// the few pieces in flight stay in the cache.
constexpr std::size_t kPieceLeaves = std::size_t{1} << 15;

}  // namespace

void write_tree_leaves(ReportSource& source, Output& out, const LeafWriter& write) {
  const std::vector<std::unique_ptr<LeafSource>> pieces = source.split_tree(kPieceLeaves);
  if (pieces.size() < 2) {
    write(source, out, true);
    return;
  }
  make_pieces_in_order(
      pieces.size(),
      [&](std::size_t i, std::string& text) {
        Output piece(&text);
        write(*pieces[i], piece, i == 0);
        piece.flush();
      },
      [&](std::string_view text) { out.write_block(text); });
}

}  // namespace abp
