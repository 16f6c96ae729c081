#include "abp/fast/pages_ahead.hpp"

#include <algorithm>
#include <cstdint>
#include <thread>

#include "abp/fast/page_buffer.hpp"

namespace abp {

void back_pages_ahead(void* begin, std::size_t bytes, const std::atomic<std::size_t>& written) {
  const auto base = reinterpret_cast<std::uintptr_t>(begin);
  std::size_t backed = 0;  // bytes from begin that this has backed or the writer has passed
  while (backed < bytes) {
    const std::size_t at = written.load(std::memory_order_relaxed);
    if (at >= bytes) return;
    backed = std::max(backed, at);
    if (backed >= at + kPagesAhead) {
      std::this_thread::yield();  // far enough ahead: the writer's turn
      continue;
    }
    // Steps end on multiples of the step in the address space (so no page straddles two), or
    // at the end of the region or of the distance allowed ahead.
    const std::size_t next =
        std::min({bytes, at + kPagesAhead,
                  ((base + backed) / kPagesAheadStep + 1) * kPagesAheadStep - base});
    back_pages(reinterpret_cast<void*>(base + backed), next - backed);
    backed = next;
  }
}

}  // namespace abp
