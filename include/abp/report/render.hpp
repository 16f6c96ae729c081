#pragma once

#include "abp/core/catalogue.hpp"
#include "abp/io/output.hpp"
#include "abp/report/options.hpp"
#include "abp/report/report_source.hpp"

namespace abp {

/// Writes the report of `source` to `out` (SPEC §3-4) with the writer of `options.format`;
/// asks the source only for the sections wanted. `options` must have passed
/// validate_render_options().
void render_report(ReportSource& source, const RenderOptions& options, Output& out);

/// Writes the report of `catalogue` to `out` (SPEC §3-4), as render_report() of a
/// CatalogueSource.
void render_report(const Catalogue& catalogue, const RenderOptions& options, Output& out);

}  // namespace abp
