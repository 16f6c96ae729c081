#pragma once

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <cstddef>
#include <exception>
#include <functional>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>

namespace abp {

/// The one place abp starts threads. abp runs on two cores at most, so every shape uses
/// exactly one helper thread beside the caller's: fork-join (on_two_threads, and
/// for_each_index on it) and one ordered hand-off (OrderedHandoff, make_pieces_in_order).

/// Fork-join: runs work(0) on this thread and work(1) on a second one at once, and returns
/// when both are done. An exception from either is rethrown here once both have finished
/// (work(0)'s when both throw).
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

/// Below this many items a second thread costs more to start (tens of microseconds, and a
/// clone the kernel must make) than it saves; small catalogues and fuzz inputs stay on one.
constexpr std::size_t kItemsWorthASecondThread = 16384;

/// Fork-join sized by the work: as on_two_threads(work) when `items` (how many items the two
/// parts share) is large enough to pay for a second thread, otherwise work(0) then work(1)
/// on this thread, with the same error contract (work(1) still runs when work(0) throws).
template <typename Work>
void on_two_threads(std::size_t items, Work work) {
  if (items >= kItemsWorthASecondThread) {
    on_two_threads(work);
    return;
  }
  std::exception_ptr error;
  for (const int part : {0, 1}) {
    try {
      work(part);
    } catch (...) {
      if (!error) error = std::current_exception();
    }
  }
  if (error) std::rethrow_exception(error);
}

/// Calls work(i) for every i in [0, n), each once, on two threads when n is large enough to
/// pay for the second (in blocks taken in turn, so uneven costs even out), after first_here()
/// on this thread and first_there() on the second: each thread starts on the indices when its
/// own first step returns. For steps that must each run alone (a sort, a count), side by side,
/// beside work that depends on neither. With n too small to pay for the second thread,
/// first_here(), first_there() and then every work(i) run here. work must be safe to run on
/// two indices at once, and beside either first step. On two threads, an exception from
/// either step is rethrown once the other thread is done. On one, an exception ends the call
/// at once: none of what would have run after the step that threw runs.
template <typename FirstHere, typename FirstThere, typename Work>
void for_each_index_after(std::size_t n, FirstHere first_here, FirstThere first_there, Work work) {
  constexpr std::size_t kBlock = 4096;
  static_assert(4 * kBlock == kItemsWorthASecondThread);
  if (n < 4 * kBlock) {
    first_here();
    first_there();
    for (std::size_t i = 0; i < n; ++i) work(i);
    return;
  }
  std::atomic<std::size_t> next{0};
  on_two_threads([&](int part) {
    part == 0 ? first_here() : first_there();
    for (;;) {
      const std::size_t begin = next.fetch_add(kBlock, std::memory_order_relaxed);
      if (begin >= n) return;
      const std::size_t end = std::min(n, begin + kBlock);
      for (std::size_t i = begin; i < end; ++i) work(i);
    }
  });
}

/// As for_each_index_after() with nothing first on the second thread: it starts on the
/// indices at once, and this one joins it when first() returns.
template <typename First, typename Work>
void for_each_index_beside(std::size_t n, First first, Work work) {
  for_each_index_after(
      n, first, [] {}, work);
}

/// Calls work(i) for every i in [0, n), each once, on two threads when n is large enough to
/// pay for the second (in blocks taken in turn, so uneven costs even out). work must be safe
/// to run on two indices at once.
template <typename Work>
void for_each_index(std::size_t n, Work work) {
  for_each_index_beside(
      n, [] {}, work);
}

/// An ordered hand-off through a bounded ring: items 0, 1, 2, ... are made in order by
/// `make(n)` on a second thread and taken in order on this one with next(). The items live
/// in the caller's ring of `slots` buffers, item n in slot n % slots; the maker waits before
/// reusing the slot of an item this thread may still be reading (the last one taken), so it
/// runs at most `slots - 1` items ahead.
///
/// With `threaded` false, next() makes each item on the caller's thread: for makers that
/// may block (reading a pipe), where a helper could be left waiting after the caller stopped.
/// The destructor stops the maker after the item it is making and joins it, so the caller
/// may leave (or throw) at any time.
class OrderedHandoff {
 public:
  /// `make(n)` makes item n into slot n % slots and returns false when n is the last item.
  /// It may throw: next() rethrows the exception in place of item n.
  OrderedHandoff(std::size_t slots, std::function<bool(std::size_t)> make, bool threaded = true);
  ~OrderedHandoff();
  OrderedHandoff(const OrderedHandoff&) = delete;
  OrderedHandoff& operator=(const OrderedHandoff&) = delete;

  /// Waits for the next item, sets `n` to its number and returns true; false after the last.
  /// Taking item n gives the slot of item n - 1 back to the maker.
  bool next(std::size_t& n);

 private:
  void run();

  const std::size_t slots_;
  const std::function<bool(std::size_t)> make_;
  std::mutex mutex_;
  std::condition_variable changed_;
  std::size_t made_ = 0;   // items made so far
  std::size_t taken_ = 0;  // items handed out so far
  bool done_ = false;      // the maker has finished: made its last item, or thrown
  bool stop_ = false;      // the taker has gone away
  std::exception_ptr error_;
  std::thread thread_;
};

/// Makes pieces 0 .. count-1 of a text with `make(i, text)` (appending piece i to an empty
/// `text`) on two threads, this one and a helper, and hands each to `take(text)` on this
/// thread in order: the output is exactly what one thread making and taking them in turn
/// would give. Pieces should be of similar size; a few are kept at a time, so memory is a
/// few pieces whatever the count.
///
/// `make` must be safe to call for different pieces at once. An exception from `make` (on
/// either thread) or `take` stops the helper and is rethrown here after it has been joined.
void make_pieces_in_order(std::size_t count,
                          const std::function<void(std::size_t, std::string&)>& make,
                          const std::function<void(std::string_view)>& take);

}  // namespace abp
