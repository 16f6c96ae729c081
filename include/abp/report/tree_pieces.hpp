#pragma once

#include <functional>

#include "abp/io/output.hpp"
#include "abp/report/report_source.hpp"

namespace abp {

/// Writes some leaves of a tree: `first` says these leaves begin the tree (a writer may need
/// to know that it must not separate them from what came before).
using LeafWriter = std::function<void(LeafSource& leaves, Output& out, bool first)>;

/// Writes every leaf of `source` to `out` with `write`: in pieces made on two threads
/// (fast/parallel.hpp) where the source can split its tree, else in one pass. The
/// bytes are the same either way; only the speed differs.
void write_tree_leaves(ReportSource& source, Output& out, const LeafWriter& write);

}  // namespace abp
