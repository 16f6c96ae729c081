// random_loads MIB LOADS THREADS [small]: what this machine's memory gives a program that
// reads cache lines at random, the way abp's lookups do: each thread reads LOADS lines at
// random from one table of MIB MiB (in huge pages, or in small ones with `small`), the
// addresses known ahead so the loads can overlap, and prints the nanoseconds per load. A
// floor for the loader and the tree writer, which wait on such loads (bench/README.md,
// eleventh round).
#include <sys/mman.h>

#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <thread>
#include <vector>

int main(int argc, char** argv) {
  if (argc < 4) {
    std::fprintf(stderr, "usage: random_loads MIB LOADS THREADS [small]\n");
    return 64;
  }
  const std::size_t bytes = std::strtoull(argv[1], nullptr, 10) << 20;
  const std::size_t loads = std::strtoull(argv[2], nullptr, 10);
  const int threads = std::atoi(argv[3]);
  const bool small = argc > 4 && std::string(argv[4]) == "small";
  void* mapped = ::mmap(nullptr, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (bytes == 0 || loads == 0 || threads < 1 || mapped == MAP_FAILED) {
    std::fprintf(stderr, "random_loads: bad sizes, or no memory for them\n");
    return 64;
  }
  ::madvise(mapped, bytes, small ? MADV_NOHUGEPAGE : MADV_HUGEPAGE);
  auto* table = static_cast<unsigned char*>(mapped);
  std::memset(table, 1, bytes);  // touched before timing: no page faults in the loop
  const std::size_t lines = bytes / 64;

  std::vector<double> ns(static_cast<std::size_t>(threads));
  std::vector<std::uint64_t> sums(static_cast<std::size_t>(threads));
  auto run = [&](int t) {
    std::vector<std::uint32_t> line(loads);
    std::uint64_t x = 0x9E3779B97F4A7C15ull * (static_cast<std::uint64_t>(t) + 1);
    for (std::uint32_t& l : line) {  // xorshift64
      x ^= x << 13;
      x ^= x >> 7;
      x ^= x << 17;
      l = static_cast<std::uint32_t>(x % lines);
    }
    std::uint64_t sum = 0;
    const auto start = std::chrono::steady_clock::now();
    for (const std::uint32_t l : line) sum += table[std::size_t{l} * 64];
    const auto stop = std::chrono::steady_clock::now();
    sums[static_cast<std::size_t>(t)] = sum;
    ns[static_cast<std::size_t>(t)] =
        std::chrono::duration<double, std::nano>(stop - start).count() / static_cast<double>(loads);
  };
  std::vector<std::thread> workers;
  for (int t = 0; t < threads; ++t) workers.emplace_back(run, t);
  for (std::thread& w : workers) w.join();
  for (int t = 0; t < threads; ++t) {
    std::printf("thread %d: %.1f ns per load (%s pages, %zu MiB)\n", t,
                ns[static_cast<std::size_t>(t)], small ? "small" : "huge", bytes >> 20);
  }
  std::uint64_t total = 0;
  for (const std::uint64_t sum : sums) total += sum;
  std::printf("(%llu bytes summed: printed so that the loads are kept)\n",
              static_cast<unsigned long long>(total));
  return 0;
}
