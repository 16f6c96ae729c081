#include "abp/fast/repeat_filter.hpp"

#include <utility>

namespace abp {
namespace {

constexpr std::size_t kFirstSlots = 1024;

std::size_t slot_of(std::uint32_t author, std::uint32_t title, std::uint32_t publisher,
                    std::size_t mask) {
  std::uint64_t h = author * 0x9E3779B97F4A7C15ULL;
  h ^= title * 0xC2B2AE3D27D4EB4FULL;
  h ^= publisher * 0x165667B19E3779F9ULL;
  return static_cast<std::size_t>(h ^ (h >> 31)) & mask;
}

}  // namespace

bool RepeatFilter::repeats(std::uint32_t author, std::uint32_t title, std::uint32_t publisher) {
  if (stopped_) return false;
  if (table_.size() == 0) {
    table_ = PageBuffer(kFirstSlots * sizeof(Slot));
    mask_ = kFirstSlots - 1;
  }
  Slot* const slots = table_.as<Slot>();
  const std::uint32_t key = author + 1;
  for (std::size_t i = slot_of(author, title, publisher, mask_);; i = (i + 1) & mask_) {
    Slot& slot = slots[i];
    if (slot.author_plus_one == key && slot.title == title && slot.publisher == publisher) {
      ++repeats_;
      return true;
    }
    if (slot.author_plus_one != 0) continue;
    if (full_) return false;
    slot = Slot{key, title, publisher};
    ++kept_;
    // Kept at most half full, so a probe ends soon at a free slot.
    if (kept_ * 2 > mask_ + 1) {
      if (kept_ < kMostKept) {
        grow();
      } else {
        full_ = true;
        stopped_ = repeats_ < kept_;
        if (stopped_) table_ = PageBuffer();
      }
    }
    return false;
  }
}

void RepeatFilter::grow() {
  // Probed before it is written: backed at once (see PageBuffer::Backing).
  const PageBuffer old = std::exchange(
      table_,
      PageBuffer(table_.size() * 2, PageBuffer::Pages::kKernelDefault, PageBuffer::Backing::kNow));
  const std::size_t old_slots = mask_ + 1;
  mask_ = old_slots * 2 - 1;
  Slot* const slots = table_.as<Slot>();
  for (const Slot* slot = old.as<Slot>(); slot != old.as<Slot>() + old_slots; ++slot) {
    if (slot->author_plus_one == 0) continue;
    std::size_t i = slot_of(slot->author_plus_one - 1, slot->title, slot->publisher, mask_);
    while (slots[i].author_plus_one != 0) i = (i + 1) & mask_;
    slots[i] = *slot;
  }
}

}  // namespace abp
