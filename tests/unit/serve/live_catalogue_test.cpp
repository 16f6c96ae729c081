#include "abp/serve/live_catalogue.hpp"

#include <cstdio>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "abp/core/error.hpp"
#include "support.hpp"

using abp_test::read_file;
using abp_test::TempDir;
using abp_test::Triple;
using abp_test::triples;
using abp_test::write_file;

namespace {

constexpr const char* kHeader = "first_name,last_name,title,publisher\n";

struct Served {
  explicit Served(const std::string& path, abp::FactFilter filter = {}, abp::LoadOptions load = {})
      : live(abp::ServedFile{path, std::move(load), std::move(filter), 1},
             [this](std::string_view note) { notes.emplace_back(note); }) {
    live.load();
  }
  std::vector<Triple> facts() { return triples(live.current().reading->catalogue()); }
  std::vector<std::string> notes;
  abp::LiveCatalogue live;
};

void append(const std::string& path, const std::string& bytes) {
  std::FILE* f = std::fopen(path.c_str(), "ab");
  REQUIRE(f != nullptr);
  std::fwrite(bytes.data(), 1, bytes.size(), f);
  std::fclose(f);
}

}  // namespace

TEST_CASE("live_catalogue: appended rows are read, and only they", "[serve]") {
  TempDir dir;
  const std::string path = dir.file("books.csv");
  write_file(path, std::string(kHeader) + "Stephen,King,It,Viking\n");
  Served served(path);
  CHECK(served.facts() == std::vector<Triple>{{"Stephen King", "It", "Viking"}});
  const std::time_t read_at = served.live.current().read_at;
  CHECK(read_at != 0);
  append(path, "Jane,Austen,Emma,Murray\nStephen,King,It,Viking\n");
  CHECK(served.facts() ==
        std::vector<Triple>{{"Jane Austen", "Emma", "Murray"}, {"Stephen King", "It", "Viking"}});
  // A quoted field that spans lines, CRLF, a blank line: the appended part is a file of its own.
  append(path, "\r\n\"Ann\",\"Leckie\",\"Ancillary\r\nJustice\",Orbit\r\n");
  CHECK(served.facts().front() == Triple{"Ann Leckie", "Ancillary\r\nJustice", "Orbit"});
  CHECK(served.live.current().stale_since == 0);

  // Only the new bytes were read: a short row among them is noted as one of those rows, with
  // its line counted from the old end (a whole reading would name its line in the file).
  abp::LoadOptions skipping;
  skipping.skip_bad_rows = true;
  Served lenient(path, {}, skipping);
  append(path, "Short,Row\nMary,Shelley,Frankenstein,Lackington\n");
  CHECK(lenient.facts().size() == 4);
  REQUIRE(lenient.notes.size() == 1);
  CHECK(lenient.notes[0].find("in the rows appended since the last reading") != std::string::npos);
}

TEST_CASE("live_catalogue: a replaced or rewritten file is read whole", "[serve]") {
  TempDir dir;
  const std::string path = dir.file("books.csv");
  write_file(path, std::string(kHeader) + "Stephen,King,It,Viking\nJane,Austen,Emma,Murray\n");
  Served served(path);
  const std::string other = dir.file("other.csv");
  write_file(other, "author,title,publisher\nOctavia Butler,Kindred,Doubleday\n");
  REQUIRE(std::rename(other.c_str(), path.c_str()) == 0);
  CHECK(served.facts() == std::vector<Triple>{{"Octavia Butler", "Kindred", "Doubleday"}});
  // Rewritten in place, longer, with another start: the old end is not where it was.
  write_file(path, std::string(kHeader) + "Z,Z,Z,Z\nStephen,King,It,Viking and more\n");
  CHECK(served.facts() ==
        std::vector<Triple>{{"Stephen King", "It", "Viking and more"}, {"Z Z", "Z", "Z"}});
  // Shorter.
  write_file(path, std::string(kHeader) + "A,B,C,D\n");
  CHECK(served.facts() == std::vector<Triple>{{"A B", "C", "D"}});
}

TEST_CASE("live_catalogue: a broken file keeps the last good reading, and says why", "[serve]") {
  TempDir dir;
  const std::string path = dir.file("books.csv");
  write_file(path, std::string(kHeader) + "Stephen,King,It,Viking\n");
  Served served(path);
  append(path, "too,few,fields\n");
  abp::ReadingState state = served.live.current();
  CHECK(triples(state.reading->catalogue()) ==
        std::vector<Triple>{{"Stephen King", "It", "Viking"}});
  CHECK(state.stale_since != 0);
  CHECK(state.stale_reason.find(":3:") != std::string::npos);  // the real line of the bad row
  CHECK(state.stale_reason.find("fields") != std::string::npos);
  REQUIRE(served.notes.size() == 1);
  CHECK(served.notes[0].find("answering from the reading of") != std::string::npos);
  served.live.current();
  CHECK(served.notes.size() == 1);  // said once
  REQUIRE(std::remove(path.c_str()) == 0);
  state = served.live.current();
  INFO(state.stale_reason);
  CHECK(state.stale_reason.find("no such file") != std::string::npos);
  CHECK(state.reading->totals().facts == 1);
  write_file(path, std::string(kHeader) + "Back,Again,Fixed,Press\n");
  state = served.live.current();
  CHECK(state.stale_since == 0);
  CHECK(triples(state.reading->catalogue()) ==
        std::vector<Triple>{{"Back Again", "Fixed", "Press"}});
  CHECK(served.notes.back().find("readable again") != std::string::npos);
}

TEST_CASE("live_catalogue: add appends through the appender, once", "[serve]") {
  TempDir dir;
  const std::string path = dir.file("books.csv");
  write_file(path, std::string(kHeader) + "Stephen,King,It,Viking");  // no final newline
  Served served(path);
  CHECK(served.live.add({"Le Guin", "Lathe", "Avon"}) == abp::AppendOutcome::kAppended);
  CHECK(served.live.add({"Le Guin", "Lathe", "Avon"}) == abp::AppendOutcome::kAlreadyPresent);
  CHECK(served.live.add({"Stephen King", "It", "Viking"}) == abp::AppendOutcome::kAlreadyPresent);
  CHECK(read_file(path) == std::string(kHeader) + "Stephen,King,It,Viking\nLe,Guin,Lathe,Avon\n");
  CHECK(served.facts() ==
        std::vector<Triple>{{"Le Guin", "Lathe", "Avon"}, {"Stephen King", "It", "Viking"}});
  // Another writer's row, then one of ours: both served, the file read only where it grew.
  append(path, "Jane,Austen,Emma,Murray\n");
  CHECK(served.live.add({"Jane Austen", "Emma", "Murray"}) == abp::AppendOutcome::kAlreadyPresent);
  CHECK(served.live.add({"Octavia Butler", "Kindred", "Doubleday"}) ==
        abp::AppendOutcome::kAppended);
  CHECK(served.facts().size() == 4);
}

TEST_CASE("live_catalogue: filters and --fold hold for appended rows too", "[serve]") {
  TempDir dir;
  const std::string path = dir.file("books.csv");
  write_file(path, std::string(kHeader) + "Stephen,King,It,Viking\nJane,Austen,Emma,Murray\n");
  abp::FactFilter filter;
  filter.author = "KING";
  Served kings(path, filter);
  CHECK(kings.facts() == std::vector<Triple>{{"Stephen King", "It", "Viking"}});
  append(path, "Stephen,King,Carrie,Doubleday\nOther,Person,Book,Press\n");
  CHECK(kings.facts() == std::vector<Triple>{{"Stephen King", "Carrie", "Doubleday"},
                                             {"Stephen King", "It", "Viking"}});
  abp::FactFilter fold;
  fold.fold = true;
  Served folded(path, fold);
  append(path, "STEPHEN,KING,It,Viking\nSTEPHEN,KING,Misery,Viking\nSTEPHEN,KING,Cujo,Viking\n");
  // Now STEPHEN KING is the spelling in most rows, so it names all of his books.
  const std::vector<Triple> facts = folded.facts();
  for (const Triple& t : facts) {
    if (t[0] != "Jane Austen" && t[0] != "Other Person") CHECK(t[0] == "STEPHEN KING");
  }
}
