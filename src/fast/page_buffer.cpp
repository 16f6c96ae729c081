#include "abp/fast/page_buffer.hpp"

#include <sys/mman.h>
#include <unistd.h>

#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <new>
#include <utility>

namespace abp {
namespace {

constexpr std::size_t kHugePage = std::size_t{2} << 20;

std::size_t page_size() {
  static const auto page = static_cast<std::size_t>(::sysconf(_SC_PAGESIZE));
  return page;
}

}  // namespace

PageBuffer::PageBuffer(std::size_t bytes, Pages pages, Backing backing) {
  if (bytes == 0) return;
  if (bytes < kFromTheHeapBelow) {
    data_ = std::calloc(1, bytes);
    if (data_ == nullptr) throw std::bad_alloc();
    size_ = bytes;
    return;
  }
  const int populate = backing == Backing::kNow ? MAP_POPULATE : 0;
  void* p =
      ::mmap(nullptr, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | populate, -1, 0);
  if (p == MAP_FAILED) throw std::bad_alloc();
  if (pages == Pages::kSmall && bytes >= kHugePage) ::madvise(p, bytes, MADV_NOHUGEPAGE);
  data_ = p;
  size_ = bytes;
}

PageBuffer::~PageBuffer() {
  if (data_ == nullptr) return;
  if (size_ < kFromTheHeapBelow) {
    std::free(data_);
  } else {
    ::munmap(data_, size_);
  }
}

namespace {

// The whole pages inside [begin, begin + bytes), as [from, to).
std::pair<std::uintptr_t, std::uintptr_t> whole_pages(void* begin, std::size_t bytes) {
  const std::uintptr_t page = page_size();
  const auto from = (reinterpret_cast<std::uintptr_t>(begin) + page - 1) / page * page;
  const auto to = (reinterpret_cast<std::uintptr_t>(begin) + bytes) / page * page;
  return {from, std::max(from, to)};
}

}  // namespace

void back_pages(void* begin, std::size_t bytes) {
  const auto [from, to] = whole_pages(begin, bytes);
  if (to == from) return;
#ifdef MADV_POPULATE_WRITE
  if (::madvise(reinterpret_cast<void*>(from), to - from, MADV_POPULATE_WRITE) == 0) return;
#endif
  // Kernels before 5.14 (and their headers) lack MADV_POPULATE_WRITE: a write to each page
  // backs it. Adding 0 atomically writes without changing the byte, even one another thread
  // is writing.
  for (std::uintptr_t p = from; p < to; p += page_size()) {
    __atomic_fetch_add(reinterpret_cast<unsigned char*>(p), 0, __ATOMIC_RELAXED);
  }
}

void give_back_pages(void* begin, std::size_t bytes) {
  const auto [from, to] = whole_pages(begin, bytes);
  // Only advice: where the kernel declines, the memory is freed with its region as before.
  if (to > from) ::madvise(reinterpret_cast<void*>(from), to - from, MADV_DONTNEED);
}

}  // namespace abp
