#pragma once

#include "abp/io/output.hpp"
#include "abp/report/options.hpp"
#include "abp/report/report_source.hpp"

namespace abp {

/// Writes the text report (SPEC §3): the sections `options` asks for, one blank line between
/// them; count lines (with bars if asked), then the tree drawn with Unicode or ASCII
/// branches. Empty values show as `(unknown)`, control characters escaped (SPEC §4).
void write_text_report(ReportSource& source, const RenderOptions& options, Output& out);

}  // namespace abp
