#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string_view>
#include <vector>

namespace abp {

/// A dense integer naming one distinct string of a pool.
using Id = std::uint32_t;

/// Keeps exactly one copy of each distinct byte string and names it by a dense Id (0, 1, ...
/// in order of first appearance). Views stay valid as long as the pool lives, moves included.
///
/// Open addressing with the hash kept beside each id, so a probe rarely touches string bytes;
/// memory is the bytes themselves plus about 40 bytes per distinct string.
class StringPool {
 public:
  StringPool();

  /// Returns the id of `text`, adding it if new; `*added` (when given) says which.
  Id intern(std::string_view text, bool* added = nullptr);

  /// Returns the id of `text`, or kMissing when the pool does not hold it.
  Id find(std::string_view text) const;

  std::string_view view(Id id) const { return strings_[id]; }
  std::size_t size() const { return strings_.size(); }

  static constexpr Id kMissing = 0xFFFFFFFFu;

 private:
  void grow();
  const char* store(std::string_view text);

  std::vector<std::string_view> strings_;
  std::vector<std::uint64_t> slots_;  // (hash << 32) | (id + 1); 0 is empty
  std::size_t mask_ = 0;
  std::vector<std::unique_ptr<char[]>> blocks_;
  char* free_ = nullptr;
  std::size_t free_size_ = 0;
};

/// Returns a 64-bit hash of `bytes` (fast, not cryptographic).
std::uint64_t hash_bytes(std::string_view bytes);

}  // namespace abp
