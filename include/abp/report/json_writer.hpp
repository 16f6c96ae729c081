#pragma once

#include <string>
#include <string_view>

#include "abp/io/output.hpp"
#include "abp/report/options.hpp"
#include "abp/report/report_source.hpp"

namespace abp {

/// Appends `value` as a JSON string: quoted, with quote, backslash and C0 controls escaped
/// (RFC 8259), every other byte as it is.
void append_json_string(std::string& out, std::string_view value);

/// Writes `--format json` (one object on one line, a key per section asked for, the tree
/// nested author -> books -> publishers) or `--format ndjson` (one object a line for the one
/// section asked for) (SPEC §3). Streamed leaf by leaf: no document is built in memory.
void write_json_report(ReportSource& source, const RenderOptions& options, Output& out);

}  // namespace abp
