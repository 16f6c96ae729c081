#pragma once

#include <algorithm>
#include <atomic>
#include <cstddef>
#include <exception>
#include <thread>

namespace abp {

/// Runs work(0) here and work(1) on a second thread, the two pieces independent; rethrows the
/// second thread's exception after joining.
template <typename Work>
void on_two_threads(Work work) {
  std::exception_ptr error;
  std::thread helper([&] {
    try {
      work(1);
    } catch (...) {
      error = std::current_exception();
    }
  });
  try {
    work(0);
  } catch (...) {
    helper.join();
    throw;
  }
  helper.join();
  if (error) std::rethrow_exception(error);
}

/// Calls work(i) for every i in [0, n), each once, on two threads when n is large enough to
/// pay for the second (in blocks taken in turn, so uneven costs even out). work must be safe
/// to run on two indices at once.
template <typename Work>
void for_each_index(std::size_t n, Work work) {
  constexpr std::size_t kBlock = 4096;
  if (n < 4 * kBlock) {
    for (std::size_t i = 0; i < n; ++i) work(i);
    return;
  }
  std::atomic<std::size_t> next{0};
  on_two_threads([&](int) {
    for (;;) {
      const std::size_t begin = next.fetch_add(kBlock, std::memory_order_relaxed);
      if (begin >= n) return;
      const std::size_t end = std::min(n, begin + kBlock);
      for (std::size_t i = begin; i < end; ++i) work(i);
    }
  });
}

}  // namespace abp
