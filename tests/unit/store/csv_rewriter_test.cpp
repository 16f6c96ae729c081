#include "abp/store/csv_rewriter.hpp"

#include <string>
#include <tuple>
#include <vector>

#include <catch2/catch.hpp>

#include "support.hpp"

namespace {

// Collects what a rewrite writes, in pieces as the sink gets them.
class StringSink final : public abp::ByteSink {
 public:
  explicit StringSink(const std::string& input) : input_(input) {}
  void copy_input(std::uint64_t size) override {
    CHECK(calls_ == 0);
    ++calls_;
    bytes_ += input_.substr(0, size);
  }
  void write(std::string_view bytes) override {
    CHECK(calls_ > 0);
    ++calls_;
    bytes_ += bytes;
  }
  const std::string& input_;
  int calls_ = 0;
  std::string bytes_;
};

struct Rewritten {
  std::string file;
  std::vector<std::string> diff;  // "-row" / "+row"
  abp::RewriteResult result;
};

Rewritten rewrite(const std::string& input, const abp::CatalogueEdit& edit,
                  const abp::LoadOptions& options = {}) {
  auto source = abp::make_memory_source(input);
  StringSink sink(input);
  Rewritten out;
  out.result = abp::rewrite_catalogue(*source, "test.csv", options, edit, sink,
                                      [&](const abp::RowChange& change) {
                                        out.diff.push_back("-" + std::string(change.before));
                                        if (!change.removed) {
                                          out.diff.push_back("+" + std::string(change.after));
                                        }
                                      });
  // No change, no bytes: the caller keeps the file it has.
  out.file = out.result.rows_changed == 0 ? input : sink.bytes_;
  CHECK((sink.calls_ == 0) == (out.result.rows_changed == 0));
  return out;
}

abp::CatalogueEdit rename(abp::CatalogueEdit::Kind kind, std::string from, std::string to) {
  abp::CatalogueEdit edit;
  edit.kind = kind;
  edit.from = std::move(from);
  edit.to = std::move(to);
  return edit;
}

abp::CatalogueEdit rename_title(std::string author, std::string from, std::string to) {
  abp::CatalogueEdit edit = rename(abp::CatalogueEdit::Kind::kRenameTitle, from, to);
  edit.author = std::move(author);
  return edit;
}

abp::CatalogueEdit remove(std::string author, std::string title, std::string publisher = {}) {
  abp::CatalogueEdit edit;
  edit.kind = abp::CatalogueEdit::Kind::kRemove;
  edit.author = std::move(author);
  edit.title = std::move(title);
  edit.has_publisher = !publisher.empty();
  edit.publisher = std::move(publisher);
  return edit;
}

using Kind = abp::CatalogueEdit::Kind;
using Lines = std::vector<std::string>;

const std::string kReference =
    "first_name,last_name,title,publisher\n"
    "Stephen,King,It,Random House\n"
    "Stephen,King,It,Penguin Random House\n"
    "Tom,Clancy,Patriot Games,Simon & Schuster\n"
    "Stephen,King,Dead Zone,Random House\n";

}  // namespace

TEST_CASE("csv_rewriter: rename author splits the new name into first and last", "[rewrite]") {
  const Rewritten r =
      rewrite(kReference, rename(Kind::kRenameAuthor, "Stephen King", "Richard Bachman"));
  CHECK(r.file ==
        "first_name,last_name,title,publisher\n"
        "Richard,Bachman,It,Random House\n"
        "Richard,Bachman,It,Penguin Random House\n"
        "Tom,Clancy,Patriot Games,Simon & Schuster\n"
        "Richard,Bachman,Dead Zone,Random House\n");
  CHECK(r.result.rows_changed == 3);
  CHECK(r.diff ==
        Lines{"-Stephen,King,It,Random House", "+Richard,Bachman,It,Random House",
              "-Stephen,King,It,Penguin Random House", "+Richard,Bachman,It,Penguin Random House",
              "-Stephen,King,Dead Zone,Random House", "+Richard,Bachman,Dead Zone,Random House"});
}

TEST_CASE("csv_rewriter: a name field that keeps its value keeps its bytes", "[rewrite]") {
  const Rewritten r = rewrite("first_name,last_name,title,publisher\n \"Stephen\" , King ,It,R\n",
                              rename(Kind::kRenameAuthor, "Stephen King", "Stephen Le Roi"));
  // ... and a field that changes keeps the blanks around its value.
  CHECK(r.file == "first_name,last_name,title,publisher\n \"Stephen\" , Le Roi ,It,R\n");
  // A name with no space is all first name: the last name empties.
  CHECK(rewrite(kReference, rename(Kind::kRenameAuthor, "Tom Clancy", "Clancy")).file ==
        "first_name,last_name,title,publisher\n"
        "Stephen,King,It,Random House\n"
        "Stephen,King,It,Penguin Random House\n"
        "Clancy,,Patriot Games,Simon & Schuster\n"
        "Stephen,King,Dead Zone,Random House\n");
}

TEST_CASE("csv_rewriter: every byte but the changed field's stays", "[rewrite]") {
  const std::string input =
      "\xEF\xBB\xBF"
      "Title;Author;Note;Publisher\r\n"
      "\r\n"
      "\"It\";  Stephen   King ;\"a;\r\nb\";\"Random House\"\r\n"
      "Cujo;Stephen King;x;Viking\r"
      "Misery;Ann Lee;;Viking";
  abp::LoadOptions options;
  options.dialect.delimiter = ';';
  const Rewritten r =
      rewrite(input, rename(Kind::kRenamePublisher, "Viking", "Viking; Penguin"), options);
  CHECK(r.file ==
        "\xEF\xBB\xBF"
        "Title;Author;Note;Publisher\r\n"
        "\r\n"
        "\"It\";  Stephen   King ;\"a;\r\nb\";\"Random House\"\r\n"
        "Cujo;Stephen King;x;\"Viking; Penguin\"\r"
        "Misery;Ann Lee;;\"Viking; Penguin\"");
  const Rewritten a =
      rewrite(input, rename(Kind::kRenameAuthor, "Stephen King", "R. Bachman"), options);
  CHECK(a.file ==
        "\xEF\xBB\xBF"
        "Title;Author;Note;Publisher\r\n"
        "\r\n"
        "\"It\";  R. Bachman ;\"a;\r\nb\";\"Random House\"\r\n"
        "Cujo;R. Bachman;x;Viking\r"
        "Misery;Ann Lee;;Viking");
  CHECK(a.diff.front() == "-\"It\";  Stephen   King ;\"a;\r\nb\";\"Random House\"");
}

TEST_CASE("csv_rewriter: the new value is quoted only where needed", "[rewrite]") {
  CHECK(rewrite(kReference, rename(Kind::kRenamePublisher, "Simon & Schuster", "S, \"S\""))
            .file.find("Tom,Clancy,Patriot Games,\"S, \"\"S\"\"\"\n") != std::string::npos);
}

TEST_CASE("csv_rewriter: rename title changes that author's title only", "[rewrite]") {
  const std::string input =
      "author,title,publisher\nStephen King,It,A\nAnn Lee,It,A\nStephen King,Cujo,B\n";
  const Rewritten r = rewrite(input, rename_title("Stephen King", "It", "It (1986)"));
  CHECK(r.file ==
        "author,title,publisher\nStephen King,It (1986),A\nAnn Lee,It,A\nStephen King,Cujo,B\n");
  CHECK(r.result.rows_changed == 1);
}

TEST_CASE("csv_rewriter: remove takes a book's rows, or one fact's", "[rewrite]") {
  const Rewritten book = rewrite(kReference, remove("Stephen King", "It"));
  CHECK(book.file ==
        "first_name,last_name,title,publisher\n"
        "Tom,Clancy,Patriot Games,Simon & Schuster\n"
        "Stephen,King,Dead Zone,Random House\n");
  CHECK(book.diff ==
        Lines{"-Stephen,King,It,Random House", "-Stephen,King,It,Penguin Random House"});
  const Rewritten fact = rewrite(kReference, remove("Stephen King", "It", "Random House"));
  CHECK(fact.result.rows_changed == 1);
  CHECK(fact.diff == Lines{"-Stephen,King,It,Random House"});
}

TEST_CASE("csv_rewriter: a removed last row without a line break takes the one before",
          "[rewrite]") {
  CHECK(rewrite("author,title,publisher\r\nA,T,P\r\nB,T,P", remove("B", "T")).file ==
        "author,title,publisher\r\nA,T,P");
  // Empty lines before it go too: what is left ends where the last row left ends.
  CHECK(rewrite("author,title,publisher\nA,T,P\n\nB,T,P", remove("B", "T")).file ==
        "author,title,publisher\nA,T,P");
  CHECK(rewrite("author,title,publisher\nA,T,P\nA,T,Q", remove("A", "T")).file ==
        "author,title,publisher");
  CHECK(rewrite("author,title,publisher\nA,T,P\nB,T,P\n", remove("B", "T")).file ==
        "author,title,publisher\nA,T,P\n");
}

TEST_CASE("csv_rewriter: --split-authors changes only the matching part", "[rewrite]") {
  abp::LoadOptions options;
  options.split_authors = " & ";
  const std::string input =
      "authors,title,publisher\n"
      "\"Pratchett, Terry & Gaiman, Neil\",Good Omens,Gollancz\n"
      "Gaiman   Neil & Pratchett Terry,Other,Gollancz\n"
      "Gaiman,Solo,X\n";
  const Rewritten r =
      rewrite(input, rename(Kind::kRenameAuthor, "Gaiman, Neil", "Neil Gaiman"), options);
  CHECK(r.file ==
        "authors,title,publisher\n"
        "\"Pratchett, Terry & Neil Gaiman\",Good Omens,Gollancz\n"
        "Gaiman   Neil & Pratchett Terry,Other,Gollancz\n"
        "Gaiman,Solo,X\n");
  const Rewritten t = rewrite(input, rename_title("Pratchett Terry", "Other", "Another"), options);
  CHECK(t.result.rows_changed == 1);
  CHECK(t.file.find("Gaiman   Neil & Pratchett Terry,Another,Gollancz\n") != std::string::npos);
  // Without the flag the whole value is the author.
  CHECK(rewrite(input, rename(Kind::kRenameAuthor, "Gaiman, Neil", "X")).result.rows_changed == 0);
}

TEST_CASE("csv_rewriter: values match after normalising, byte for byte", "[rewrite]") {
  const std::string input = "author,title,publisher\n  Stephen\t King ,It,\"Random  House \"\n";
  CHECK(rewrite(input, rename(Kind::kRenamePublisher, "Random House", "RH")).result.rows_changed ==
        1);
  CHECK(rewrite(input, rename(Kind::kRenamePublisher, "random house", "RH")).result.rows_changed ==
        0);
}

TEST_CASE("csv_rewriter: bad rows are errors, or kept as they are with --skip-bad-rows",
          "[rewrite]") {
  const std::string input = "author,title,publisher\nA,T\nA,T,P\n";
  const abp::Error e =
      abp_test::error_of([&] { rewrite(input, rename(Kind::kRenameAuthor, "A", "B")); });
  CHECK(e.code() == abp::ExitCode::kDataErr);
  CHECK(e.line() == 2);
  abp::LoadOptions options;
  options.skip_bad_rows = true;
  const Rewritten r = rewrite(input, rename(Kind::kRenameAuthor, "A", "B"), options);
  CHECK(r.file == "author,title,publisher\nA,T\nB,T,P\n");
  CHECK(r.result.skipped.wrong_field_count().count == 1);
  // A repeated header line (two exports joined) is no row either: kept as it is.
  const Rewritten joined = rewrite("author,title,publisher\nA,T,P\nauthor,title,publisher\nA,U,P\n",
                                   rename(Kind::kRenameAuthor, "A", "B"));
  CHECK(joined.file == "author,title,publisher\nB,T,P\nauthor,title,publisher\nB,U,P\n");
  CHECK(joined.result.skipped.repeated_header().count == 1);
}

TEST_CASE("csv_rewriter: the loader's data errors, at the same lines", "[rewrite]") {
  const auto code_and_line = [](const std::string& input) {
    const abp::Error e =
        abp_test::error_of([&] { rewrite(input, rename(Kind::kRenamePublisher, "P", "Q")); });
    return std::make_pair(e.code(), e.line());
  };
  using Result = std::pair<abp::ExitCode, std::uint64_t>;
  CHECK(code_and_line("") == Result{abp::ExitCode::kDataErr, 0});
  CHECK(code_and_line("author,name,publisher\n") == Result{abp::ExitCode::kDataErr, 1});
  CHECK(code_and_line("author,title,publisher\nA,T,P\nA,\"T\n") ==
        Result{abp::ExitCode::kDataErr, 3});
  CHECK(code_and_line("author,title,publisher\nA,T,P\nA,T\xFF,P\n") ==
        Result{abp::ExitCode::kDataErr, 3});
}

TEST_CASE("csv_rewriter: in Publication only the publisher must be UTF-8, as for a report",
          "[rewrite]") {
  // Found by the edit fuzz target: the rewriter checked the whole field and refused a file
  // that report reads.
  const std::string input =
      "Title,Primary Author,Publication\n"
      "Emma,Jane Austen,\"Murray (1815), \xFF\xFE edition\"\n"
      "It,Stephen King,Viking (1986)\n";
  const Rewritten out = rewrite(input, rename(Kind::kRenamePublisher, "Murray", "John Murray"));
  CHECK(out.result.rows_changed == 1);
  CHECK(out.file ==
        "Title,Primary Author,Publication\n"
        "Emma,Jane Austen,\"John Murray (1815), \xFF\xFE edition\"\n"
        "It,Stephen King,Viking (1986)\n");
}

TEST_CASE("csv_rewriter: --encoding reads and writes the file's own encoding", "[rewrite]") {
  abp::LoadOptions options;
  options.encoding = "latin1";
  const std::string input =
      "author,title,publisher\nAnn,Caf\xE9,\xC9"
      "ditions\nAnn,X,Y\n";
  const Rewritten r = rewrite(input,
                              rename(Kind::kRenamePublisher,
                                     "\xC3\x89"
                                     "ditions",
                                     "\xC3\x89"
                                     "d. \xC3\xA0"),
                              options);
  CHECK(r.file ==
        "author,title,publisher\nAnn,Caf\xE9,\xC9"
        "d. \xE0\nAnn,X,Y\n");
  CHECK(r.diff == Lines{"-Ann,Caf\xC3\xA9,\xC3\x89"
                        "ditions",
                        "+Ann,Caf\xC3\xA9,\xC3\x89"
                        "d. \xC3\xA0"});
  const abp::Error e = abp_test::error_of(
      [&] { rewrite(input, rename(Kind::kRenamePublisher, "Y", "\xE2\x82\xAC uro"), options); });
  CHECK(e.code() == abp::ExitCode::kUsage);
  CHECK(abp_test::error_of([] { abp::check_rewrite_encoding("utf-16", "rename"); }).code() ==
        abp::ExitCode::kUsage);
  abp::check_rewrite_encoding("cp1252", "rename");
}

TEST_CASE("csv_rewriter: rewriting with no match writes nothing", "[rewrite]") {
  for (const std::string& input :
       {kReference,
        std::string("\xEF\xBB\xBF"
                    "author,title,publisher\r\n\r\n\"x\"\"\",\"t\",p \r\n\n"),
        std::string("author,title,publisher")}) {
    const abp::LoadOptions options;
    // rewrite() itself checks that the sink got no call when no row changed.
    const Rewritten r = rewrite(input, rename(Kind::kRenameAuthor, "Nobody", "X"), options);
    CHECK(r.result.rows_changed == 0);
    CHECK(r.diff.empty());
  }
}

TEST_CASE("csv_rewriter: a miss names the closest existing value", "[rewrite]") {
  const auto miss = [](const abp::CatalogueEdit& edit) {
    auto source = abp::make_memory_source(kReference);
    return abp::describe_csv_miss(*source, "test.csv", {}, edit);
  };
  CHECK(miss(rename(Kind::kRenameAuthor, "stephen KING", "X")) ==
        "nothing changed: no author 'stephen KING' (did you mean 'Stephen King'?)");
  CHECK(miss(rename(Kind::kRenameAuthor, "King, Stephen", "X")) ==
        "nothing changed: no author 'King, Stephen' (did you mean 'Stephen King'?)");
  CHECK(miss(rename(Kind::kRenameAuthor, "Stephen Kng", "X")) ==
        "nothing changed: no author 'Stephen Kng' (did you mean 'Stephen King'?)");
  CHECK(miss(rename(Kind::kRenameAuthor, "Zzyzx Qwerty", "X")) ==
        "nothing changed: no author 'Zzyzx Qwerty'");
  CHECK(miss(rename(Kind::kRenamePublisher, "Random house", "X")) ==
        "nothing changed: no publisher 'Random house' (did you mean 'Random House'?)");
  CHECK(miss(rename_title("Stephen King", "it", "X")) ==
        "nothing changed: no title 'it' by 'Stephen King' (did you mean 'It'?)");
  CHECK(miss(remove("Tom Clancey", "Patriot Games")) ==
        "nothing changed: no author 'Tom Clancey' (did you mean 'Tom Clancy'?)");
  CHECK(miss(remove("Stephen King", "Dead  Zone!")) ==
        "nothing changed: no title 'Dead  Zone!' by 'Stephen King' (did you mean 'Dead Zone'?)");
  CHECK(miss(remove("Stephen King", "It", "Random Hose")) ==
        "nothing changed: 'It' by 'Stephen King' has no publisher 'Random Hose' (did you mean "
        "'Random House'?)");
}

// (A value that needs quotes leaves its field quoted: renamed back, the field stays quoted.)
TEST_CASE("csv_rewriter: renamed and renamed back, a file gets its bytes back", "[rewrite]") {
  const std::string input =
      "\"Title\",\"Author\",\"Publisher\"\r\n"
      "\"It\",\"Stephen King\",\" Random House \"\r\n"
      "Cujo,  Stephen King\t,Random House\r\n"
      "Misery, \"Stephen King\" ,Viking";
  for (const auto& [kind, from, to] : std::vector<std::tuple<Kind, std::string, std::string>>{
           {Kind::kRenameAuthor, "Stephen King", "Richard Bachman"},
           {Kind::kRenamePublisher, "Random House", "RH"}}) {
    const Rewritten there = rewrite(input, rename(kind, from, to));
    CHECK(there.result.rows_changed >= 2);
    const Rewritten back = rewrite(there.file, rename(kind, to, from));
    CHECK(back.file == input);
  }
  CHECK(rewrite(input, rename(Kind::kRenamePublisher, "Random House", "RH")).file ==
        "\"Title\",\"Author\",\"Publisher\"\r\n"
        "\"It\",\"Stephen King\",\" RH \"\r\n"
        "Cujo,  Stephen King\t,RH\r\n"
        "Misery, \"Stephen King\" ,Viking");
}
