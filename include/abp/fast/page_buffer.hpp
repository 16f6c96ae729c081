#pragma once

#include <cstddef>
#include <utility>

namespace abp {

/// Zero-filled memory mapped straight from the kernel, for large tables and arenas; regions
/// under 256 KiB come from the heap instead, where they are cheaper to get and give back.
///
/// Regions are not asked for transparent huge pages: where the machine hands out memory that
/// its host must back afresh (a virtual machine whose host takes back what the guest frees),
/// a fresh 2 MiB page cost about 4 ms a MiB against 0.5 for small pages, and the TLB misses
/// huge pages save did not show in the CPU time (bench/README.md, fourteenth round). Pages
/// cost memory only once touched. Throws std::bad_alloc when the kernel refuses. Movable,
/// not copyable.
class PageBuffer {
 public:
  /// Regions smaller than this come from the heap: a mapping would cost two system calls
  /// (and a fault a page) for little memory, where calloc serves small catalogues and fuzz
  /// inputs from memory it already has.
  static constexpr std::size_t kFromTheHeapBelow = std::size_t{256} << 10;

  /// kKernelDefault: whatever the kernel's transparent_hugepage setting gives. kSmall: never
  /// huge pages, even where the setting is `always`, for memory filled a little at a time in
  /// many places (the kernel would otherwise back the whole region at the first few writes).
  enum class Pages { kKernelDefault, kSmall };

  /// kOnFirstUse: each page is backed when first touched. kNow: every page is backed by the
  /// call, for a table read at random before it is written: reading a page never written maps
  /// the kernel's shared zero page, and the write after it must then flush that mapping from
  /// every processor running one of abp's threads (an interrupt to each, which a virtual
  /// machine's host must carry: some 2 % of a 1M report's samples went there).
  enum class Backing { kOnFirstUse, kNow };

  PageBuffer() = default;
  explicit PageBuffer(std::size_t bytes, Pages pages = Pages::kKernelDefault,
                      Backing backing = Backing::kOnFirstUse);
  ~PageBuffer();
  PageBuffer(PageBuffer&& other) noexcept
      : data_(std::exchange(other.data_, nullptr)), size_(std::exchange(other.size_, 0)) {}
  PageBuffer& operator=(PageBuffer&& other) noexcept {
    PageBuffer(std::move(other)).swap(*this);
    return *this;
  }
  PageBuffer(const PageBuffer&) = delete;
  PageBuffer& operator=(const PageBuffer&) = delete;

  void swap(PageBuffer& other) noexcept {
    std::swap(data_, other.data_);
    std::swap(size_, other.size_);
  }

  template <typename T>
  T* as() const {
    return static_cast<T*>(data_);
  }
  std::size_t size() const { return size_; }
  /// True for a region from the heap (under 256 KiB), which lies apart from the mappings.
  bool from_heap() const { return data_ != nullptr && size_ < kFromTheHeapBelow; }

 private:
  void* data_ = nullptr;
  std::size_t size_ = 0;
};

/// Backs the whole pages inside [begin, begin + bytes) now, as Backing::kNow does a whole
/// region, without changing a byte: for a region read at random that several threads back
/// part by part. Pages only partly inside are left as they are.
void back_pages(void* begin, std::size_t bytes);

/// Gives the whole pages inside [begin, begin + bytes) back to the kernel, for a large region
/// read once front to back whose memory is better spent on what is being made from it. The
/// bytes must not be read again (they read as zero); the region stays allocated, to be freed
/// as it was allocated. Bytes of pages only partly inside are kept.
void give_back_pages(void* begin, std::size_t bytes);

}  // namespace abp
