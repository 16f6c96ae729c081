#include "abp/fast/string_pool.hpp"

#include <cstdint>
#include <memory>
#include <random>
#include <string>
#include <utility>
#include <vector>

#include <catch2/catch.hpp>

#include "abp/core/text.hpp"

TEST_CASE("string_pool: ids are dense, in order of first appearance", "[string_pool]") {
  abp::StringPool pool;
  bool added = false;
  CHECK(pool.intern("b", &added) == 0);
  CHECK(added);
  CHECK(pool.intern("a") == 1);
  CHECK(pool.intern("b", &added) == 0);
  CHECK_FALSE(added);
  CHECK(pool.intern("") == 2);
  CHECK(pool.size() == 3);
  CHECK(pool.view(0) == "b");
  CHECK(pool.view(2).empty());
}

TEST_CASE("string_pool: find does not add", "[string_pool]") {
  abp::StringPool pool;
  pool.intern("present");
  CHECK(pool.find("present") == 0);
  CHECK(pool.find("absent") == abp::StringPool::kMissing);
  CHECK(pool.find("") == abp::StringPool::kMissing);
  CHECK(pool.size() == 1);
}

TEST_CASE("string_pool: reserve keeps what is there and sizes for what comes", "[string_pool]") {
  abp::StringPool pool;
  pool.intern("before");
  pool.reserve(100000);  // a rehash of the one entry
  CHECK(pool.find("before") == 0);
  for (int i = 0; i < 200000; ++i) {  // past the reserved size: grows as usual
    REQUIRE(pool.intern("s" + std::to_string(i)) == static_cast<abp::Id>(i + 1));
  }
  pool.reserve(10);  // smaller than it is: changes nothing
  CHECK(pool.size() == 200001);
  CHECK(pool.find("before") == 0);
  CHECK(pool.find("s199999") == 200000);
  CHECK(pool.view(123) == "s122");
}

TEST_CASE("string_pool: strings are bytes: NUL, case and normal forms differ", "[string_pool]") {
  abp::StringPool pool;
  const abp::Id a = pool.intern(std::string("a\0b", 3));
  const abp::Id b = pool.intern(std::string("a\0c", 3));
  CHECK(a != b);
  CHECK(pool.view(a) == std::string_view("a\0b", 3));
  CHECK(pool.intern("Tor") != pool.intern("TOR"));
  CHECK(pool.intern("\xC3\xA9") != pool.intern("e\xCC\x81"));  // é precomposed vs combining
}

TEST_CASE("string_pool: views stay valid while the pool grows and after a move", "[string_pool]") {
  abp::StringPool pool;
  std::vector<std::string_view> views;
  const std::string big(400000, 'x');  // larger than a quarter block: stored on its own
  for (int i = 0; i < 50000; ++i) {
    views.push_back(pool.view(pool.intern("name " + std::to_string(i))));
    if (i % 10000 == 0) views.push_back(pool.view(pool.intern(big + std::to_string(i))));
  }
  const abp::StringPool moved = std::move(pool);
  CHECK(moved.size() == views.size());
  for (std::size_t i = 0; i < views.size(); ++i) {
    REQUIRE(moved.view(static_cast<abp::Id>(i)).data() == views[i].data());
  }
  CHECK(views[0] == "name 0");
  CHECK(views[1] == big + "0");
  CHECK(moved.find("name 49999") != abp::StringPool::kMissing);
  CHECK(moved.find(big + "40000") != abp::StringPool::kMissing);
}

TEST_CASE("string_pool: hash_bytes is stable and sees every byte", "[string_pool]") {
  CHECK(abp::hash_bytes("Stephen King") == abp::hash_bytes(std::string("Stephen King")));
  CHECK(abp::hash_bytes("") != abp::hash_bytes(std::string(1, '\0')));
  CHECK(abp::hash_bytes("abcdefgh1") != abp::hash_bytes("abcdefgh2"));
  CHECK(abp::hash_bytes("abcdefgh") != abp::hash_bytes("abcdefg"));
}

TEST_CASE("string_pool: lengths and ids at every width of their encoding", "[string_pool]") {
  // Lengths and ids are kept in one to five bytes each: the values around each step.
  abp::StringPool pool;
  std::vector<std::string> texts;
  for (const std::size_t length : {0u, 1u, 127u, 128u, 129u, 16383u, 16384u, 2097152u}) {
    texts.push_back(std::string(length, 'a') + "|");
  }
  for (int i = 0; texts.size() < 16500; ++i) texts.push_back("id " + std::to_string(i));
  for (std::size_t i = 0; i < texts.size(); ++i) {
    REQUIRE(pool.intern(texts[i]) == static_cast<abp::Id>(i));
  }
  for (std::size_t i = 0; i < texts.size(); ++i) {
    REQUIRE(pool.view(static_cast<abp::Id>(i)) == texts[i]);
    REQUIRE(pool.find(texts[i]) == static_cast<abp::Id>(i));
    REQUIRE(abp::StringPool::text(pool.ref(static_cast<abp::Id>(i))) == texts[i]);
  }
  std::vector<abp::StringPool::Ref> refs;
  const std::vector<std::string_view> views(texts.begin(), texts.begin() + 8);
  const auto block = abp::StringPool::copy_block(views, refs);
  REQUIRE(refs.size() == views.size());
  for (std::size_t i = 0; i < views.size(); ++i) CHECK(abp::StringPool::text(refs[i]) == views[i]);
}

TEST_CASE("string_pool: deferred ids are indexed from the strings when first wanted",
          "[string_pool]") {
  // Strings of their own blocks between the shared ones (entries then lie out of id order
  // across blocks), the table grown and rehashed while deferring, the empty string, repeats.
  const std::string big(400000, 'x');
  std::vector<std::string> texts;
  for (int i = 0; i < 60000; ++i) {
    texts.push_back("title " + std::to_string(i));
    if (i % 7000 == 3) texts.push_back(big + std::to_string(i));
    if (i == 5) texts.emplace_back();
  }
  abp::StringPool plain;
  abp::StringPool deferred;
  deferred.defer_ids();
  for (std::size_t i = 0; i < texts.size(); ++i) {
    bool added = false;
    REQUIRE(deferred.intern(texts[i], &added) == static_cast<abp::Id>(i));
    REQUIRE(added);
    REQUIRE(deferred.intern(texts[i / 2], &added) == static_cast<abp::Id>(i / 2));
    REQUIRE_FALSE(added);
    plain.intern(texts[i]);
  }
  REQUIRE(deferred.size() == texts.size());
  CHECK(deferred.find("title 59999") == plain.find("title 59999"));
  SECTION("by view(), then interning goes on with the index kept") {
    for (std::size_t i = 0; i < texts.size(); ++i) {
      REQUIRE(deferred.view(static_cast<abp::Id>(i)) == texts[i]);
    }
    CHECK(deferred.intern("one more") == texts.size());
    CHECK(deferred.view(static_cast<abp::Id>(texts.size())) == "one more");
  }
  SECTION("by release_refs() after the table is dropped, as a catalogue's titles are") {
    deferred.drop_index();
    const std::vector<abp::StringPool::Ref> refs = deferred.release_refs();
    REQUIRE(refs.size() == texts.size());
    for (std::size_t i = 0; i < texts.size(); ++i) {
      REQUIRE(abp::StringPool::text(refs[i]) == texts[i]);
    }
  }
  SECTION("by index_ids(), the same refs as a pool that never deferred has, string for string") {
    deferred.index_ids();
    deferred.index_ids();  // once is enough; again changes nothing
    for (std::size_t i = 0; i < texts.size(); ++i) {
      const auto id = static_cast<abp::Id>(i);
      REQUIRE(abp::StringPool::text(deferred.ref(id)) == plain.view(id));
    }
  }
}

TEST_CASE("string_pool: pools side by side never share a cache line", "[string_pool]") {
  // As a catalogue keeps them: the authors' pool filled on one thread, the titles' on another.
  struct Pools {
    char before;
    abp::StringPool authors;
    abp::StringPool titles;
    char after;
  };
  auto pools = std::make_unique<Pools>();
  const auto line = [](const void* p) {
    return reinterpret_cast<std::uintptr_t>(p) / abp::kCacheLine;
  };
  const auto* authors = reinterpret_cast<const char*>(&pools->authors);
  const auto* titles = reinterpret_cast<const char*>(&pools->titles);
  CHECK(line(&pools->before) < line(authors));
  CHECK(line(authors + sizeof(abp::StringPool) - 1) < line(titles));
  CHECK(line(titles + sizeof(abp::StringPool) - 1) < line(&pools->after));
  // Still a working pool where it lies.
  CHECK(pools->titles.intern("The Stand") == 0);
  CHECK(pools->authors.intern("Stephen King") == 0);
  CHECK(pools->titles.view(0) == "The Stand");
}

namespace {

// Distinct strings of some 40 bytes: 600k of them fill several of the pool's 4 MiB blocks.
std::string nth_text(std::size_t i) {
  return "a title of some length, number " + std::to_string(i * 7919 % 1000003);
}

}  // namespace

TEST_CASE("string_pool: a pool of many full blocks finds every string it holds", "[string_pool]") {
  constexpr std::size_t kStrings = 600000;
  abp::StringPool pool;
  for (std::size_t i = 0; i < kStrings; ++i) REQUIRE(pool.intern(nth_text(i)) == i);
  REQUIRE(pool.size() == kStrings);
  for (abp::Id id = 0; id < kStrings; ++id) {
    REQUIRE(pool.view(id) == nth_text(id));
    REQUIRE(pool.find(nth_text(id)) == id);
  }
}

TEST_CASE("string_pool: a large pool rehashed to many times its size finds every string",
          "[string_pool]") {
  // A pool of 2^16 strings or more is rehashed on two threads, each placing half the entries
  // in the one new table: every entry must land where lookups look, whether the table doubles
  // or grows many times over at once (reserve).
  for (const std::size_t reserved : {std::size_t{0}, std::size_t{3000000}}) {
    CAPTURE(reserved);
    abp::StringPool pool;
    constexpr std::size_t kStrings = 300000;
    for (std::size_t i = 0; i < kStrings / 2; ++i) REQUIRE(pool.intern(nth_text(i)) == i);
    if (reserved > 0) pool.reserve(reserved);  // 2^18 slots to 2^22 at once
    for (std::size_t i = kStrings / 2; i < kStrings; ++i) REQUIRE(pool.intern(nth_text(i)) == i);
    for (abp::Id id = 0; id < kStrings; ++id) {
      bool added = true;
      REQUIRE(pool.intern(nth_text(id), &added) == id);
      REQUIRE_FALSE(added);
    }
    CHECK(pool.find("a title of some length, number -1") == abp::StringPool::kMissing);
    CHECK(pool.size() == kStrings);
  }
}
