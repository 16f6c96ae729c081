#pragma once

#include "abp/io/output.hpp"
#include "abp/report/options.hpp"
#include "abp/report/report_source.hpp"

namespace abp {

/// Writes `--format html`: one self-contained page (style inline, no script, nothing fetched)
/// with the look of abp serve's pages (html.hpp): each count section asked for as a table with
/// bars, and the tree as nested <details> that fold. Any set of sections. Streamed: the tree
/// is written leaf by leaf.
void write_html_report(ReportSource& source, const RenderOptions& options, Output& out);

}  // namespace abp
