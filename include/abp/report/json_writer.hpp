#pragma once

#include "abp/io/output.hpp"
#include "abp/report/options.hpp"
#include "abp/report/report_source.hpp"

namespace abp {

/// Writes `--format json` (one object on one line, a key per section asked for, the tree
/// nested author -> books -> publishers) or `--format ndjson` (one object a line for the one
/// section asked for) (SPEC §3). Streamed leaf by leaf: no document is built in memory.
void write_json_report(ReportSource& source, const RenderOptions& options, Output& out);

}  // namespace abp
