#pragma once

#include <memory>
#include <string>
#include <vector>

#include "abp/io/byte_source.hpp"
#include "abp/io/csv_reader.hpp"

namespace abp {

/// Returns the header of the catalogue `source` holds, read as a report reads it (SPEC §2:
/// the first record that is not blank, split by `dialect`, converted from `encoding` when it
/// is not empty): its fields as they are in the file, not normalised, quotes taken off. Empty
/// for an input without any record. Reads no further than the header needs.
///
/// Throws what reading does: Error(kDataErr) for an unterminated quote or bytes that do not
/// convert from `encoding`, Error(kIoErr) for a read error.
std::vector<std::string> read_header(std::unique_ptr<ByteSource> source, const std::string& file,
                                     Dialect dialect, const std::string& encoding);

}  // namespace abp
