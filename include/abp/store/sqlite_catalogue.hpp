#pragma once

#include <string>

#include "abp/core/catalogue.hpp"

namespace abp {

/// Reads every fact of a database that abp export made into a catalogue builder, for the
/// questions its SQL report source does not answer (the filters and `--fold` of SPEC §7,
/// `abp dupes`, the books per author): the in-memory catalogue answers those for a CSV, so
/// it answers them for a database the same way. A database holds each fact once, so each
/// fact counts as one row. One read transaction; O(facts) plus SQLite's join.
///
/// Throws Error(kTempFail) when a writer holds the database past `lock_timeout_seconds`,
/// Error(kDataErr) when it is not an abp database or holds a value that is not UTF-8.
CatalogueBuilder read_database_catalogue(const std::string& path, double lock_timeout_seconds);

}  // namespace abp
