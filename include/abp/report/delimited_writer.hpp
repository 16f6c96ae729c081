#pragma once

#include "abp/io/output.hpp"
#include "abp/report/options.hpp"
#include "abp/report/report_source.hpp"

namespace abp {

/// Writes the one section `options` asks for as a table (SPEC §3): `--format csv` quoted as
/// io/csv_writer.hpp quotes, `--format tsv` with tab, LF, CR and backslash escaped. A header
/// row, then one row per count line or tree leaf; LF line endings.
void write_delimited_report(ReportSource& source, const RenderOptions& options, Output& out);

}  // namespace abp
