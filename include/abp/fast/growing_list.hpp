#pragma once

#include <cstddef>
#include <cstdlib>
#include <cstring>
#include <new>
#include <type_traits>
#include <utility>

namespace abp {

/// A list of plain values (trivially copyable) that grows without copying them once it is
/// large: its memory comes from realloc(), which moves a large block's page mappings (glibc
/// serves blocks of 32 MiB and more, often less, with mmap and grows them with mremap) where
/// std::vector would allocate a new block, copy every value and free the old one. For a list
/// whose final length nobody knows, such as the facts read from a pipe: no copies, and no
/// moment when the old and the new block are both in memory.
template <typename T>
class GrowingList {
  static_assert(std::is_trivially_copyable_v<T>, "GrowingList holds plain values");

 public:
  GrowingList() = default;
  ~GrowingList() { std::free(data_); }
  GrowingList(const GrowingList& other) { *this = other; }
  GrowingList& operator=(const GrowingList& other) {
    if (this == &other) return *this;
    clear();
    reserve(other.size_);
    if (other.size_ > 0) std::memcpy(data_, other.data_, other.size_ * sizeof(T));
    size_ = other.size_;
    return *this;
  }
  GrowingList(GrowingList&& other) noexcept
      : data_(std::exchange(other.data_, nullptr)),
        size_(std::exchange(other.size_, 0)),
        capacity_(std::exchange(other.capacity_, 0)) {}
  GrowingList& operator=(GrowingList&& other) noexcept {
    GrowingList(std::move(other)).swap(*this);
    return *this;
  }
  void swap(GrowingList& other) noexcept {
    std::swap(data_, other.data_);
    std::swap(size_, other.size_);
    std::swap(capacity_, other.capacity_);
  }

  std::size_t size() const { return size_; }
  bool empty() const { return size_ == 0; }
  std::size_t capacity() const { return capacity_; }
  T* data() { return data_; }
  const T* data() const { return data_; }
  T& operator[](std::size_t i) { return data_[i]; }
  const T& operator[](std::size_t i) const { return data_[i]; }
  T* begin() { return data_; }
  T* end() { return data_ + size_; }
  const T* begin() const { return data_; }
  const T* end() const { return data_ + size_; }

  void push_back(const T& value) {
    if (size_ == capacity_) reserve(capacity_ < 16 ? 16 : capacity_ * 2);
    data_[size_++] = value;
  }

  /// Makes room for `n` values; room never touched takes address space, not memory.
  void reserve(std::size_t n) {
    if (n <= capacity_) return;
    if (n > static_cast<std::size_t>(-1) / sizeof(T)) throw std::bad_alloc();
    void* grown = std::realloc(data_, n * sizeof(T));
    if (grown == nullptr) throw std::bad_alloc();
    data_ = static_cast<T*>(grown);
    capacity_ = n;
  }

  /// Keeps the first `n` values (n <= size()).
  void shrink_to(std::size_t n) { size_ = n < size_ ? n : size_; }
  void clear() { size_ = 0; }

 private:
  T* data_ = nullptr;
  std::size_t size_ = 0;
  std::size_t capacity_ = 0;
};

}  // namespace abp
