#include "abp/core/record_to_fact.hpp"

#include <string>
#include <string_view>
#include <vector>

#include <catch2/catch.hpp>

#include "abp/core/error.hpp"
#include "abp/core/skipped_records.hpp"
#include "support.hpp"

using abp_test::error_of;

namespace {

const std::vector<std::string> kReferenceHeader = {"first_name", "last_name", "title", "publisher"};
const std::vector<std::string> kAuthorHeader = {"author", "title", "publisher"};

abp::RecordRules rules_for(const std::vector<std::string>& header,
                           const std::string& split_authors = "") {
  return abp::RecordRules(header, abp::resolve_columns(header, {}, "test.csv", 1), split_authors,
                          "test.csv");
}

// The outcome of RecordRules::apply() on one record, its values copied out.
struct Applied {
  abp::RecordKind kind;
  std::string author;
  std::string title;
  std::string publisher;
};

Applied apply(const abp::RecordRules& rules, const std::vector<std::string>& record,
              abp::SkippedRecords& skipped, std::uint64_t line = 2) {
  const std::vector<std::string_view> fields(record.begin(), record.end());
  abp::FactScratch scratch;
  abp::FactValues values;
  const abp::RecordKind kind =
      rules.apply(fields.data(), fields.size(), line, scratch, values, skipped);
  return Applied{kind, std::string(values.author), std::string(values.title),
                 std::string(values.publisher)};
}

Applied apply(const abp::RecordRules& rules, const std::vector<std::string>& record) {
  abp::SkippedRecords skipped(false, rules.header_fields(), "test.csv");
  return apply(rules, record, skipped);
}

}  // namespace

TEST_CASE("record_to_fact: the reference layout joins first and last name", "[record_to_fact]") {
  const abp::RecordRules rules = rules_for(kReferenceHeader);
  CHECK(rules.joins_names());
  const Applied a = apply(rules, {"John", "Le Carre", "Tinker, Tailor", "Berkley"});
  CHECK(a.kind == abp::RecordKind::kFact);
  CHECK(a.author == "John Le Carre");
  CHECK(a.title == "Tinker, Tailor");
  CHECK(a.publisher == "Berkley");
  // SPEC §1: each part normalised first; an empty part is dropped, both empty is "".
  CHECK(apply(rules, {"  Mary \t Ann ", " Evans", "T", "P"}).author == "Mary Ann Evans");
  CHECK(apply(rules, {"Plato", " ", "T", "P"}).author == "Plato");
  CHECK(apply(rules, {"", "Homer", "T", "P"}).author == "Homer");
  CHECK(apply(rules, {" ", "\t", "T", "P"}).author.empty());
}

TEST_CASE("record_to_fact: values are normalised, copied only when they change",
          "[record_to_fact]") {
  const abp::RecordRules rules = rules_for(kAuthorHeader);
  const std::vector<std::string> record = {"Stephen King", "  It\t", "Vintage  Books"};
  const std::vector<std::string_view> fields(record.begin(), record.end());
  abp::FactScratch scratch;
  const std::string_view author = rules.author(fields.data(), scratch);
  CHECK(author == "Stephen King");
  CHECK(author.data() == record[0].data());  // already normal: the field itself
  CHECK(rules.title(fields.data(), scratch.title) == "It");
  CHECK(rules.publisher(fields.data(), scratch.publisher) == "Vintage Books");
}

TEST_CASE("record_to_fact: the field count decides first, once", "[record_to_fact]") {
  const abp::RecordRules rules = rules_for(kAuthorHeader);
  const std::vector<std::string_view> fields = {"A", "T", "P", "extra"};
  CHECK(rules.classify(fields.data(), 3) == abp::RecordKind::kFact);
  CHECK(rules.classify(fields.data(), 4) == abp::RecordKind::kWrongFieldCount);
  CHECK(rules.classify(fields.data(), 1) == abp::RecordKind::kWrongFieldCount);

  // Without --skip-bad-rows a wrong count is 65 at the record's line, before its UTF-8 is
  // looked at (SPEC §2).
  abp::SkippedRecords refusing(false, 3, "test.csv");
  const abp::Error e = error_of([&] { apply(rules, {"A", "\xFF"}, refusing, 7); });
  CHECK(e.code() == abp::ExitCode::kDataErr);
  CHECK(e.file() == "test.csv");
  CHECK(e.line() == 7);
  CHECK(std::string(e.what()) ==
        "this record has 2 fields but the header has 3; fix it, or pass --skip-bad-rows to "
        "leave such records out");

  abp::SkippedRecords skipping(true, 3, "test.csv");
  CHECK(apply(rules, {"A", "\xFF"}, skipping, 7).kind == abp::RecordKind::kWrongFieldCount);
  CHECK(apply(rules, {"A", "T", "P"}, skipping, 8).kind == abp::RecordKind::kFact);
  CHECK(skipping.wrong_field_count().count == 1);
  CHECK(skipping.wrong_field_count().first == std::vector<std::uint64_t>{7});
}

TEST_CASE("record_to_fact: invalid UTF-8 in a used value is 65, title first", "[record_to_fact]") {
  const abp::RecordRules single = rules_for(kAuthorHeader);
  auto message = [](const abp::RecordRules& rules, const std::vector<std::string>& record) {
    const abp::Error e = error_of([&] { apply(rules, record); });
    CHECK(e.code() == abp::ExitCode::kDataErr);
    CHECK(e.line() == 2);
    return std::string(e.what());
  };
  CHECK_THAT(message(single, {"\xFF", "\xFF", "\xFF"}), Catch::StartsWith("the title is not"));
  CHECK_THAT(message(single, {"\xFF", "T", "\xFF"}), Catch::StartsWith("the publisher is not"));
  CHECK(message(single, {"Jos\xE9", "T", "P"}) ==
        "the author is not valid UTF-8; name the file's encoding with --encoding (e.g. "
        "--encoding cp1252)");
  const abp::RecordRules reference = rules_for(kReferenceHeader);
  CHECK_THAT(message(reference, {"\xC0\xAF", "x", "T", "P"}),
             Catch::StartsWith("the first name is not"));
  CHECK_THAT(message(reference, {"x", "\xC0\xAF", "T", "P"}),
             Catch::StartsWith("the last name is not"));
  // Columns abp does not use are not inspected.
  const abp::RecordRules extra = rules_for({"author", "notes", "title", "publisher"});
  CHECK(apply(extra, {"A", "\xFF\xFE", "T", "P"}).kind == abp::RecordKind::kFact);
}

TEST_CASE("record_to_fact: --split-authors makes each part an author", "[record_to_fact]") {
  auto authors = [](const abp::RecordRules& rules, std::string_view value) {
    std::vector<std::string> out;
    std::string scratch;
    rules.for_each_author(value, scratch, [&](std::string_view a) { out.emplace_back(a); });
    return out;
  };
  const abp::RecordRules whole = rules_for(kAuthorHeader);
  CHECK_FALSE(whole.splits_authors());
  CHECK(authors(whole, "A & B") == std::vector<std::string>{"A & B"});
  const abp::RecordRules amp = rules_for(kAuthorHeader, " & ");
  CHECK(amp.splits_authors());
  CHECK(authors(amp, "Terry Pratchett  &  Neil Gaiman") ==
        std::vector<std::string>{"Terry Pratchett", "Neil Gaiman"});
  const abp::RecordRules slash = rules_for(kAuthorHeader, "/");
  // Empty parts are dropped; a value of nothing but separators is the one empty author.
  CHECK(authors(slash, "J.K. Rowling//") == std::vector<std::string>{"J.K. Rowling"});
  CHECK(authors(slash, "/") == std::vector<std::string>{""});
  CHECK(authors(slash, "") == std::vector<std::string>{""});
  // With first and last names the joined name is split.
  const abp::RecordRules reference = rules_for(kReferenceHeader, "/");
  const Applied a = apply(reference, {"A/B", "C", "T", "P"});
  CHECK(authors(reference, a.author) == std::vector<std::string>{"A", "B C"});
}

TEST_CASE("record_to_fact: LibraryThing's publisher is Publication up to the year or a comma",
          "[record_to_fact]") {
  const abp::RecordRules rules = rules_for({"Title", "Primary Author", "Publication"});
  auto publisher = [&](const std::string& publication) {
    return apply(rules, {"T", "A", publication}).publisher;
  };
  CHECK(publisher("Wrox (2009), Paperback, 560 pages") == "Wrox");
  CHECK(publisher("Oxford University Press, USA (2006), Hardcover, 384 pages") ==
        "Oxford University Press, USA");
  CHECK(publisher("Penguin Press HC, The (2007), Edition: 1ST") == "Penguin Press HC, The");
  CHECK(publisher("Warner Home Video (2001)") == "Warner Home Video");
  CHECK(publisher("  Baen   (2005),  496 pages") == "Baen");  // normalised first
  CHECK(publisher("Academic,2011") == "Academic");
  CHECK(publisher("Academic , 2011") == "Academic");
  CHECK(publisher("Warner Home Video, c1999.") == "Warner Home Video");
  CHECK(publisher("Publisher Unknown") == "Publisher Unknown");
  CHECK(publisher("Lisa (Skus) (2007)") == "Lisa (Skus)");  // a year, not any parenthesis
  CHECK(publisher("Acme (199), x") == "Acme (199)");
  CHECK(publisher("") == "");
  CHECK(publisher(", 2011") == "");
  // The UTF-8 check reads the publisher it keeps.
  CHECK(apply(rules, {"T", "A", "Wrox (2009), \xFF"}).publisher == "Wrox");
  // Other files keep their publisher whole.
  CHECK(apply(rules_for(kAuthorHeader), {"A", "T", "Wrox (2009), Paperback"}).publisher ==
        "Wrox (2009), Paperback");
}

TEST_CASE("record_to_fact: a record equal to the header line is skipped", "[record_to_fact]") {
  const abp::RecordRules rules = rules_for({"first_name", "Last Name", "title", "publisher"});
  auto kind = [&](const std::vector<std::string>& record) {
    const std::vector<std::string_view> fields(record.begin(), record.end());
    return rules.classify(fields.data(), fields.size());
  };
  constexpr auto kRepeated = abp::RecordKind::kRepeatedHeader;
  CHECK(kind({"first_name", "Last Name", "title", "publisher"}) == kRepeated);
  // As a value is compared: normalised; a byte-order mark before it (`cat a.csv b.csv`).
  CHECK(kind({" first_name", "Last  Name\t", "title", "publisher "}) == kRepeated);
  CHECK(kind({"\xEF\xBB\xBF"
              "first_name",
              "Last Name", "title", "publisher"}) == kRepeated);
  // Anything else is a fact: names compare byte for byte, every field counts.
  CHECK(kind({"First_Name", "Last Name", "title", "publisher"}) == abp::RecordKind::kFact);
  CHECK(kind({"first_name", "Last Name", "title", "publishers"}) == abp::RecordKind::kFact);
  CHECK(kind({"first_name", "Last Name", "title", "publishe"}) == abp::RecordKind::kFact);
  CHECK(kind({"first_name", "Last Name", "title", ""}) == abp::RecordKind::kFact);
  CHECK(kind({"first_name", "Last Name", "title"}) == abp::RecordKind::kWrongFieldCount);
  CHECK(kind({"", "Last Name", "title", "publisher"}) == abp::RecordKind::kFact);
  CHECK(kind({"\tfirst_name  ", "Last Name", "title", "publisher"}) == kRepeated);
  CHECK(kind({"\xEF\xBB\xBF\xEF\xBB\xBF first_name", "Last Name", "title", "publisher"}) ==
        kRepeated);
  // A header whose first name is empty: only a blank first field repeats it.
  const abp::RecordRules unnamed = rules_for({"", "author", "title", "publisher"});
  const std::vector<std::string_view> blank = {"  ", "author", "title", "publisher"};
  const std::vector<std::string_view> named = {"x", "author", "title", "publisher"};
  CHECK(unnamed.classify(blank.data(), 4) == kRepeated);
  CHECK(unnamed.classify(named.data(), 4) == abp::RecordKind::kFact);

  abp::SkippedRecords skipped(false, 4, "test.csv");
  CHECK(apply(rules, {"first_name", "Last Name", "title", "publisher"}, skipped, 9).kind ==
        kRepeated);
  CHECK(skipped.repeated_header().first == std::vector<std::uint64_t>{9});
  // The header's own byte-order marks do not count either.
  const abp::RecordRules marked =
      rules_for({"\xEF\xBB\xBF"
                 "id",
                 "author", "title", "publisher"});
  const std::vector<std::string_view> plain = {"id", "author", "title", "publisher"};
  CHECK(marked.classify(plain.data(), 4) == kRepeated);
}
