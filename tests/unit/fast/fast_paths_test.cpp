// The fast paths of issue 5 must give exactly what the plain ones give: lines read directly
// from a file as through fccp's LineReader, names ranked by radix as by std::sort, records
// handed over by a second thread in file order with errors in place, the bulk loader's
// catalogue, notes and errors as core's RecordRules::apply() gives them record by record.
#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <catch2/catch.hpp>
#include <random>
#include <string>
#include <vector>

#include "abp/core/catalogue.hpp"
#include "abp/core/columns.hpp"
#include "abp/core/error.hpp"
#include "abp/core/record_to_fact.hpp"
#include "abp/core/skipped_records.hpp"
#include "abp/fast/loader.hpp"
#include "abp/fast/string_pool.hpp"
#include "abp/io/csv_reader.hpp"
#include "abp/io/line_source.hpp"
#include "abp/io/record_stream.hpp"
#include "support.hpp"

namespace {

struct Line {
  std::string bytes;
  abp::LineEnd end;
  bool operator==(const Line& other) const { return bytes == other.bytes && end == other.end; }
};

std::vector<Line> lines_of(const std::string& input, abp::LineReading reading) {
  abp::LineSource source(abp::make_memory_source(input), "test", reading);
  std::vector<Line> out;
  abp::PhysicalLine line;
  while (source.next(line)) out.push_back(Line{std::string(line.bytes), line.end});
  out.push_back(Line{"first end", source.first_line_end()});
  return out;
}

}  // namespace

TEST_CASE("fast paths: direct reading splits lines as fccp's LineReader does", "[fast]") {
  const std::vector<std::string> inputs = {
      "",
      "\n",
      "a",
      "a\n",
      "a\nb",
      "a\r\nb\r\n",
      "a\rb\rc",
      "a\r\r\nb\r",
      "\r",
      "\r\n\r\n",
      "\xEF\xBB\xBF",
      "\xEF\xBB\xBF"
      "a,b\n",
      "\xEF\xBB",
      "x\xEF\xBB\xBF\n",
      std::string("nul\0inside\n\0\n", 14),
      "\x01\x01r\x01\n",
      "\n\n\na\n\n",
      std::string(3u << 20, 'x') + "\nshort\n" + std::string(5u << 20, 'y'),
      std::string(3u << 20, 'z') + "\r" + std::string(10, 'w') + "\r\n",
  };
  for (const std::string& input : inputs) {
    CAPTURE(input.substr(0, 40));
    CHECK(lines_of(input, abp::LineReading::kDirect) ==
          lines_of(input, abp::LineReading::kLineReader));
  }
  // Random mixes of the bytes that matter.
  std::mt19937 rng(5);
  const std::string alphabet = std::string("ab,\"\r\n\n\x01", 8) + std::string(1, '\0');
  for (int round = 0; round < 300; ++round) {
    std::string input;
    const int length = static_cast<int>(rng() % 80);
    for (int i = 0; i < length; ++i) input += alphabet[rng() % alphabet.size()];
    CAPTURE(input);
    CHECK(lines_of(input, abp::LineReading::kDirect) ==
          lines_of(input, abp::LineReading::kLineReader));
  }
}

TEST_CASE("fast paths: names are ranked byte-wise, prefixes and NULs included", "[fast]") {
  // Enough distinct names that ranking takes the radix path on two threads.
  std::vector<std::string> names = {"",
                                    "a",
                                    "ab",
                                    std::string("ab\0", 3),
                                    "ab\x01",
                                    "abc",
                                    "\xC3\xA9",
                                    "Z",
                                    "zz",
                                    std::string(40, 'q'),
                                    std::string(40, 'q') + "r",
                                    std::string(40, 'q') + '\0'};
  std::mt19937 rng(11);
  for (int i = 0; i < 80000; ++i) {
    std::string name = i % 3 == 0 ? "The Common Prefix Of Many Titles " : "";
    const int length = static_cast<int>(rng() % 24);
    for (int j = 0; j < length; ++j) name += static_cast<char>("aAbB \0\xC3\xFF"[rng() % 8]);
    names.push_back(name);
  }
  abp::CatalogueBuilder builder;
  for (std::size_t i = 0; i < names.size(); ++i) {
    const abp::Id author = builder.authors().intern(names[i]);
    const abp::Id title = builder.titles().intern(names[(i * 7919) % names.size()]);
    const abp::Id publisher = builder.publishers().intern(names[i % 50]);
    builder.add(abp::Fact{author, title, publisher});
  }
  const abp::Catalogue catalogue = std::move(builder).finish();

  // Byte-wise order of (author, title, publisher): compare the parts, not the joined text.
  std::vector<std::size_t> order(names.size());
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
  auto part = [&](std::size_t i, int which) -> const std::string& {
    return which == 0 ? names[i] : which == 1 ? names[(i * 7919) % names.size()] : names[i % 50];
  };
  std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    for (int which = 0; which < 3; ++which) {
      if (part(a, which) != part(b, which)) return part(a, which) < part(b, which);
    }
    return false;
  });
  order.erase(std::unique(order.begin(), order.end(),
                          [&](std::size_t a, std::size_t b) {
                            return part(a, 0) == part(b, 0) && part(a, 1) == part(b, 1) &&
                                   part(a, 2) == part(b, 2);
                          }),
              order.end());
  REQUIRE(catalogue.facts().size() == order.size());
  for (std::size_t k = 0; k < order.size(); ++k) {
    const abp::RankedFact& fact = catalogue.facts()[k];
    REQUIRE(catalogue.author_name(fact.author) == part(order[k], 0));
    REQUIRE(catalogue.title_name(fact.title) == part(order[k], 1));
    REQUIRE(catalogue.fact_title(k) == part(order[k], 1));
    REQUIRE(catalogue.publisher_name(fact.publisher) == part(order[k], 2));
  }
}

TEST_CASE("fast paths: each fact's title where the sort left it is its title by id", "[fast]") {
  // Authors of many books (their titles reordered by text, shared between authors, stated
  // again), with and without row counts: the titles the sort keeps beside the facts name
  // the same strings as the facts' title ids, fact for fact.
  auto fill = [](abp::CatalogueBuilder& builder) {
    std::mt19937 rng(5);
    for (int i = 0; i < 60000; ++i) {
      // Some 700 KB of titles: the first ones in the pool's small heap blocks, the rest not.
      const std::string title =
          "A title long enough to fill blocks " + std::to_string(rng() % 20000);
      builder.add(abp::Fact{builder.authors().intern("Author " + std::to_string(rng() % 300)),
                            builder.titles().intern(title),
                            builder.publishers().intern("P" + std::to_string(rng() % 40))});
    }
  };
  for (const abp::RowCounts counts : {abp::RowCounts::kDrop, abp::RowCounts::kKeep}) {
    abp::CatalogueBuilder by_id;
    fill(by_id);
    CHECK_FALSE(std::move(by_id).finish(counts).fact_titles_in_order());  // only when asked
    abp::CatalogueBuilder builder;
    fill(builder);
    abp::Catalogue catalogue = std::move(builder).finish(counts, abp::FactTitles::kInOrder);
    REQUIRE(catalogue.fact_titles_in_order());
    const std::vector<abp::RankedFact>& facts = catalogue.facts();
    for (std::size_t i = 0; i < facts.size(); ++i) {
      REQUIRE(catalogue.fact_title(i).data() == catalogue.title_name(facts[i].title).data());
    }
    // Facts made anew no longer match the titles kept: they are looked up by id again.
    std::vector<abp::RankedFact> every_other;
    for (std::size_t i = 0; i < facts.size(); i += 2) every_other.push_back(facts[i]);
    const abp::Catalogue fewer = catalogue.with_facts(every_other, {});
    CHECK_FALSE(fewer.fact_titles_in_order());
    CHECK(fewer.fact_title(1) == catalogue.title_name(facts[2].title));
    auto released = catalogue.release_facts();
    CHECK_FALSE(catalogue.fact_titles_in_order());
    released.first.resize(3);
    const abp::Catalogue again = catalogue.with_facts(released.first, {});
    CHECK(again.fact_title(2) == catalogue.title_name(released.first[2].title));
  }
}

TEST_CASE("fast paths: records cross threads in order, the error after them", "[fast]") {
  std::string input = "h1,h2\n";
  for (int i = 0; i < 30000; ++i) input += std::to_string(i) + ",x\n";
  input += "\"never closed\n";
  for (const bool threaded : {true, false}) {
    abp::LineSource lines(abp::make_memory_source(input), "test", abp::LineReading::kDirect);
    abp::CsvReader reader(lines, abp::Dialect{}, "test");
    abp::Record header;
    REQUIRE(reader.next(header));
    abp::RecordStream stream(reader, nullptr, threaded);
    int expected = 0;
    std::uint64_t error_line = 0;
    try {
      while (const abp::RecordBatch* batch = stream.next()) {
        for (std::size_t i = 0; i < batch->size(); ++i) {
          REQUIRE((*batch)[i].fields[0] == std::to_string(expected));
          REQUIRE((*batch)[i].line == static_cast<std::uint64_t>(expected) + 2);
          ++expected;
        }
      }
    } catch (const abp::Error& e) {
      error_line = e.line();
    }
    CHECK(expected == 30000);
    CHECK(error_line == 30002);
  }
}

TEST_CASE("fast paths: a batch holds each record's fields as the reader gave them", "[fast]") {
  // Plain lines are copied whole, anything else field by field: both must give the fields
  // back exactly, each followed by the space adjacent_joined() reads.
  const std::vector<std::string> lines_of_input = {
      "a,b,c",     "\"q,1\",b,c",  "a,\"two\nlines\",c",
      "a,b,",      ",,",           "x,,z",
      " a , b ,c", "a,\"\"\"\",c", std::string(70000, 'w') + ",b,c",
      "only"};
  std::string input = "h1,h2,h3\n";
  for (std::size_t i = 0; i < 3000; ++i) input += lines_of_input[i % lines_of_input.size()] + "\n";
  std::vector<std::vector<std::string>> expected;
  {
    abp::LineSource lines(abp::make_memory_source(input), "test", abp::LineReading::kDirect);
    abp::CsvReader reader(lines, abp::Dialect{}, "test");
    abp::Record record;
    REQUIRE(reader.next(record));
    while (reader.next(record)) expected.emplace_back(record.fields.begin(), record.fields.end());
  }
  abp::LineSource lines(abp::make_memory_source(input), "test", abp::LineReading::kDirect);
  abp::CsvReader reader(lines, abp::Dialect{}, "test");
  abp::Record header;
  REQUIRE(reader.next(header));
  abp::RecordStream stream(reader);
  std::size_t k = 0;
  while (const abp::RecordBatch* batch = stream.next()) {
    for (std::size_t i = 0; i < batch->size(); ++i, ++k) {
      const abp::RecordView record = (*batch)[i];
      REQUIRE(k < expected.size());
      REQUIRE(std::vector<std::string>(record.fields, record.fields + record.size) == expected[k]);
      for (std::size_t f = 0; f + 1 < record.size; ++f) {
        const std::string joined = expected[k][f] + " " + expected[k][f + 1];
        if (!expected[k][f].empty() && !expected[k][f + 1].empty()) {
          CHECK(abp::RecordBatch::adjacent_joined(record.fields[f], record.fields[f + 1]) ==
                joined);
        }
      }
    }
  }
  CHECK(k == expected.size());
}

TEST_CASE("fast paths: a consumer may stop early; the reading thread ends", "[fast]") {
  std::string input = "h\n";
  for (int i = 0; i < 100000; ++i) input += "row\n";
  abp::LineSource lines(abp::make_memory_source(input), "test");
  abp::CsvReader reader(lines, abp::Dialect{}, "test");
  abp::Record header;
  REQUIRE(reader.next(header));
  abp::RecordStream stream(reader);
  CHECK(stream.next() != nullptr);
  // Leaving the scope here must join the thread, not hang or crash.
}

namespace {

// What a load gives: the facts in tree order and the notes, or the error.
struct LoadResult {
  std::vector<abp_test::Triple> facts;
  std::vector<std::string> notes;
  std::string error;  // "code line: message" when loading failed

  bool operator==(const LoadResult& other) const {
    return facts == other.facts && notes == other.notes && error == other.error;
  }
};

template <typename Load>
LoadResult result_of(Load&& load) {
  LoadResult result;
  try {
    abp::Loaded loaded = load();
    result.notes = loaded.skipped.notes();
    result.facts = abp_test::triples(std::move(loaded.catalogue).finish());
  } catch (const abp::Error& e) {
    result.error = std::to_string(static_cast<int>(e.code())) + " " + std::to_string(e.line()) +
                   ": " + e.what();
  }
  return result;
}

// The plain way: each record through RecordRules::apply(), one at a time, on this thread.
abp::Loaded plain_load(const std::string& input, const abp::LoadOptions& options) {
  abp::LineSource lines(abp::make_memory_source(input), "test.csv");
  abp::CsvReader reader(lines, options.dialect, "test.csv");
  abp::Record header;
  if (!reader.next(header)) throw abp::Error(abp::ExitCode::kDataErr, "no header", "test.csv");
  abp::Loaded loaded;
  loaded.shape.header.assign(header.fields.begin(), header.fields.end());
  loaded.shape.columns =
      abp::resolve_columns(loaded.shape.header, options.columns, "test.csv", header.line);
  const abp::RecordRules rules(loaded.shape.header, loaded.shape.columns, options.split_authors,
                               "test.csv");
  loaded.skipped = abp::SkippedRecords(options.skip_bad_rows, rules.header_fields(), "test.csv");
  abp::CatalogueBuilder& builder = loaded.catalogue;
  abp::Record record;
  abp::FactScratch scratch;
  abp::FactValues values;
  std::string part;
  while (reader.next(record)) {
    if (rules.apply(record.fields.data(), record.fields.size(), record.line, scratch, values,
                    loaded.skipped) != abp::RecordKind::kFact) {
      continue;
    }
    const abp::Id title = builder.titles().intern(values.title);
    const abp::Id publisher = builder.publishers().intern(values.publisher);
    rules.for_each_author(values.author, part, [&](std::string_view author) {
      builder.add(abp::Fact{builder.authors().intern(author), title, publisher});
    });
  }
  return loaded;
}

// The bulk loader over a regular file, so it reads on its second thread.
abp::Loaded bulk_load_file(const abp_test::TempDir& dir, const std::string& input,
                           const abp::LoadOptions& options) {
  const std::string path = dir.file("input.csv");
  abp_test::write_file(path, input);
  const int fd = ::open(path.c_str(), O_RDONLY);
  REQUIRE(fd >= 0);
  struct Closer {
    int fd;
    ~Closer() { ::close(fd); }
  } closer{fd};
  return abp::load_catalogue(abp::make_fd_source(fd, "test.csv"), "test.csv", options);
}

// A random catalogue: values with blanks, quotes and commas; now and then a record of the
// wrong width or the header line again; with `bad_bytes`, invalid UTF-8 in two fields picked
// at random (used or not).
std::string random_catalogue(std::mt19937& rng, const std::string& header, std::size_t width,
                             int records, bool bad_bytes) {
  static const char* const kPieces[] = {"a",  "B",        "Le", " ", "  ",
                                        "\t", "\xC3\xA9", "/",  ",", " (2009)"};
  const auto cells = static_cast<std::size_t>(records) * width;
  const std::size_t bad1 = bad_bytes ? rng() % cells : cells;
  const std::size_t bad2 = bad_bytes ? rng() % cells : cells;
  std::string out = header + "\n";
  for (int r = 0; r < records; ++r) {
    if (rng() % 500 == 0) {
      out += (rng() % 2 == 0 ? "" : "\xEF\xBB\xBF") + header + "\n";
      continue;
    }
    std::size_t fields = width;
    if (rng() % 400 == 0) fields = 1 + rng() % (width + 2);
    for (std::size_t f = 0; f < fields; ++f) {
      if (f > 0) out += ',';
      std::string value;
      const int pieces = static_cast<int>(rng() % 4);
      for (int i = 0; i < pieces; ++i) value += kPieces[rng() % 10];
      const std::size_t cell = static_cast<std::size_t>(r) * width + f;
      if (cell == bad1 || cell == bad2) value += "\xFF";
      if (value.find(',') != std::string::npos || rng() % 20 == 0) {
        out += '"' + value + '"';
      } else {
        out += value;
      }
    }
    out += rng() % 10 == 0 ? "\r\n" : "\n";
  }
  return out;
}

}  // namespace

TEST_CASE("fast paths: the bulk loader gives what RecordRules::apply() gives", "[fast]") {
  const abp_test::TempDir dir;
  std::mt19937 rng(17);
  struct Layout {
    std::string header;
    std::size_t width;
  };
  const std::vector<Layout> layouts = {{"first_name,last_name,title,publisher", 4},
                                       {"author,title,publisher", 3},
                                       {"title,last_name,x,first_name,publisher", 5},
                                       {"Title,Primary Author,Publication", 3}};
  int compared = 0;
  int failed = 0;
  for (int round = 0; round < 64; ++round) {
    const Layout& layout = layouts[static_cast<std::size_t>(round) % layouts.size()];
    abp::LoadOptions options;
    options.skip_bad_rows = round % 2 == 0;
    if (round % 3 == 1) options.split_authors = "/";
    // A few large inputs span many batches of the record stream.
    const int records = round < 6 ? 30000 : static_cast<int>(rng() % 300);
    const std::string input =
        random_catalogue(rng, layout.header, layout.width, records, round % 4 >= 2);
    CAPTURE(round, layout.header, options.skip_bad_rows, options.split_authors);
    const LoadResult plain = result_of([&] { return plain_load(input, options); });
    CHECK(result_of([&] { return abp_test::load(input, options); }) == plain);
    CHECK(result_of([&] { return bulk_load_file(dir, input, options); }) == plain);
    ++compared;
    failed += plain.error.empty() ? 0 : 1;
  }
  CHECK(failed > 3);  // errors were compared too, not only catalogues
  CHECK(failed < compared - 10);
}

TEST_CASE(
    "fast paths: a large file sizes its tables from its first rows, as the plain way reads it",
    "[fast]") {
  // More rows than the loader samples (262,144) and more bytes than 48 a row, so the title
  // and author tables are sized while the file is read: titles on the loading thread, authors
  // on the reading thread, or on the loading one with --split-authors.
  const abp_test::TempDir dir;
  std::string input = "author,title,publisher\n";
  constexpr int kRows = 300000;
  for (int i = 0; i < kRows; ++i) {
    input += "Author number " + std::to_string(i % 40000) + "/Second author " +
             std::to_string(i % 7) + ",A title long enough for the table to be sized " +
             std::to_string(i % 120000) + ",Publisher " + std::to_string(i % 300) + "\n";
  }
  for (const char* split : {"", "/"}) {
    abp::LoadOptions options;
    options.split_authors = split;
    CAPTURE(split);
    const LoadResult plain = result_of([&] { return plain_load(input, options); });
    REQUIRE(plain.error.empty());
    CHECK(result_of([&] { return bulk_load_file(dir, input, options); }) == plain);
  }
}
