#include "abp/string_pool.hpp"

#include <cstring>

namespace abp {
namespace {

constexpr std::size_t kBlockSize = 1u << 20;

// __extension__: GCC and Clang have 128-bit integers; -Wpedantic only notes they are not ISO.
__extension__ using Uint128 = unsigned __int128;

std::uint64_t mix(std::uint64_t a, std::uint64_t b) {
  const Uint128 product = static_cast<Uint128>(a) * b;
  return static_cast<std::uint64_t>(product) ^ static_cast<std::uint64_t>(product >> 64);
}

}  // namespace

std::uint64_t hash_bytes(std::string_view bytes) {
  constexpr std::uint64_t kSeed = 0x9E3779B97F4A7C15ULL;
  constexpr std::uint64_t kMul = 0xA0761D6478BD642FULL;
  const char* p = bytes.data();
  std::size_t n = bytes.size();
  std::uint64_t h = kSeed ^ n;
  while (n >= 8) {
    std::uint64_t word;
    std::memcpy(&word, p, 8);
    h = mix(h ^ word, kMul);
    p += 8;
    n -= 8;
  }
  if (n > 0) {
    std::uint64_t word = 0;
    std::memcpy(&word, p, n);
    h = mix(h ^ word ^ (static_cast<std::uint64_t>(n) << 59), kMul);
  }
  return mix(h, kSeed);
}

StringPool::StringPool() : slots_(1024, 0), mask_(1023) {}

const char* StringPool::store(std::string_view text) {
  if (text.size() > free_size_) {
    const std::size_t size = text.size() > kBlockSize / 4 ? text.size() : kBlockSize;
    // new char[] rather than make_unique: no need to zero what is about to be written.
    blocks_.push_back(std::unique_ptr<char[]>(new char[size]));
    char* block = blocks_.back().get();
    if (size != kBlockSize) return static_cast<char*>(std::memcpy(block, text.data(), text.size()));
    free_ = block;
    free_size_ = size;
  }
  char* at = free_;
  if (!text.empty()) std::memcpy(at, text.data(), text.size());
  free_ += text.size();
  free_size_ -= text.size();
  return at;
}

void StringPool::grow() {
  std::vector<std::uint64_t> slots(slots_.size() * 2, 0);
  const std::size_t mask = slots.size() - 1;
  for (const std::uint64_t slot : slots_) {
    if (slot == 0) continue;
    std::size_t i = static_cast<std::size_t>(slot >> 32) & mask;
    while (slots[i] != 0) i = (i + 1) & mask;
    slots[i] = slot;
  }
  slots_.swap(slots);
  mask_ = mask;
}

Id StringPool::find(std::string_view text) const {
  const auto hash = static_cast<std::uint32_t>(hash_bytes(text));
  for (std::size_t i = hash & mask_;; i = (i + 1) & mask_) {
    const std::uint64_t slot = slots_[i];
    if (slot == 0) return kMissing;
    if (static_cast<std::uint32_t>(slot >> 32) != hash) continue;
    const auto id = static_cast<Id>((slot & 0xFFFFFFFFu) - 1);
    if (strings_[id] == text) return id;
  }
}

Id StringPool::intern(std::string_view text, bool* added) {
  const auto hash = static_cast<std::uint32_t>(hash_bytes(text));
  std::size_t i = hash & mask_;
  for (;; i = (i + 1) & mask_) {
    const std::uint64_t slot = slots_[i];
    if (slot == 0) break;
    if (static_cast<std::uint32_t>(slot >> 32) != hash) continue;
    const auto id = static_cast<Id>((slot & 0xFFFFFFFFu) - 1);
    if (strings_[id] == text) {
      if (added) *added = false;
      return id;
    }
  }
  const auto id = static_cast<Id>(strings_.size());
  const char* bytes = store(text);
  strings_.emplace_back(bytes, text.size());
  slots_[i] = (static_cast<std::uint64_t>(hash) << 32) | (static_cast<std::uint64_t>(id) + 1);
  // Keep the table at most half full so probes stay short.
  if (strings_.size() * 2 > slots_.size()) grow();
  if (added) *added = true;
  return id;
}

}  // namespace abp
