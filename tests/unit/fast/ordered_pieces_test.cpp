#include "abp/fast/ordered_pieces.hpp"

#include <atomic>
#include <stdexcept>
#include <string>
#include <thread>

#include <catch2/catch.hpp>

namespace {

std::string make_all(std::size_t count) {
  std::string out;
  abp::make_pieces_in_order(
      count, [](std::size_t i, std::string& text) { text += "<" + std::to_string(i) + ">"; },
      [&](std::string_view text) { out += text; });
  return out;
}

}  // namespace

TEST_CASE("ordered_pieces: pieces come out in order, whoever made them", "[ordered_pieces]") {
  CHECK(make_all(0).empty());
  CHECK(make_all(1) == "<0>");
  CHECK(make_all(2) == "<0><1>");
  std::string expected;
  for (int i = 0; i < 1000; ++i) expected += "<" + std::to_string(i) + ">";
  CHECK(make_all(1000) == expected);
}

TEST_CASE("ordered_pieces: both threads make pieces", "[ordered_pieces]") {
  std::atomic<int> on_other_thread{0};
  const std::thread::id me = std::this_thread::get_id();
  abp::make_pieces_in_order(
      10,
      [&](std::size_t, std::string& text) {
        if (std::this_thread::get_id() != me) ++on_other_thread;
        text = "x";
      },
      [](std::string_view) {});
  CHECK(on_other_thread == 5);
}

TEST_CASE("ordered_pieces: an error in a piece or in taking one comes back here",
          "[ordered_pieces]") {
  for (const std::size_t bad : {std::size_t{0}, std::size_t{1}, std::size_t{6}, std::size_t{7}}) {
    std::string out;
    auto make = [&](std::size_t i, std::string& text) {
      if (i == bad) throw std::runtime_error("piece " + std::to_string(i));
      text = std::to_string(i);
    };
    CHECK_THROWS_WITH(abp::make_pieces_in_order(20, make, [&](std::string_view t) { out += t; }),
                      "piece " + std::to_string(bad));
    // Everything before the bad piece was taken, nothing after it.
    std::string before;
    for (std::size_t i = 0; i < bad; ++i) before += std::to_string(i);
    CHECK(out == before);
  }
  int taken = 0;
  CHECK_THROWS_AS(abp::make_pieces_in_order(
                      50, [](std::size_t, std::string& text) { text = "y"; },
                      [&](std::string_view) {
                        if (++taken == 4) throw std::logic_error("closed");
                      }),
                  std::logic_error);
  CHECK(taken == 4);
}
