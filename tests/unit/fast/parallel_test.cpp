#include "abp/fast/parallel.hpp"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

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

TEST_CASE("parallel: pieces come out in order, whoever made them", "[parallel]") {
  CHECK(make_all(0).empty());
  CHECK(make_all(1) == "<0>");
  CHECK(make_all(2) == "<0><1>");
  std::string expected;
  for (int i = 0; i < 1000; ++i) expected += "<" + std::to_string(i) + ">";
  CHECK(make_all(1000) == expected);
}

TEST_CASE("parallel: both threads make pieces", "[parallel]") {
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

TEST_CASE("parallel: an error in a piece or in taking one comes back here", "[parallel]") {
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

TEST_CASE("parallel: on_two_threads runs both parts at once and passes an error on", "[parallel]") {
  std::thread::id ids[2];
  abp::on_two_threads([&](int part) { ids[part] = std::this_thread::get_id(); });
  CHECK(ids[0] == std::this_thread::get_id());
  CHECK(ids[1] != ids[0]);
  for (const int bad : {0, 1}) {
    std::atomic<int> finished{0};
    CHECK_THROWS_WITH(abp::on_two_threads([&](int part) {
                        if (part == bad) throw std::runtime_error("part " + std::to_string(part));
                        ++finished;
                      }),
                      "part " + std::to_string(bad));
    CHECK(finished == 1);  // the other part ran to its end before the error came back
  }
}

TEST_CASE("parallel: on_two_threads by size keeps small work on this thread, errors alike",
          "[parallel]") {
  const std::size_t threshold = abp::kItemsWorthASecondThread;
  for (const std::size_t items : {std::size_t{0}, threshold - 1, threshold}) {
    CAPTURE(items);
    std::thread::id ids[2];
    abp::on_two_threads(items, [&](int part) { ids[part] = std::this_thread::get_id(); });
    CHECK(ids[0] == std::this_thread::get_id());
    CHECK((ids[1] == ids[0]) == (items < threshold));
    for (const int bad : {0, 1}) {
      std::atomic<int> finished{0};
      CHECK_THROWS_WITH(
          abp::on_two_threads(items,
                              [&](int part) {
                                if (part == bad) {
                                  throw std::runtime_error("part " + std::to_string(part));
                                }
                                ++finished;
                              }),
          "part " + std::to_string(bad));
      CHECK(finished == 1);  // the other part ran to its end, on either path
    }
    // When both parts throw, part 0's error is the one passed on.
    CHECK_THROWS_WITH(abp::on_two_threads(
                          items, [&](int part) { throw std::runtime_error(std::to_string(part)); }),
                      "0");
  }
}

TEST_CASE("parallel: an ordered hand-off gives items in order, the error in its place",
          "[parallel]") {
  for (const bool threaded : {true, false}) {
    CAPTURE(threaded);
    std::vector<int> ring(3);
    abp::OrderedHandoff handoff(
        ring.size(),
        [&](std::size_t n) {
          ring[n % ring.size()] = static_cast<int>(n);
          return n < 99;
        },
        threaded);
    std::size_t n = 0;
    std::size_t expected = 0;
    while (handoff.next(n)) {
      CHECK(n == expected);
      // The item stays as made while it is being read, however far the maker gets.
      for (int i = 0; i < 50; ++i) std::this_thread::yield();
      CHECK(ring[n % ring.size()] == static_cast<int>(n));
      ++expected;
    }
    CHECK(expected == 100);
  }
  for (const bool threaded : {true, false}) {
    std::vector<int> ring(2);
    abp::OrderedHandoff handoff(
        ring.size(),
        [&](std::size_t n) {
          if (n == 5) throw std::runtime_error("item 5");
          return true;
        },
        threaded);
    std::size_t n = 0;
    std::size_t got = 0;
    CHECK_THROWS_WITH(
        [&] {
          while (handoff.next(n)) ++got;
        }(),
        "item 5");
    CHECK(got == 5);
    CHECK_FALSE(handoff.next(n));  // nothing comes after an error
  }
}

TEST_CASE("parallel: a hand-off left early stops its maker", "[parallel]") {
  std::atomic<std::size_t> made{0};
  {
    abp::OrderedHandoff endless(4, [&](std::size_t) {
      ++made;
      return true;
    });
    std::size_t n = 0;
    CHECK(endless.next(n));
  }
  // Leaving the scope joined the maker: it made no more than the ring allows.
  CHECK(made <= 4);
}

TEST_CASE("parallel: for_each_index_beside runs every index once, beside first()", "[parallel]") {
  for (const std::size_t n : {std::size_t{0}, std::size_t{100}, std::size_t{16383},
                              std::size_t{16384}, std::size_t{100000}}) {
    CAPTURE(n);
    std::vector<std::atomic<int>> seen(n);
    std::atomic<std::size_t> done{0};
    int firsts = 0;
    std::size_t done_when_first_ended = 0;
    abp::for_each_index_beside(
        n,
        [&] {
          ++firsts;
          // Large enough to pay for a second thread: that thread works while this one waits
          // here, so some indices are done before first() returns. (Bounded: a version that
          // ran first() before the indices fails here instead of hanging.)
          if (n >= abp::kItemsWorthASecondThread) {
            const auto give_up = std::chrono::steady_clock::now() + std::chrono::seconds(10);
            while (done.load() == 0 && std::chrono::steady_clock::now() < give_up) {
              std::this_thread::yield();
            }
          }
          done_when_first_ended = done.load();
        },
        [&](std::size_t i) {
          ++seen[i];
          ++done;
        });
    CHECK(firsts == 1);
    CHECK(done.load() == n);
    bool each_once = true;
    for (const auto& count : seen) each_once = each_once && count.load() == 1;
    CHECK(each_once);
    if (n >= abp::kItemsWorthASecondThread) {
      CHECK(done_when_first_ended > 0);
    } else {
      CHECK(done_when_first_ended == 0);  // small: first() runs before the indices, here
    }
  }
}

TEST_CASE("parallel: for_each_index_beside passes on an error from first()", "[parallel]") {
  std::atomic<std::size_t> done{0};
  CHECK_THROWS_AS(
      abp::for_each_index_beside(
          100000, [] { throw std::runtime_error("first"); }, [&](std::size_t) { ++done; }),
      std::runtime_error);
  CHECK(done.load() == 100000);  // the other thread still finished the indices
}

TEST_CASE("parallel: for_each_index_after runs both first steps side by side, then the indices",
          "[parallel]") {
  for (const std::size_t n : {std::size_t{100}, std::size_t{100000}}) {
    CAPTURE(n);
    const bool threaded = n >= abp::kItemsWorthASecondThread;
    std::vector<std::atomic<int>> seen(n);
    std::atomic<std::size_t> done{0};
    std::atomic<bool> here_running{false};
    std::atomic<bool> there_ran{false};
    std::thread::id here_thread;
    std::thread::id there_thread;
    bool met = false;  // first_there() ran while first_here() was running
    abp::for_each_index_after(
        n,
        [&] {
          here_thread = std::this_thread::get_id();
          here_running = true;
          // Threaded, first_there() runs meanwhile on the other thread; wait for it (bounded:
          // a version that ran them one after the other fails here instead of hanging).
          if (threaded) {
            const auto give_up = std::chrono::steady_clock::now() + std::chrono::seconds(10);
            while (!there_ran.load() && std::chrono::steady_clock::now() < give_up) {
              std::this_thread::yield();
            }
          }
          here_running = false;
        },
        [&] {
          there_thread = std::this_thread::get_id();
          if (threaded) {  // the other step may not have begun yet
            const auto give_up = std::chrono::steady_clock::now() + std::chrono::seconds(10);
            while (!here_running.load() && std::chrono::steady_clock::now() < give_up) {
              std::this_thread::yield();
            }
          }
          met = here_running.load();
          there_ran = true;
        },
        [&](std::size_t i) {
          ++seen[i];
          ++done;
        });
    CHECK(done.load() == n);
    bool each_once = true;
    for (const auto& count : seen) each_once = each_once && count.load() == 1;
    CHECK(each_once);
    CHECK(there_ran.load());
    CHECK(here_thread == std::this_thread::get_id());
    CHECK(met == threaded);
    CHECK((there_thread != here_thread) == threaded);  // small: all of it here, in turn
  }
}

TEST_CASE("parallel: for_each_index_after passes on an error from the second thread's step",
          "[parallel]") {
  std::atomic<std::size_t> done{0};
  CHECK_THROWS_AS(
      abp::for_each_index_after(
          100000, [] {}, [] { throw std::runtime_error("there"); }, [&](std::size_t) { ++done; }),
      std::runtime_error);
  CHECK(done.load() == 100000);  // this thread still finished the indices
}
