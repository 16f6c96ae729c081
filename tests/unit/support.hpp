#pragma once

// Helpers the unit tests share: inputs built from strings (ninja's ParseTest idea), outputs
// captured as strings, and the one temp folder the appender tests need.

#include <sys/mman.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <utility>
#include <vector>

#include <catch2/catch.hpp>

#include "abp/core/catalogue.hpp"
#include "abp/core/error.hpp"
#include "abp/fast/loader.hpp"
#include "abp/io/byte_source.hpp"
#include "abp/io/csv_reader.hpp"
#include "abp/io/line_source.hpp"
#include "abp/io/output.hpp"
#include "abp/report/render.hpp"

namespace abp_test {

/// Returns the abp::Error that `f` throws; fails the test when it throws none.
template <typename F>
abp::Error error_of(F&& f) {
  try {
    f();
  } catch (const abp::Error& e) {
    return e;
  }
  FAIL("expected an abp::Error");
  return abp::Error(abp::ExitCode::kOk, "");
}

/// One record with its fields copied out (a Record's views die at the next read).
struct OwnedRecord {
  std::vector<std::string> fields;
  std::uint64_t line;
};

/// Reads every record of `bytes` with a CsvReader over a LineSource.
inline std::vector<OwnedRecord> read_records(std::string bytes, char delimiter = ',') {
  abp::LineSource lines(abp::make_memory_source(std::move(bytes)), "test.csv");
  abp::CsvReader reader(lines, abp::Dialect{delimiter}, "test.csv");
  std::vector<OwnedRecord> out;
  abp::Record record;
  while (reader.next(record)) {
    out.push_back({{record.fields.begin(), record.fields.end()}, record.line});
  }
  return out;
}

/// Shorthand for the fields of one record.
using Fields = std::vector<std::string>;

/// Loads `bytes` as the catalogue file "test.csv".
inline abp::Loaded load(std::string bytes, const abp::LoadOptions& options = {}) {
  return abp::load_catalogue(abp::make_memory_source(std::move(bytes)), "test.csv", options);
}

/// Loads `bytes` and finishes the catalogue.
inline abp::Catalogue catalogue_from(std::string bytes, const abp::LoadOptions& options = {}) {
  return std::move(load(std::move(bytes), options).catalogue).finish();
}

using Triple = std::array<std::string, 3>;  // author, title, publisher

/// Returns a catalogue holding `facts` (duplicates allowed, as from a file).
inline abp::Catalogue catalogue_of(const std::vector<Triple>& facts,
                                   abp::RowCounts row_counts = abp::RowCounts::kDrop) {
  abp::CatalogueBuilder builder;
  for (const Triple& f : facts) {
    builder.add(abp::Fact{builder.authors().intern(f[0]), builder.titles().intern(f[1]),
                          builder.publishers().intern(f[2])});
  }
  return std::move(builder).finish(row_counts);
}

/// Returns the catalogue's facts as strings, in its order.
inline std::vector<Triple> triples(const abp::Catalogue& catalogue) {
  std::vector<Triple> out;
  for (const abp::RankedFact& f : catalogue.facts()) {
    out.push_back({std::string(catalogue.author_name(f.author)),
                   std::string(catalogue.title_name(f.title)),
                   std::string(catalogue.publisher_name(f.publisher))});
  }
  return out;
}

/// RenderOptions for `format` and `sections`, everything else at its default.
inline abp::RenderOptions report_options(abp::Format format, abp::Sections sections = {}) {
  abp::RenderOptions o;
  o.format = format;
  o.sections = sections;
  return o;
}

inline constexpr abp::Sections kBooks{true, false, false};
inline constexpr abp::Sections kAuthors{false, true, false};
inline constexpr abp::Sections kTree{false, false, true};
inline constexpr abp::Sections kAuthorBooks{false, false, false, true};

/// The catalogue most report tests show: two authors, three books, two publishers, a title
/// with a comma.
inline const abp::Catalogue& sample_catalogue() {
  static const abp::Catalogue catalogue = catalogue_of({
      {"Stephen King", "It", "Random House"},
      {"Stephen King", "It", "Penguin"},
      {"Stephen King", "Carrie", "Random House"},
      {"Anne Rice", "Lestat, the Vampire", "Random House"},
  });
  return catalogue;
}

/// Returns what render_report writes for `catalogue`.
inline std::string render(const abp::Catalogue& catalogue, const abp::RenderOptions& options) {
  std::string captured;
  abp::Output out(&captured);
  abp::render_report(catalogue, options, out);
  out.flush();
  return captured;
}

/// A folder of its own under $TMPDIR, removed with everything in it (ninja's ScopedTempDir).
class TempDir {
 public:
  TempDir() {
    std::string pattern = (std::filesystem::temp_directory_path() / "abp-test-XXXXXX").string();
    REQUIRE(::mkdtemp(pattern.data()) != nullptr);
    path_ = pattern;
  }
  ~TempDir() {
    std::error_code ignored;
    std::filesystem::remove_all(path_, ignored);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  /// Returns the path of `name` inside the folder.
  std::string file(const std::string& name) const { return (path_ / name).string(); }

 private:
  std::filesystem::path path_;
};

inline void write_file(const std::string& path, const std::string& bytes) {
  std::ofstream(path, std::ios::binary) << bytes;
}

inline std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

/// Whether the kernel has backed each page of [data, data + bytes) (mincore(2)).
inline std::vector<bool> backed_pages(const void* data, std::size_t bytes) {
  const auto page = static_cast<std::size_t>(::sysconf(_SC_PAGESIZE));
  std::vector<unsigned char> in_core((bytes + page - 1) / page);
  REQUIRE(::mincore(const_cast<void*>(data), bytes, in_core.data()) == 0);
  std::vector<bool> backed;
  for (const unsigned char flags : in_core) backed.push_back((flags & 1) != 0);
  return backed;
}

/// How many pages of [data, data + bytes) the kernel has backed.
inline std::size_t resident_pages(const void* data, std::size_t bytes) {
  const std::vector<bool> backed = backed_pages(data, bytes);
  return static_cast<std::size_t>(std::count(backed.begin(), backed.end(), true));
}

}  // namespace abp_test
