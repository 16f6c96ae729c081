#include "abp/catalogue.hpp"

#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "support.hpp"

using abp_test::catalogue_of;
using abp_test::Triple;
using abp_test::triples;

TEST_CASE("catalogue: duplicate facts are kept once", "[catalogue]") {
  const auto catalogue = catalogue_of({{"King", "It", "Viking"},
                                       {"King", "It", "Viking"},
                                       {"King", "It", "Signet"},
                                       {"King", "It", "Viking"}});
  CHECK(triples(catalogue) ==
        std::vector<Triple>{{"King", "It", "Signet"}, {"King", "It", "Viking"}});
}

TEST_CASE("catalogue: facts come in tree order, every name compared byte-wise",
          "[catalogue]") {
  const auto catalogue = catalogue_of({{"zoë", "b", "p"},
                                       {"Zoe", "b", "p"},
                                       {"", "z", "p"},
                                       {"Zoe", "a", "q"},
                                       {"Zoe", "a", "P"},
                                       {"Émile", "x", "p"}});
  CHECK(triples(catalogue) == std::vector<Triple>{{"", "z", "p"},
                                                  {"Zoe", "a", "P"},
                                                  {"Zoe", "a", "q"},
                                                  {"Zoe", "b", "p"},
                                                  {"zoë", "b", "p"},
                                                  {"Émile", "x", "p"}});
  CHECK(catalogue.publisher_count() == 3);
}

TEST_CASE("catalogue: two authors may each have a book of the same title", "[catalogue]") {
  const auto catalogue = catalogue_of({{"King", "It", "Viking"}, {"Other", "It", "Viking"}});
  CHECK(catalogue.facts().size() == 2);
}

TEST_CASE("catalogue: contains compares exact bytes", "[catalogue]") {
  abp::CatalogueBuilder builder;
  builder.add(abp::Fact{builder.authors().intern("Stephen King"), builder.titles().intern("It"),
                        builder.publishers().intern("Viking")});
  builder.titles().intern("Carrie");  // a known title alone is no fact
  CHECK(builder.contains("Stephen King", "It", "Viking"));
  CHECK_FALSE(builder.contains("Stephen King", "Carrie", "Viking"));
  CHECK_FALSE(builder.contains("stephen king", "It", "Viking"));
  CHECK_FALSE(builder.contains("Stephen King", "It", "Viking "));
  CHECK_FALSE(builder.contains("", "", ""));
}

TEST_CASE("catalogue: names outlive the builder they came from", "[catalogue]") {
  abp::Catalogue catalogue;
  {
    abp::CatalogueBuilder builder;
    const std::string long_name(5000, 'n');
    builder.add(abp::Fact{builder.authors().intern(long_name), builder.titles().intern("t"),
                          builder.publishers().intern("p")});
    catalogue = std::move(builder).finish();
  }
  REQUIRE(catalogue.facts().size() == 1);
  CHECK(catalogue.author_name(catalogue.facts()[0].author) == std::string(5000, 'n'));
}
