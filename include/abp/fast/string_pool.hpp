#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <memory>
#include <string_view>
#include <vector>

#include "abp/fast/cache_line.hpp"
#include "abp/fast/page_buffer.hpp"

namespace abp {

/// A dense integer naming one distinct string of a pool.
using Id = std::uint32_t;

/// Starts loading the cache line at `address`. Unlike a bare __builtin_prefetch, it is kept
/// when a loop does nothing else: GCC deletes such loops as having no effect.
inline void prefetch(const void* address) {
  __builtin_prefetch(address);
  __asm__ __volatile__("");
}

/// Returns a 64-bit hash of `bytes` (xxHash's XXH3: fast, not cryptographic).
std::uint64_t hash_bytes(std::string_view bytes);

/// Keeps exactly one copy of each distinct byte string and names it by a dense Id (0, 1, ...
/// in order of first appearance). Views stay valid as long as the pool lives, moves included.
///
/// Each string is stored once in large blocks, its length before it and its id after it,
/// both as variable-length integers (a title of a large catalogue takes four or five bytes
/// more than its text, where a fixed header took eight). The table is open addressing, at
/// most 3/4 full, each 8-byte slot holding the entry's address and 16 bits of the hash as a
/// tag: a lookup reads a slot or two and the one entry the tag points to, and
/// prefetch_slot() / prefetch_entry() let a caller start both loads early. Memory is the
/// bytes plus 10-13 bytes of entry and index and 11-21 bytes of table per distinct string.
///
/// A catalogue keeps its pools side by side, and a large file's authors are interned on one
/// thread while its titles are on another: each pool has cache lines of its own, so neither
/// thread's writes (a count, the free room) take a line the other is reading.
class alignas(kCacheLine) StringPool {
 public:
  StringPool();
  ~StringPool();
  StringPool(StringPool&&) noexcept;
  StringPool& operator=(StringPool&&) noexcept;

  /// Returns the id of `text`, adding it if new; `*added` (when given) says which.
  Id intern(std::string_view text, bool* added = nullptr) {
    return intern(text, hash_bytes(text), added);
  }

  /// Like intern(text), with `hash` = hash_bytes(text) already computed.
  Id intern(std::string_view text, std::uint64_t hash, bool* added = nullptr);

  /// Starts loading the table slot an intern() of a text with this hash reads first. With
  /// prefetch_entry() a little later, callers that know upcoming values let their lookups
  /// wait for memory together instead of one after another.
  void prefetch_slot(std::uint64_t hash) const {
    const std::uint64_t* slot =
        slots_.as<std::uint64_t>() + (static_cast<std::uint32_t>(hash) & mask_);
    prefetch(slot);
  }

  /// Starts loading the entry the slot for this hash names, if its tag matches (reads the
  /// slot: call it once prefetch_slot() has had time to bring it in).
  void prefetch_entry(std::uint64_t hash) const {
    const auto low = static_cast<std::uint32_t>(hash);
    const auto* slots = slots_.as<std::uint64_t>();
    // The first slots of the probe run, which share the cache lines prefetch_slot() asked for.
    for (std::size_t i = low & mask_, tries = 0; tries < 8; i = (i + 1) & mask_, ++tries) {
      const std::uint64_t slot = slots[i];
      if (slot == 0) return;
      if ((slot >> kTagShift) == (low >> 16)) {
        // Entries are packed: a typical one (8-byte header, a few dozen bytes of text) often
        // runs into the next cache line, which the comparison reads too.
        const char* entry = entry_at(slot);
        prefetch(entry);
        prefetch(entry + 48);
        return;
      }
    }
  }

  /// Sizes the table for `strings` distinct strings up front, so a large pool is not rehashed
  /// again and again as it fills. Only memory that is used gets paged in.
  void reserve(std::size_t strings);

  /// Returns the id of `text`, or kMissing when the pool does not hold it.
  Id find(std::string_view text) const;

  std::string_view view(Id id) const { return entry_text(ref(id)); }

  /// A compact handle on a string (8 bytes, half a string_view) for tables that keep many.
  using Ref = const char*;
  Ref ref(Id id) const {
    if (index_.size() != count_) index_ids();
    return index_[id];
  }
  /// Starts loading ref(id), for callers that will soon look up ids at random.
  void prefetch_ref(Id id) const {
    if (index_.size() != count_) index_ids();
    prefetch(&index_[id]);
  }
  static std::string_view text(Ref ref) { return entry_text(ref); }
  std::size_t size() const { return count_; }

  /// Where most of the pool's strings lie, for tables that keep a Ref as a 32-bit offset
  /// (half the memory): every string of the blocks mapped from the kernel (all but the first
  /// few, small blocks of the heap, some 250 KiB) lies within `span` bytes (under 4 GiB)
  /// above the address returned, when they do; null when they do not, or there are none.
  const char* offset_base(std::size_t& span) const;
  /// What such a table keeps for a string not within the span.
  static constexpr std::uint32_t kNoOffset = 0xFFFFFFFFu;

  /// For a pool that will take millions of strings before any is looked up by id (a large
  /// file being read): stops keeping the id -> string index (8 bytes a string) as strings
  /// are added. index_ids() makes it again, from the strings themselves, when ids are first
  /// looked up: after drop_index() has freed the table, the index takes memory that the table
  /// gave back, and the pool's peak is lower by its size.
  void defer_ids() { deferring_ = true; }

  /// Makes the index of the ids interned since defer_ids() and keeps it from then on. Called
  /// by ref(), view() and prefetch_ref() when needed; call it before those run on several
  /// threads at once (they then only read).
  void index_ids() const;

  /// Frees the lookup table once no more intern() or find() calls will come (they must not):
  /// the strings and their views stay. Sorting a large catalogue needs that memory.
  void drop_index();

  /// Also frees the id -> string index (view(id) and ref(id) must not be called after):
  /// only Refs taken before stay valid, with the strings.
  void forget_ids();

  /// Like forget_ids(), but hands the index over: element `id` is ref(id). The strings stay
  /// with the pool.
  std::vector<Ref> release_refs();

  /// Copies `texts` into one block of exactly the size they need, laid out as text() reads
  /// them, and returns the block; `refs` gets one Ref per text, in order. For a few strings
  /// kept apart from any pool, where a pool's 4 MiB blocks would waste memory.
  static std::shared_ptr<const char> copy_block(const std::vector<std::string_view>& texts,
                                                std::vector<Ref>& refs);

  static constexpr Id kMissing = 0xFFFFFFFFu;

 private:
  // An entry: its length, its bytes, its id; the two numbers as LEB128 (seven bits a byte,
  // the high bit set on every byte but the last), so most names take one byte for the length
  // and three or four for the id. Its home slot is given by the hash's low bits; the slot
  // holds hash bits 16-31 as a tag above the entry's 48-bit address; 0 is an empty slot.
  static constexpr unsigned kTagShift = 48;
  static constexpr std::uint64_t kAddressMask = (std::uint64_t{1} << kTagShift) - 1;

  static const char* entry_at(std::uint64_t slot) {
    return reinterpret_cast<const char*>(static_cast<std::uintptr_t>(slot & kAddressMask));
  }
  static std::uint64_t slot_for(std::uint32_t low_hash, const char* entry) {
    return (std::uint64_t{low_hash >> 16} << kTagShift) | reinterpret_cast<std::uintptr_t>(entry);
  }
  // Reads the number at `p` and moves `p` past it.
  static std::uint64_t read_number(const char*& p) {
    auto byte = static_cast<unsigned char>(*p++);
    std::uint64_t value = byte & 0x7Fu;
    for (unsigned shift = 7; (byte & 0x80u) != 0; shift += 7) {
      byte = static_cast<unsigned char>(*p++);
      value |= std::uint64_t{byte & 0x7Fu} << shift;
    }
    return value;
  }
  static std::size_t number_size(std::uint64_t value) {
    std::size_t n = 1;
    while (value >= 0x80) {
      value >>= 7;
      ++n;
    }
    return n;
  }
  static std::string_view entry_text(const char* entry) {
    if (static_cast<unsigned char>(*entry) < 0x80) {  // shorter than 128 bytes: most names
      return std::string_view(entry + 1, static_cast<unsigned char>(*entry));
    }
    const std::size_t length = read_number(entry);
    return std::string_view(entry, length);
  }
  // The id of the entry whose text is `text` (as entry_text() gave it): the number after it.
  static Id id_after(std::string_view text) {
    const char* p = text.data() + text.size();
    return static_cast<Id>(read_number(p));
  }
  static std::size_t entry_size(std::string_view text, Id id) {
    return number_size(text.size()) + text.size() + number_size(id);
  }

  static void write_entry(char* at, std::string_view text, Id id);
  static char* write_number(char* at, std::uint64_t value);
  void grow();
  void rehash(std::size_t mask);
  // Places the entries of blocks [first, last) in `slots`, a table of mask + 1 slots; with
  // kShared, beside another thread placing others.
  template <bool kShared>
  void place_entries(std::uint64_t* slots, std::size_t mask, std::size_t first,
                     std::size_t last) const;
  const char* store(std::string_view text, Id id);
  // Calls f(entry) for every entry of blocks [first, last), in the order of the blocks
  // (within a block, the order they were written in).
  template <typename F>
  void for_each_entry(std::size_t first, std::size_t last, F f) const;
  // The first block of the second half of the entries' bytes: blocks [0, middle_block()) and
  // the rest hold about as many bytes each, for work split between two threads.
  std::size_t middle_block() const;
  std::size_t block_used(std::size_t b) const {
    return b == current_block_ ? blocks_[b].size() - free_size_ : block_used_[b];
  }

  // id -> entry, for ids [0, index_.size()): all of them unless deferring_. index_ids(), a
  // const function (hence mutable), makes it whole from the blocks and ends deferring_.
  mutable std::vector<const char*> index_;
  std::size_t count_ = 0;  // ids handed out
  mutable bool deferring_ = false;
  PageBuffer slots_;  // the table: mask_ + 1 slots; none after drop_index()
  std::size_t mask_ = 0;
  std::vector<PageBuffer> blocks_;
  // Bytes of entries in each block; the current one's (where free_ is) is counted as its size
  // less free_size_ instead. Before the first shared block, current_block_ 0 names a block of
  // its own or none: with free_size_ 0 the count is the same.
  std::vector<std::size_t> block_used_;
  std::size_t current_block_ = 0;
  char* free_ = nullptr;
  std::size_t free_size_ = 0;
};

}  // namespace abp
