#include "abp/store/appender.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <string>

#include <catch2/catch.hpp>

#include "support.hpp"

using abp_test::read_file;
using abp_test::TempDir;
using abp_test::write_file;

namespace {

constexpr const char* kSmall = "first_name,last_name,title,publisher\nIsaac,Asimov,Foundation,RH\n";

const abp::NewFact kFact{"John Le Carre", "Tinker, Tailor", "Knopf"};

abp::AppendResult append(const std::string& path, const abp::NewFact& fact = kFact,
                         char delimiter = ',', const std::string& encoding = "") {
  abp::LoadOptions options;
  options.dialect.delimiter = delimiter;
  options.encoding = encoding;
  return abp::append_fact(path, fact, options, 0.2);
}

bool holds(const abp::Catalogue& catalogue, const abp::NewFact& fact) {
  for (const auto& t : abp_test::triples(catalogue)) {
    if (t[0] == fact.author && t[1] == fact.title && t[2] == fact.publisher) return true;
  }
  return false;
}

}  // namespace

TEST_CASE("appender: check_add_argument normalises and refuses what cannot be a field",
          "[appender]") {
  CHECK(abp::check_add_argument("  Stephen \t  King ", "AUTHOR") == "Stephen King");
  CHECK(abp::check_add_argument("-30-", "AUTHOR") == "-30-");
  CHECK(abp::check_add_argument("Zoë, \"Q\"", "TITLE") == "Zoë, \"Q\"");
  CHECK(abp::check_add_argument("Em \xE2\x80\x94 dash", "TITLE") == "Em \xE2\x80\x94 dash");
  for (const char* bad : {"", "  \t ", "a\nb", "a\rb",
                          "a\x01"
                          "b",
                          "a\x1b[0m", "a\x7f", "a\xC2\x85", "Caf\xE9", "\xC0\xAF",
                          "line\xE2\x80\xA8sep", "para\xE2\x80\xA9sep",
                          "\xE2\x80\xAE"
                          "evil",
                          "\xE2\x81\xA6isolate\xE2\x81\xA9"}) {
    CAPTURE(bad);
    const abp::Error e = abp_test::error_of([&] { abp::check_add_argument(bad, "TITLE"); });
    CHECK(e.code() == abp::ExitCode::kUsage);
    CHECK_THAT(e.what(), Catch::Contains("TITLE"));
  }
}

TEST_CASE("appender: one row in the file's column order, split at the first space", "[appender]") {
  TempDir dir;
  const std::string path = dir.file("books.csv");
  write_file(path, "isbn,publisher,last_name,title,first_name\n1,RH,Asimov,Foundation,Isaac\n");
  const abp::AppendResult result = append(path);
  CHECK(result.outcome == abp::AppendOutcome::kAppended);
  CHECK(read_file(path) ==
        "isbn,publisher,last_name,title,first_name\n1,RH,Asimov,Foundation,Isaac\n"
        ",Knopf,Le Carre,\"Tinker, Tailor\",John\n");
  CHECK(holds(result.catalogue, kFact));
  CHECK(abp_test::triples(result.catalogue).size() == 2);
}

TEST_CASE("appender: a single author column gets the whole name", "[appender]") {
  TempDir dir;
  const std::string path = dir.file("goodreads.csv");
  write_file(path, "Title;Author;Publisher;Binding\r\nIt;Stephen King;Viking;Paper\r\n");
  append(path, abp::NewFact{"Ann Patchett", "Bel; Canto", "Harper"}, ';');
  CHECK(read_file(path) ==
        "Title;Author;Publisher;Binding\r\nIt;Stephen King;Viking;Paper\r\n"
        "\"Bel; Canto\";Ann Patchett;Harper;\r\n");
}

TEST_CASE("appender: a fact already present writes nothing", "[appender]") {
  TempDir dir;
  const std::string path = dir.file("books.csv");
  write_file(path, kSmall);
  const abp::AppendResult result = append(path, abp::NewFact{"Isaac Asimov", "Foundation", "RH"});
  CHECK(result.outcome == abp::AppendOutcome::kAlreadyPresent);
  CHECK(read_file(path) == kSmall);
  CHECK(abp_test::triples(result.catalogue).size() == 1);
}

TEST_CASE("appender: appending twice writes once", "[appender]") {
  TempDir dir;
  const std::string path = dir.file("books.csv");
  write_file(path, kSmall);
  CHECK(append(path).outcome == abp::AppendOutcome::kAppended);
  const std::string once = read_file(path);
  CHECK(append(path).outcome == abp::AppendOutcome::kAlreadyPresent);
  CHECK(read_file(path) == once);
}

TEST_CASE("appender: the file's line ending, and a final newline supplied first", "[appender]") {
  TempDir dir;
  const std::string path = dir.file("books.csv");
  const std::string crlf = "first_name,last_name,title,publisher\r\nIsaac,Asimov,Foundation,RH";
  const std::string row = "John,Le Carre,\"Tinker, Tailor\",Knopf";
  write_file(path, crlf);
  append(path);
  CHECK(read_file(path) == crlf + "\r\n" + row + "\r\n");

  write_file(path, "first_name,last_name,title,publisher\nIsaac,Asimov,Foundation,RH");
  append(path);
  CHECK(read_file(path) ==
        "first_name,last_name,title,publisher\nIsaac,Asimov,Foundation,RH\n" + row + "\n");

  write_file(path, "first_name,last_name,title,publisher\rIsaac,Asimov,Foundation,RH\r");
  append(path);
  CHECK(read_file(path) ==
        "first_name,last_name,title,publisher\rIsaac,Asimov,Foundation,RH\r" + row + "\r");
}

TEST_CASE("appender: a missing file is created with the reference header", "[appender]") {
  TempDir dir;
  const std::string path = dir.file("new.csv");
  const abp::AppendResult result = append(path);
  CHECK(result.outcome == abp::AppendOutcome::kCreated);
  CHECK(read_file(path) ==
        "first_name,last_name,title,publisher\nJohn,Le Carre,\"Tinker, Tailor\",Knopf\n");
  CHECK(holds(result.catalogue, kFact));
}

TEST_CASE("appender: a created file uses the delimiter it will be read with", "[appender]") {
  TempDir dir;
  const std::string path = dir.file("new.tsv");
  append(path, kFact, '\t');
  CHECK(read_file(path) ==
        "first_name\tlast_name\ttitle\tpublisher\nJohn\tLe Carre\tTinker, Tailor\tKnopf\n");
  CHECK(append(path, kFact, '\t').outcome == abp::AppendOutcome::kAlreadyPresent);
}

TEST_CASE("appender: --encoding writes the row in the file's encoding", "[appender]") {
  TempDir dir;
  const std::string path = dir.file("latin1.csv");
  const std::string before = "author,title,publisher\nJos\xE9,Ensaio,Caminho\n";
  write_file(path, before);
  const abp::NewFact fact{"Zo\xC3\xAB", "Caf\xC3\xA9", "P"};
  CHECK(append(path, fact, ',', "latin1").outcome == abp::AppendOutcome::kAppended);
  CHECK(read_file(path) == before + "Zo\xEB,Caf\xE9,P\n");
  CHECK(append(path, fact, ',', "latin1").outcome == abp::AppendOutcome::kAlreadyPresent);
  CHECK(read_file(path) == before + "Zo\xEB,Caf\xE9,P\n");

  const abp::NewFact wide{"Ann", "\xE6\x97\xA5", "P"};
  CHECK(abp_test::error_of([&] { append(path, wide, ',', "latin1"); }).code() ==
        abp::ExitCode::kUsage);
  CHECK(read_file(path) == before + "Zo\xEB,Caf\xE9,P\n");
  const std::string created = dir.file("created.csv");
  CHECK(abp_test::error_of([&] { append(created, wide, ',', "latin1"); }).code() ==
        abp::ExitCode::kUsage);
  // Neither the new file nor a temporary one is left behind.
  const auto entries = std::distance(std::filesystem::directory_iterator(dir.file("")),
                                     std::filesystem::directory_iterator());
  CHECK(entries == 1);
}

TEST_CASE("appender: a lock held elsewhere is 75 and the file stays as it was", "[appender]") {
  TempDir dir;
  const std::string path = dir.file("books.csv");
  write_file(path, kSmall);
  // flock locks belong to an open file description: a second open conflicts even here.
  const int holder = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  REQUIRE(holder >= 0);
  REQUIRE(::flock(holder, LOCK_EX) == 0);
  const abp::Error e = abp_test::error_of([&] { append(path); });
  ::close(holder);
  CHECK(e.code() == abp::ExitCode::kTempFail);
  CHECK(e.file() == path);
  CHECK(read_file(path) == kSmall);
}

TEST_CASE("appender: a directory is 66, an empty file 65, a bad file 65 unchanged", "[appender]") {
  TempDir dir;
  CHECK(abp_test::error_of([&] { append(dir.file("")); }).code() == abp::ExitCode::kNoInput);
  const std::string empty = dir.file("empty.csv");
  write_file(empty, "");
  CHECK(abp_test::error_of([&] { append(empty); }).code() == abp::ExitCode::kDataErr);
  CHECK(read_file(empty).empty());
  const std::string ragged = dir.file("ragged.csv");
  write_file(ragged, "author,title,publisher\nA,B\n");
  CHECK(abp_test::error_of([&] { append(ragged); }).line() == 2);
  CHECK(read_file(ragged) == "author,title,publisher\nA,B\n");
}

TEST_CASE("appender: a file abp may not write is 73", "[appender]") {
  if (::geteuid() == 0) return;  // root writes anywhere: nothing to check
  TempDir dir;
  const std::string path = dir.file("books.csv");
  write_file(path, kSmall);
  ::chmod(path.c_str(), 0444);
  CHECK(abp_test::error_of([&] { append(path); }).code() == abp::ExitCode::kCantCreate);
  CHECK(read_file(path) == kSmall);
}
