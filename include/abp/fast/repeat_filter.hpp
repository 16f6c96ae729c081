#pragma once

#include <cstddef>
#include <cstdint>
#include "abp/fast/page_buffer.hpp"

namespace abp {

/// Tells a fact stated again from a new one while a catalogue has few distinct facts, so a
/// file that states the same facts row after row keeps each once instead of once a row (700
/// MiB of 1,000 titles: some 100k facts held, not 10M). Facts are id triples. It remembers at
/// most kMostKept of them, in a table that grows from small (a small file pays for a small
/// table); once that many are kept, it stops looking if fewer rows were repeats than not, so
/// a catalogue of mostly distinct facts pays for some 100k lookups and nothing more.
class RepeatFilter {
 public:
  static constexpr std::size_t kMostKept = std::size_t{1} << 17;

  /// True when the triple was given before (so the row adds nothing new). False for a new
  /// triple, and for every triple once the filter has stopped: a false answer may be a
  /// repeat, a true one never is wrong.
  bool repeats(std::uint32_t author, std::uint32_t title, std::uint32_t publisher);

  /// True once the filter has stopped looking.
  bool stopped() const { return stopped_; }

 private:
  struct Slot {
    std::uint32_t author_plus_one;  // 0: the slot is free (no pool reaches 2^32 - 1 ids)
    std::uint32_t title;
    std::uint32_t publisher;
  };

  void grow();

  // Mapped straight from the kernel, zeroed (all free), and given back whole when the
  // filter grows or stops.
  PageBuffer table_;
  std::size_t mask_ = 0;
  std::size_t kept_ = 0;
  std::uint64_t repeats_ = 0;
  bool full_ = false;  // kMostKept kept: looks up, adds no more
  bool stopped_ = false;
};

}  // namespace abp
