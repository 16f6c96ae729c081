#include "abp/fast/string_pool.hpp"

#include <algorithm>
#include <cstring>
#include <new>
#include <utility>

#define XXH_INLINE_ALL
#include <xxhash.h>

#include "abp/fast/parallel.hpp"

namespace abp {
namespace {

// Entries go into blocks that double from 4 KiB to 4 MiB, so a pool of a few strings (the
// rows a server reads as they are appended, a small file, a fuzz input) costs a few
// kilobytes, not a large block; a string of over a quarter of the block gets a block of its
// own.
constexpr std::size_t kFirstBlockSize = 4u << 10;
constexpr std::size_t kBlockSize = 4u << 20;
constexpr std::size_t kBlockDoublings = 10;  // kFirstBlockSize << 10 == kBlockSize
static_assert((kFirstBlockSize << kBlockDoublings) == kBlockSize);
// The table starts at 256 slots (2 KiB) and doubles as it fills.
constexpr std::size_t kFirstSlots = 256;
// From this many strings on (some 2 ms of rehashing), a rehash takes both threads.
constexpr std::size_t kRehashedOnTwoThreads = std::size_t{1} << 16;

}  // namespace

// xxHash's XXH3 (libxxhash-dev) replaced a hand-written multiply-xor hash that was fused with
// the normal-form scan to read each value once: on the 4M values of bench/gen_catalogue's 1M
// rows, is_normalized() then XXH3 took 95 ms of CPU against 105 ms for the fused pass, XXH3
// alone 43 ms against 79 ms; `abp report` of those rows 0.73 s of CPU against 0.80 s.
std::uint64_t hash_bytes(std::string_view bytes) { return XXH3_64bits(bytes.data(), bytes.size()); }

StringPool::StringPool() : slots_(kFirstSlots * sizeof(std::uint64_t)), mask_(kFirstSlots - 1) {
  index_.reserve(kFirstSlots * 3 / 4);  // as many as the first table holds
}

StringPool::~StringPool() = default;
StringPool::StringPool(StringPool&&) noexcept = default;
StringPool& StringPool::operator=(StringPool&&) noexcept = default;

const char* StringPool::store(std::string_view text, Id id) {
  const std::size_t need = entry_size(text, id);
  char* at;
  if (need <= free_size_) {
    at = free_;
    free_ += need;
    free_size_ -= need;
  } else {
    const std::size_t block =
        std::min(kBlockSize, kFirstBlockSize << std::min(blocks_.size(), kBlockDoublings));
    const std::size_t size = need > block / 4 ? need : block;
    blocks_.emplace_back(size);
    at = blocks_.back().as<char>();
    // Slots keep entry addresses in 48 bits, as x86-64 and AArch64 Linux user space has them.
    if ((reinterpret_cast<std::uintptr_t>(at) + size) >> kTagShift != 0) throw std::bad_alloc();
    block_used_.push_back(need);
    if (size == block) {  // else a block of its own; the current one keeps its room
      block_used_[current_block_] = block_used(current_block_);  // no longer the current one
      current_block_ = blocks_.size() - 1;
      free_ = at + need;
      free_size_ = size - need;
    }
  }
  write_entry(at, text, id);
  return at;
}

void StringPool::reserve(std::size_t strings) {
  std::size_t mask = mask_;
  while (strings * 4 > (mask + 1) * 3) mask = mask * 2 + 1;
  if (mask != mask_) rehash(mask);
  if (!deferring_) index_.reserve(strings);
}

void StringPool::grow() { rehash(mask_ * 2 + 1); }

void StringPool::rehash(std::size_t mask) {
  slots_ = PageBuffer();
  const std::size_t bytes = (mask + 1) * sizeof(std::uint64_t);
  if (count_ < kRehashedOnTwoThreads) {
    // Zero-filled; probed before it is written, so backed at once (see PageBuffer::Backing).
    PageBuffer table(bytes, PageBuffer::Pages::kKernelDefault, PageBuffer::Backing::kNow);
    place_entries<false>(table.as<std::uint64_t>(), mask, 0, blocks_.size());
    slots_ = std::move(table);
  } else {
    // A large table is backed and filled on two threads, each half of it and then half of
    // the entries: the thread that grows a pool is often the one the other waits for (the
    // titles of a pipe, whose size nobody knows, are rehashed on the loading thread while the
    // reading thread stops: at 10M rows the last rehash moves 3.1M titles).
    PageBuffer table(bytes, PageBuffer::Pages::kKernelDefault, PageBuffer::Backing::kOnFirstUse);
    auto* slots = table.as<std::uint64_t>();
    // Backed before either thread probes it, for the reason kNow is (see PageBuffer::Backing).
    on_two_threads(
        [&](int part) { back_pages(table.as<char>() + (part == 0 ? 0 : bytes / 2), bytes / 2); });
    const std::size_t half = middle_block();
    on_two_threads([&](int part) {
      if (part == 0) {
        place_entries<true>(slots, mask, 0, half);
      } else {
        place_entries<true>(slots, mask, half, blocks_.size());
      }
    });
    slots_ = std::move(table);
  }
  mask_ = mask;
}

template <bool kShared>
void StringPool::place_entries(std::uint64_t* slots, std::size_t mask, std::size_t first,
                               std::size_t last) const {
  // Entries are placed in the order they were written (reading them front to back costs
  // less than keeping every hash); their new slots land at random, so those are asked for
  // ahead and the misses overlap: 32 ahead rehashed 3.1M titles in 0.043 s, 8 in 0.054-0.071 s.
  constexpr std::size_t kAhead = 32;
  struct Pending {
    const char* entry;
    std::uint32_t low;
  };
  Pending pending[kAhead];
  std::size_t seen = 0;
  auto place = [&](const Pending& p) {
    std::size_t i = p.low & mask;
    const std::uint64_t slot = slot_for(p.low, p.entry);
    if constexpr (kShared) {
      // Beside another thread placing other entries: a slot is taken by whoever sets it first.
      for (;; i = (i + 1) & mask) {
        std::uint64_t empty = 0;
        if (__atomic_load_n(&slots[i], __ATOMIC_RELAXED) == 0 &&
            __atomic_compare_exchange_n(&slots[i], &empty, slot, false, __ATOMIC_RELAXED,
                                        __ATOMIC_RELAXED)) {
          return;
        }
      }
    } else {
      while (slots[i] != 0) i = (i + 1) & mask;
      slots[i] = slot;
    }
  };
  for_each_entry(first, last, [&](const char* entry) {
    Pending& next = pending[seen++ % kAhead];
    if (seen > kAhead) place(next);
    next = Pending{entry, static_cast<std::uint32_t>(hash_bytes(entry_text(entry)))};
    prefetch(slots + (next.low & mask));
  });
  for (std::size_t k = seen > kAhead ? seen - kAhead : 0; k < seen; ++k) place(pending[k % kAhead]);
}

template <typename F>
void StringPool::for_each_entry(std::size_t first, std::size_t last, F f) const {
  for (std::size_t b = first; b < last; ++b) {
    const char* p = blocks_[b].as<char>();
    const char* const end = p + block_used(b);
    while (p < end) {
      const char* const entry = p;
      const std::string_view text = entry_text(entry);
      p = text.data() + text.size();
      read_number(p);  // the id
      f(entry);
    }
  }
}

const char* StringPool::offset_base(std::size_t& span) const {
  // The heap's blocks lie far from the kernel's mappings: they are left out.
  std::uintptr_t low = UINTPTR_MAX;
  std::uintptr_t high = 0;
  for (const PageBuffer& block : blocks_) {
    if (block.from_heap()) continue;
    const auto at = reinterpret_cast<std::uintptr_t>(block.as<char>());
    low = std::min(low, at);
    high = std::max(high, at + block.size());
  }
  span = 0;
  if (high <= low || high - low >= kNoOffset) return nullptr;
  span = high - low;
  return reinterpret_cast<const char*>(low);
}

std::size_t StringPool::middle_block() const {
  std::size_t bytes = 0;
  for (std::size_t b = 0; b < blocks_.size(); ++b) bytes += block_used(b);
  std::size_t middle = 0;
  for (std::size_t half = 0; middle < blocks_.size() && half < bytes / 2; ++middle) {
    half += block_used(middle);
  }
  return middle;
}

void StringPool::index_ids() const {
  deferring_ = false;
  if (index_.size() == count_) return;
  // Entries hold their ids: each goes where its id says, whatever the order of the blocks,
  // so each half of the blocks (by bytes) is walked on a thread of its own.
  index_.resize(count_);
  const std::size_t middle = middle_block();
  on_two_threads(count_, [&](int part) {
    for_each_entry(part == 0 ? 0 : middle, part == 0 ? middle : blocks_.size(),
                   [this](const char* entry) { index_[id_after(entry_text(entry))] = entry; });
  });
}

void StringPool::drop_index() {
  slots_ = PageBuffer();
  mask_ = 0;
}

void StringPool::forget_ids() {
  drop_index();
  index_ = std::vector<const char*>();
  count_ = 0;
}

std::vector<StringPool::Ref> StringPool::release_refs() {
  drop_index();
  index_ids();
  count_ = 0;
  return std::exchange(index_, std::vector<const char*>());
}

std::shared_ptr<const char> StringPool::copy_block(const std::vector<std::string_view>& texts,
                                                   std::vector<Ref>& refs) {
  std::size_t total = 0;
  for (const std::string_view text : texts) total += entry_size(text, 0);
  std::shared_ptr<char> block(new char[std::max<std::size_t>(total, 1)],
                              std::default_delete<char[]>());
  refs.clear();
  refs.reserve(texts.size());
  char* at = block.get();
  for (const std::string_view text : texts) {
    write_entry(at, text, 0);
    refs.push_back(at);
    at += entry_size(text, 0);
  }
  return block;
}

char* StringPool::write_number(char* at, std::uint64_t value) {
  while (value >= 0x80) {
    *at++ = static_cast<char>((value & 0x7Fu) | 0x80u);
    value >>= 7;
  }
  *at++ = static_cast<char>(value);
  return at;
}

void StringPool::write_entry(char* at, std::string_view text, Id id) {
  at = write_number(at, text.size());
  if (!text.empty()) std::memcpy(at, text.data(), text.size());
  write_number(at + text.size(), id);
}

Id StringPool::find(std::string_view text) const {
  const auto low = static_cast<std::uint32_t>(hash_bytes(text));
  const std::uint64_t tag = low >> 16;
  for (std::size_t i = low & mask_;; i = (i + 1) & mask_) {
    const std::uint64_t slot = slots_.as<std::uint64_t>()[i];
    if (slot == 0) return kMissing;
    if ((slot >> kTagShift) != tag) continue;
    const std::string_view stored = entry_text(entry_at(slot));
    if (stored == text) return id_after(stored);
  }
}

Id StringPool::intern(std::string_view text, std::uint64_t hash, bool* added) {
  const auto low = static_cast<std::uint32_t>(hash);
  const std::uint64_t tag = low >> 16;
  std::size_t i = low & mask_;
  for (;; i = (i + 1) & mask_) {
    const std::uint64_t slot = slots_.as<std::uint64_t>()[i];
    if (slot == 0) break;
    if ((slot >> kTagShift) != tag) continue;
    const std::string_view stored = entry_text(entry_at(slot));
    if (stored == text) {
      if (added) *added = false;
      return id_after(stored);
    }
  }
  const auto id = static_cast<Id>(count_);
  const char* entry = store(text, id);
  ++count_;
  if (!deferring_) index_.push_back(entry);
  slots_.as<std::uint64_t>()[i] = slot_for(low, entry);
  // At most 3/4 full: probes stay within a cache line or two (the tags filter them), and the
  // table of a large catalogue stays a fraction of its strings' size.
  if (count_ * 4 > (mask_ + 1) * 3) grow();
  if (added) *added = true;
  return id;
}

}  // namespace abp
