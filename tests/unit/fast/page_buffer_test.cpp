#include "abp/fast/page_buffer.hpp"

#include <unistd.h>

#include <cstddef>
#include <cstring>
#include <utility>
#include <vector>

#include <catch2/catch.hpp>

#include "support.hpp"

// Sizes on both sides of the heap/mapping boundary (256 KiB) and of a huge page (2 MiB), in
// either kind of pages, backed at once or not: every one must come back zero-filled,
// writable to its last byte, and movable.
TEST_CASE("page buffer: zero-filled and whole at every size, from the heap or mapped",
          "[page_buffer]") {
  for (const std::size_t bytes : {std::size_t{1}, std::size_t{4096}, (std::size_t{256} << 10) - 1,
                                  std::size_t{256} << 10, std::size_t{3} << 20}) {
    for (const auto& [pages, backing] :
         {std::pair{abp::PageBuffer::Pages::kKernelDefault, abp::PageBuffer::Backing::kOnFirstUse},
          std::pair{abp::PageBuffer::Pages::kSmall, abp::PageBuffer::Backing::kOnFirstUse},
          std::pair{abp::PageBuffer::Pages::kKernelDefault, abp::PageBuffer::Backing::kNow}}) {
      CAPTURE(bytes, pages == abp::PageBuffer::Pages::kSmall,
              backing == abp::PageBuffer::Backing::kNow);
      abp::PageBuffer buffer(bytes, pages, backing);
      REQUIRE(buffer.size() == bytes);
      unsigned char* data = buffer.as<unsigned char>();
      REQUIRE(data != nullptr);
      bool all_zero = true;
      for (std::size_t i = 0; i < bytes; i += 97) all_zero = all_zero && data[i] == 0;
      CHECK(all_zero);
      CHECK(data[bytes - 1] == 0);
      std::memset(data, 0xab, bytes);

      abp::PageBuffer moved(std::move(buffer));
      CHECK(buffer.size() == 0);
      CHECK(moved.size() == bytes);
      CHECK(moved.as<unsigned char>()[bytes - 1] == 0xab);
      abp::PageBuffer assigned(16);
      assigned = std::move(moved);  // frees the 16 bytes, takes the region
      CHECK(assigned.size() == bytes);
      CHECK(assigned.as<unsigned char>()[0] == 0xab);
    }
  }
  abp::PageBuffer empty(0);
  CHECK(empty.size() == 0);
  CHECK(empty.as<void>() == nullptr);
}

TEST_CASE("page buffer: pages given back read as zero, the rest kept (a small-page buffer)",
          "[page_buffer]") {
  const std::size_t bytes = std::size_t{3} << 20;
  abp::PageBuffer buffer(bytes, abp::PageBuffer::Pages::kSmall);
  unsigned char* data = buffer.as<unsigned char>();
  std::memset(data, 0xcd, bytes);
  // From one byte past a page's start to one byte before another's end: the whole pages
  // between go back; the partial pages at both ends keep their bytes.
  const auto page = static_cast<std::size_t>(::sysconf(_SC_PAGESIZE));
  REQUIRE(10 * page <= bytes);
  abp::give_back_pages(data + page + 1, 8 * page - 2);
  CHECK(data[page] == 0xcd);
  CHECK(data[page + 1] == 0xcd);
  CHECK(data[2 * page - 1] == 0xcd);
  bool given_back_zero = true;
  for (std::size_t i = 2 * page; i < 8 * page; ++i)
    given_back_zero = given_back_zero && data[i] == 0;
  CHECK(given_back_zero);
  CHECK(data[8 * page] == 0xcd);
  CHECK(data[9 * page - 2] == 0xcd);
  CHECK(data[bytes - 1] == 0xcd);
  abp::give_back_pages(data + 5, 10);  // inside one page: nothing to give back
  CHECK(data[5] == 0xcd);
}

TEST_CASE("page buffer: backed at once, or only where touched", "[page_buffer]") {
  const std::size_t bytes = std::size_t{4} << 20;
  const auto page = static_cast<std::size_t>(::sysconf(_SC_PAGESIZE));
  const abp::PageBuffer now(bytes, abp::PageBuffer::Pages::kKernelDefault,
                            abp::PageBuffer::Backing::kNow);
  CHECK(abp_test::resident_pages(now.as<void>(), bytes) == bytes / page);
  const abp::PageBuffer lazy(bytes, abp::PageBuffer::Pages::kSmall,
                             abp::PageBuffer::Backing::kOnFirstUse);
  CHECK(abp_test::resident_pages(lazy.as<void>(), bytes) == 0);
  lazy.as<char>()[page * 3] = 1;
  CHECK(abp_test::resident_pages(lazy.as<void>(), bytes) == 1);
}

TEST_CASE("page buffer: back_pages backs the whole pages of a range, and keeps their bytes",
          "[page_buffer]") {
  const std::size_t bytes = std::size_t{4} << 20;
  const auto page = static_cast<std::size_t>(::sysconf(_SC_PAGESIZE));
  const abp::PageBuffer lazy(bytes, abp::PageBuffer::Pages::kSmall,
                             abp::PageBuffer::Backing::kOnFirstUse);
  char* data = lazy.as<char>();
  data[page * 10 + 7] = 42;  // backs page 10, whose byte must survive
  REQUIRE(abp_test::resident_pages(data, bytes) == 1);
  // From the middle of page 8 to the middle of page 20: pages 9 to 19 are whole.
  abp::back_pages(data + page * 8 + page / 2, page * 12);
  CHECK(abp_test::resident_pages(data, bytes) == 11);
  CHECK(abp_test::resident_pages(data + page * 9, page * 11) == 11);
  CHECK(data[page * 10 + 7] == 42);
  CHECK(data[page * 9] == 0);
  // A range inside one page backs nothing.
  abp::back_pages(data + page * 30 + 1, page - 2);
  CHECK(abp_test::resident_pages(data, bytes) == 11);
}
