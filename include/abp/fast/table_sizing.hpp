#pragma once

#include <cstddef>
#include <cstdint>

namespace abp {

/// What the first rows of a file showed a string table: how many distinct strings it got
/// from how many rows, and how many bytes those rows took.
struct TableSample {
  std::size_t strings = 0;
  std::size_t rows = 0;
  std::uint64_t bytes = 0;
};

/// How many strings to size a table for once, so a large file's table is not rehashed again
/// and again as it fills: the sample's strings projected over the rows the file promises
/// (its size over the sample's bytes a row), a quarter more for what comes late. Never more
/// than one new string every `rows_per_string` rows, nor more than kMostReserved (a 64 MiB
/// table): a catalogue of few names keeps a small table, and one sized too small only has
/// some growing left to do. 0 when the sample holds the whole file (nothing to size for).
std::size_t strings_to_reserve(const TableSample& sample, std::uint64_t file_bytes,
                               std::size_t rows_per_string);

/// The most strings strings_to_reserve() asks a table to be sized for.
constexpr std::size_t kMostReserved = std::size_t{6} << 20;

}  // namespace abp
