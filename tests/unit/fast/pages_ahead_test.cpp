#include "abp/fast/pages_ahead.hpp"

#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <stdexcept>
#include <thread>
#include <vector>

#include <catch2/catch.hpp>

#include "abp/fast/page_buffer.hpp"
#include "support.hpp"

namespace {

std::size_t page_size() { return static_cast<std::size_t>(::sysconf(_SC_PAGESIZE)); }

// Waits (up to 10 s) for the page at `offset` to be backed.
bool backed_soon(const char* data, std::size_t offset) {
  const auto until = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (!abp_test::backed_pages(data + offset, 1).front()) {
    if (std::chrono::steady_clock::now() > until) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  return true;
}

}  // namespace

TEST_CASE("pages ahead: backed from the writer on, never more than kPagesAhead ahead",
          "[pages_ahead]") {
  const std::size_t bytes = std::size_t{64} << 20;
  const abp::PageBuffer lazy(bytes, abp::PageBuffer::Pages::kSmall,
                             abp::PageBuffer::Backing::kOnFirstUse);
  char* data = lazy.as<char>();
  REQUIRE(abp_test::backed_pages(data, bytes) == std::vector<bool>(bytes / page_size(), false));
  // A writer that has written 4 MiB (without backing them: they stay as they are) and waits.
  const std::size_t at = std::size_t{4} << 20;
  std::atomic<std::size_t> written{at};
  std::thread ahead([&] { abp::back_pages_ahead(data, bytes, written); });
  const bool window_backed = backed_soon(data, at + abp::kPagesAhead - page_size());
  std::this_thread::sleep_for(std::chrono::milliseconds(50));  // time to overrun, were it to
  const std::vector<bool> backed = abp_test::backed_pages(data, bytes);
  // Let it go: it returns once the writer is at the end.
  written.store(bytes);
  ahead.join();
  REQUIRE(window_backed);
  const std::size_t first = at / page_size();
  const std::size_t last = (at + abp::kPagesAhead) / page_size();
  for (std::size_t page = 0; page < backed.size(); ++page) {
    INFO("page " << page << " of " << backed.size());
    CHECK(backed[page] == (page >= first && page < last));
  }
  for (std::size_t i = 0; i < bytes; i += page_size() / 2) REQUIRE(data[i] == 0);
}

TEST_CASE("pages ahead: every byte as the writer wrote it, and the helper stops with it",
          "[pages_ahead]") {
  const std::size_t bytes = (std::size_t{24} << 20) + 12345;  // not a whole number of steps
  const abp::PageBuffer lazy(bytes, abp::PageBuffer::Pages::kSmall,
                             abp::PageBuffer::Backing::kOnFirstUse);
  auto* data = lazy.as<unsigned char>();
  abp::write_with_pages_ahead(data, bytes, bytes, [&](std::atomic<std::size_t>& written) {
    for (std::size_t i = 0; i < bytes; ++i) {
      data[i] = static_cast<unsigned char>(i * 7 + 1);
      if (i % 4096 == 0) written.store(i, std::memory_order_relaxed);
    }
    // Stops without storing the end: write_with_pages_ahead stores it for the helper.
  });
  std::size_t wrong = 0;
  for (std::size_t i = 0; i < bytes; ++i) wrong += data[i] != static_cast<unsigned char>(i * 7 + 1);
  CHECK(wrong == 0);
}

TEST_CASE("pages ahead: a writer that throws stops the helper, and its error comes back",
          "[pages_ahead]") {
  const std::size_t bytes = std::size_t{16} << 20;
  const abp::PageBuffer lazy(bytes, abp::PageBuffer::Pages::kSmall,
                             abp::PageBuffer::Backing::kOnFirstUse);
  for (const std::size_t items : {bytes, std::size_t{10}}) {  // on two threads, and on one
    CHECK_THROWS_WITH(abp::write_with_pages_ahead(lazy.as<void>(), bytes, items,
                                                  [&](std::atomic<std::size_t>& written) {
                                                    written.store(std::size_t{1} << 20);
                                                    throw std::runtime_error("writer failed");
                                                  }),
                      "writer failed");
  }
  // Nothing at all to write.
  bool called = false;
  abp::write_with_pages_ahead(nullptr, 0, 0, [&](std::atomic<std::size_t>&) { called = true; });
  CHECK(called);
}
