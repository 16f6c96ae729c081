#include "abp/report/tree_pieces.hpp"

#include <cstddef>
#include <memory>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "abp/report/catalogue_source.hpp"
#include "abp/report/render.hpp"
#include "support.hpp"

namespace {

// A catalogue as a report source whose tree splits every `piece_leaves` leaves, whatever the
// writers ask for (0: it does not split), so a test can cut pieces anywhere.
class SplitEvery : public abp::ReportSource {
 public:
  SplitEvery(const abp::Catalogue& catalogue, std::size_t piece_leaves)
      : inner_(catalogue), piece_leaves_(piece_leaves) {}

  std::vector<abp::CountLine> counts(bool books, abp::SortOrder order, std::size_t limit) override {
    return inner_.counts(books, order, limit);
  }
  std::vector<abp::CountLine> author_book_counts(abp::SortOrder order, std::size_t limit) override {
    return inner_.author_book_counts(order, limit);
  }
  bool next_leaf(abp::TreeLeaf& leaf) override { return inner_.next_leaf(leaf); }
  std::vector<std::unique_ptr<abp::LeafSource>> split_tree(std::size_t) override {
    if (piece_leaves_ == 0) return {};
    return inner_.split_tree(piece_leaves_);
  }

 private:
  abp::CatalogueSource inner_;
  std::size_t piece_leaves_;
};

std::string render_split(const abp::Catalogue& catalogue, const abp::RenderOptions& options,
                         std::size_t piece_leaves) {
  SplitEvery source(catalogue, piece_leaves);
  std::string captured;
  abp::Output out(&captured);
  abp::render_report(source, options, out);
  out.flush();
  return captured;
}

}  // namespace

TEST_CASE("tree_pieces: a tree written in pieces on two threads has the same bytes",
          "[tree_pieces]") {
  // Authors with one to many leaves, so pieces start and end everywhere: at an author, a
  // book, or inside either.
  std::vector<abp_test::Triple> facts;
  for (int a = 0; a < 40; ++a) {
    for (int b = 0; b <= a % 7; ++b) {
      for (int p = 0; p <= (a + b) % 3; ++p) {
        facts.push_back({"author " + std::to_string(a), "book " + std::to_string(b),
                         "publisher " + std::to_string(p)});
      }
    }
  }
  facts.push_back({"", "", ""});  // (unknown) sorts first
  // One author of many books, and one book of many publishers: pieces start inside both.
  for (int b = 0; b < 300; ++b) facts.push_back({"prolific", "b" + std::to_string(b), "P"});
  for (int p = 0; p < 200; ++p) facts.push_back({"one", "book", "p" + std::to_string(p)});
  const abp::Catalogue catalogue = abp_test::catalogue_of(facts);
  for (const abp::Format format : {abp::Format::kText, abp::Format::kCsv, abp::Format::kTsv,
                                   abp::Format::kJson, abp::Format::kNdjson}) {
    const abp::RenderOptions options = abp_test::report_options(format, abp_test::kTree);
    const std::string expected = render_split(catalogue, options, 0);
    REQUIRE(expected.size() > 1000);
    for (const std::size_t leaves : std::vector<std::size_t>{1, 2, 5, 17, 64, 250, 100000}) {
      INFO("format " << static_cast<int>(format) << ", " << leaves << " leaves a piece");
      CHECK(render_split(catalogue, options, leaves) == expected);
    }
  }
  const abp::RenderOptions all = abp_test::report_options(abp::Format::kText);
  CHECK(render_split(catalogue, all, 3) == render_split(catalogue, all, 0));
  CHECK(abp_test::render(catalogue, all) == render_split(catalogue, all, 0));
}

TEST_CASE("tree_pieces: the first piece alone is told it begins the tree", "[tree_pieces]") {
  SplitEvery source(abp_test::sample_catalogue(), 2);
  std::string captured;
  abp::Output out(&captured);
  abp::write_tree_leaves(source, out, [](abp::LeafSource& leaves, abp::Output& to, bool first) {
    abp::TreeLeaf leaf{};
    to.write(first ? "[" : "|");
    while (leaves.next_leaf(leaf)) to.write(leaf.publisher.substr(0, 1));
  });
  out.flush();
  // Leaves in tree order: Random House; Random House, Penguin, Random House.
  CHECK(captured == "[RR|PR");
}
