// Times abp's hand-written radix sorts (fast/radix_sort.hpp) against Boost's spreadsort and
// std::sort on the names and packed facts of a real catalogue (issue 11 item 3: keep
// hand-written code only where it pays).
//
// usage: sort_bench FILE.csv [ROUNDS]   (bench/out/catalogue-10000000.csv from bench/run.sh)
//
// Prints, per sort, the median of ROUNDS (default 5) wall and CPU times of this process in
// milliseconds. rank_strings runs on two threads, as in abp; the others on one, so compare
// CPU time for the work and wall time for what abp waits.
#include <time.h>

#include <algorithm>
#include <boost/sort/spreadsort/integer_sort.hpp>
#include <boost/sort/spreadsort/string_sort.hpp>
#include <cstdint>
#include <cstdio>
#include <functional>
#include <random>
#include <string>
#include <string_view>
#include <vector>

#include "abp/core/catalogue.hpp"
#include "abp/fast/loader.hpp"
#include "abp/fast/radix_sort.hpp"
#include "abp/io/byte_source.hpp"

namespace {

double now(clockid_t clock) {
  timespec t{};
  clock_gettime(clock, &t);
  return static_cast<double>(t.tv_sec) * 1e3 + static_cast<double>(t.tv_nsec) / 1e6;
}

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v[v.size() / 2];
}

// Runs prepare() then work() `rounds` times; prints the medians of work()'s times.
void time_it(const char* what, int rounds, const std::function<void()>& prepare,
             const std::function<void()>& work) {
  std::vector<double> wall;
  std::vector<double> cpu;
  for (int r = 0; r < rounds; ++r) {
    prepare();
    const double w0 = now(CLOCK_MONOTONIC);
    const double c0 = now(CLOCK_PROCESS_CPUTIME_ID);
    work();
    cpu.push_back(now(CLOCK_PROCESS_CPUTIME_ID) - c0);
    wall.push_back(now(CLOCK_MONOTONIC) - w0);
  }
  std::printf("| %-52s | %8.1f | %8.1f |\n", what, median(wall), median(cpu));
}

// Ids of `pool` sorted byte-wise by their strings with spreadsort's string_sort.
void spreadsort_ids(const abp::StringPool& pool, std::vector<abp::Id>& ids) {
  boost::sort::spreadsort::string_sort(
      ids.begin(), ids.end(),
      [&pool](abp::Id id, std::size_t offset) {
        return static_cast<unsigned char>(pool.view(id)[offset]);
      },
      [&pool](abp::Id id) { return pool.view(id).size(); },
      [&pool](abp::Id a, abp::Id b) { return pool.view(a) < pool.view(b); });
}

void rank_pool_bench(const char* name, const abp::StringPool& pool, int rounds) {
  std::vector<abp::Id> ids(pool.size());
  auto reset = [&] {
    for (abp::Id id = 0; id < ids.size(); ++id) ids[id] = id;
  };
  std::vector<abp::StringPool::Ref> by_rank;
  time_it((std::string(name) + ": rank_strings (abp, 2 threads)").c_str(), rounds, [] {},
          [&] { abp::rank_strings(pool, by_rank); });
  time_it((std::string(name) + ": spreadsort string_sort (1 thread)").c_str(), rounds, reset,
          [&] { spreadsort_ids(pool, ids); });
  time_it((std::string(name) + ": std::sort (1 thread)").c_str(), rounds, reset, [&] {
    std::sort(ids.begin(), ids.end(),
              [&](abp::Id a, abp::Id b) { return pool.view(a) < pool.view(b); });
  });
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: sort_bench FILE.csv [ROUNDS]\n");
    return 64;
  }
  const int rounds = argc > 2 ? std::stoi(argv[2]) : 5;
  abp::InputFile file(argv[1], 10);
  abp::Loaded loaded = abp::load_catalogue(file.source(), argv[1], abp::LoadOptions{});
  abp::CatalogueBuilder& builder = loaded.catalogue;
  std::printf("%zu facts, %zu authors, %zu titles, %zu publishers\n\n", builder.facts().size(),
              builder.authors().size(), builder.titles().size(), builder.publishers().size());
  std::printf("| sort | wall ms | CPU ms |\n| --- | ---: | ---: |\n");
  rank_pool_bench("authors", builder.authors(), rounds);
  rank_pool_bench("titles", builder.titles(), rounds);

  // Facts packed as tree_order packs them, in buckets of ~5000 keys that share their high
  // bits; each bucket sorted on its own.
  std::vector<abp::StringPool::Ref> names;
  const std::vector<abp::Id> author_rank = abp::rank_strings(builder.authors(), names);
  std::vector<std::uint64_t> keys;
  keys.reserve(builder.facts().size());
  for (const abp::Fact& f : builder.facts()) {
    keys.push_back((std::uint64_t{author_rank[f.author]} << 40) | (std::uint64_t{f.title} << 13) |
                   f.publisher);
  }
  std::sort(keys.begin(), keys.end(), [](std::uint64_t a, std::uint64_t b) {
    return (a >> 51) < (b >> 51);  // buckets of 2^11 authors, as tree_order for 1.2M
  });
  std::vector<std::size_t> start = {0};
  for (std::size_t i = 1; i < keys.size(); ++i) {
    if ((keys[i] >> 51) != (keys[i - 1] >> 51)) start.push_back(i);
  }
  start.push_back(keys.size());
  const std::vector<std::uint64_t> shuffled = [&] {
    std::vector<std::uint64_t> k = keys;
    std::mt19937 rng(1);
    for (std::size_t b = 0; b + 1 < start.size(); ++b) {
      std::shuffle(k.begin() + static_cast<std::ptrdiff_t>(start[b]),
                   k.begin() + static_cast<std::ptrdiff_t>(start[b + 1]), rng);
    }
    return k;
  }();
  std::printf(
      "\n%zu buckets of packed facts\n\n| sort | wall ms | CPU ms |\n| --- | ---: | ---: |\n",
      start.size() - 1);
  auto each_bucket = [&](const std::function<void(std::uint64_t*, std::size_t)>& sort) {
    for (std::size_t b = 0; b + 1 < start.size(); ++b) {
      sort(keys.data() + start[b], start[b + 1] - start[b]);
    }
  };
  auto reset = [&] { keys = shuffled; };
  std::vector<std::uint64_t> scratch;
  time_it("facts: sort_low_bits (abp LSD radix, 1 thread)", rounds, reset, [&] {
    each_bucket([&](std::uint64_t* k, std::size_t n) { abp::sort_low_bits(k, n, 51, scratch); });
  });
  time_it("facts: spreadsort integer_sort (1 thread)", rounds, reset, [&] {
    each_bucket(
        [](std::uint64_t* k, std::size_t n) { boost::sort::spreadsort::integer_sort(k, k + n); });
  });
  time_it("facts: std::sort (1 thread)", rounds, reset,
          [&] { each_bucket([](std::uint64_t* k, std::size_t n) { std::sort(k, k + n); }); });
  return 0;
}
