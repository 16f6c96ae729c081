#pragma once

#include <atomic>
#include <cstddef>

#include "abp/fast/parallel.hpp"

namespace abp {

/// A large list made front to back on one thread spends much of its time in the kernel, a
/// fault on each fresh page: at 10M rows the fact list (120 MB) took 72-75 ms to write, and
/// 38-45 ms with its pages backed just ahead on the other thread, which was idle meanwhile.

/// How far ahead of the writer pages are backed, and in steps of how much.
constexpr std::size_t kPagesAheadStep = std::size_t{1} << 20;
constexpr std::size_t kPagesAhead = 8 * kPagesAheadStep;

/// Backs the whole pages of [begin, begin + bytes) a step at a time (on the calling thread),
/// at most kPagesAhead ahead of a writer on another thread and never behind it. `written` is
/// how many bytes from `begin` the writer has written; this returns once it reaches `bytes`
/// (which the writer must store when it stops, also when it stops early) or every page is
/// backed. No byte changes.
void back_pages_ahead(void* begin, std::size_t bytes, const std::atomic<std::size_t>& written);

/// Runs write(written) on this thread, which fills the fresh region [begin, begin + bytes)
/// front to back and stores in `written` how many bytes from `begin` it has filled as it
/// goes, while the second thread backs the pages ahead of it (back_pages_ahead). `items`
/// decides whether a second thread pays, as for on_two_threads(items, ...). An exception
/// from write is rethrown here.
template <typename Write>
void write_with_pages_ahead(void* begin, std::size_t bytes, std::size_t items, Write write) {
  std::atomic<std::size_t> written{0};
  on_two_threads(items, [&](int part) {
    if (part == 1) {
      back_pages_ahead(begin, bytes, written);
      return;
    }
    // However write ends, the other part must see the end, or it would wait for ever.
    struct AtTheEnd {
      std::atomic<std::size_t>& written;
      std::size_t bytes;
      ~AtTheEnd() { written.store(bytes, std::memory_order_relaxed); }
    } at_the_end{written, bytes};
    write(written);
  });
}

}  // namespace abp
