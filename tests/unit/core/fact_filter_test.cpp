#include "abp/core/fact_filter.hpp"

#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "support.hpp"

using abp_test::catalogue_of;
using abp_test::Triple;
using abp_test::triples;

namespace {

const std::vector<Triple> kRows{{"Stephen King", "It", "Viking"},
                                {"Stephen King", "Carrie", "Doubleday"},
                                {"King, Stephen", "IT", "Tor"},
                                {"Ursula K. Le Guin", "The Lathe of Heaven", "TOR"},
                                {"Ren\xC3\xA9"
                                 "e Vivien",
                                 "Caf\xC3\xA9 noir", "Tor"},
                                {"Doctorow", "Little Brother", "Tor Teen"}};

std::vector<Triple> filtered(const abp::FactFilter& filter) {
  return triples(abp::apply_filter(catalogue_of(kRows, abp::RowCounts::kKeep), filter));
}

}  // namespace

TEST_CASE("fact_filter: a text keeps the facts whose fold holds its fold", "[filter]") {
  abp::FactFilter by_publisher;
  by_publisher.publisher = "tor";
  CHECK(filtered(by_publisher) ==
        std::vector<Triple>{{"Doctorow", "Little Brother", "Tor Teen"},
                            {"King, Stephen", "IT", "Tor"},
                            {"Ren\xC3\xA9"
                             "e Vivien",
                             "Caf\xC3\xA9 noir", "Tor"},
                            {"Ursula K. Le Guin", "The Lathe of Heaven", "TOR"}});
  abp::FactFilter by_author;
  by_author.author = "STEPHEN KING";  // `King, Stephen` folds to `king stephen`: not kept
  CHECK(filtered(by_author) == std::vector<Triple>{{"Stephen King", "Carrie", "Doubleday"},
                                                   {"Stephen King", "It", "Viking"}});
  abp::FactFilter by_title;
  by_title.title = "cafe";  // é in the value, e in the text
  CHECK(filtered(by_title) == std::vector<Triple>{{"Ren\xC3\xA9"
                                                   "e Vivien",
                                                   "Caf\xC3\xA9 noir", "Tor"}});
  abp::FactFilter doctor;
  doctor.author = "doctor";  // a part of a word matches
  CHECK(filtered(doctor).size() == 1);
}

TEST_CASE("fact_filter: every filter given must hold", "[filter]") {
  abp::FactFilter both;
  both.author = "king";
  both.publisher = "TOR";
  CHECK(filtered(both) == std::vector<Triple>{{"King, Stephen", "IT", "Tor"}});
  both.title = "carrie";
  CHECK(filtered(both).empty());
}

TEST_CASE("fact_filter: a text without letters or digits keeps everything", "[filter]") {
  abp::FactFilter dots;
  dots.title = "...";
  CHECK(filtered(dots).size() == kRows.size());
}

TEST_CASE("fact_filter: with fold, the filters see the spelling shown", "[filter]") {
  abp::FactFilter folded;
  folded.fold = true;
  folded.author = "stephen king";
  // King, Stephen is one author with Stephen King (shown so: more rows), and his IT one book
  // with It (one row each: the byte-wise smaller IT is shown); IT/Tor comes from the other
  // spelling of the author.
  CHECK(filtered(folded) == std::vector<Triple>{{"Stephen King", "Carrie", "Doubleday"},
                                                {"Stephen King", "IT", "Tor"},
                                                {"Stephen King", "IT", "Viking"}});
}

TEST_CASE("fact_filter: invalid UTF-8 in a text is a usage error", "[filter]") {
  abp::FactFilter bad;
  bad.publisher = "caf\xC3";
  CHECK(abp_test::error_of([&] { abp::check_filter(bad); }).code() == abp::ExitCode::kUsage);
  abp::FactFilter good;
  good.publisher = "caf\xC3\xA9";
  CHECK_NOTHROW(abp::check_filter(good));
}

TEST_CASE("fact_filter: filter_facts drops the builder's other facts", "[filter]") {
  abp::CatalogueBuilder builder;
  for (const Triple& f : kRows) {
    builder.add(abp::Fact{builder.authors().intern(f[0]), builder.titles().intern(f[1]),
                          builder.publishers().intern(f[2])});
  }
  abp::FactFilter filter;
  filter.author = "king";
  filter.fold = true;  // not looked at
  abp::filter_facts(builder, filter);
  REQUIRE(builder.facts().size() == 3);
  CHECK(builder.authors().view(builder.facts()[2].author) == "King, Stephen");
}
