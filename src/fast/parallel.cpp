#include "abp/fast/parallel.hpp"

#include <utility>
#include <vector>

namespace abp {

OrderedHandoff::OrderedHandoff(std::size_t slots, std::function<bool(std::size_t)> make,
                               bool threaded)
    : slots_(slots), make_(std::move(make)) {
  if (threaded) thread_ = std::thread([this] { run(); });
}

OrderedHandoff::~OrderedHandoff() {
  if (!thread_.joinable()) return;
  {
    const std::lock_guard<std::mutex> lock(mutex_);
    stop_ = true;
  }
  changed_.notify_all();
  thread_.join();
}

void OrderedHandoff::run() {
  for (std::size_t n = 0;; ++n) {
    {
      // Item n goes where item n - slots was: wait until the taker has moved past it.
      std::unique_lock<std::mutex> lock(mutex_);
      changed_.wait(lock, [&] { return stop_ || n + 1 < taken_ + slots_; });
      if (stop_) return;
    }
    bool more = false;
    std::exception_ptr error;
    try {
      more = make_(n);
    } catch (...) {
      error = std::current_exception();
    }
    const bool failed = static_cast<bool>(error);
    {
      const std::lock_guard<std::mutex> lock(mutex_);
      if (!failed) made_ = n + 1;
      done_ = failed || !more;
      // Moved, not copied: the taker then holds the only reference and ends the exception on
      // its own thread (a copy released here could free it while the taker still reads it,
      // as far as ThreadSanitizer can tell through libstdc++'s uninstrumented count).
      error_ = std::move(error);
    }
    changed_.notify_all();
    if (!more || failed) return;
  }
}

bool OrderedHandoff::next(std::size_t& n) {
  if (!thread_.joinable()) {
    if (done_) return false;
    n = taken_++;
    done_ = true;  // stays so when make_ throws: nothing comes after an error
    done_ = !make_(n);
    return true;
  }
  std::unique_lock<std::mutex> lock(mutex_);
  changed_.wait(lock, [&] { return made_ > taken_ || done_; });
  if (made_ > taken_) {
    n = taken_++;
    lock.unlock();
    changed_.notify_all();
    return true;
  }
  if (error_) std::rethrow_exception(std::exchange(error_, nullptr));
  return false;
}

namespace {

// The helper makes the odd pieces, this thread the even ones: with pieces of similar size the
// two keep pace without handing out work one piece at a time. The helper may run three of
// its pieces ahead of the one being taken.
constexpr std::size_t kHelperSlots = 4;

}  // namespace

void make_pieces_in_order(std::size_t count,
                          const std::function<void(std::size_t, std::string&)>& make,
                          const std::function<void(std::string_view)>& take) {
  if (count < 2) {
    std::string text;
    if (count == 1) {
      make(0, text);
      take(text);
    }
    return;
  }
  std::vector<std::string> odd(kHelperSlots);  // odd piece 2k+1 in odd[k % kHelperSlots]
  OrderedHandoff helper(kHelperSlots, [&](std::size_t k) {
    std::string& text = odd[k % kHelperSlots];
    text.clear();
    make(2 * k + 1, text);
    return 2 * k + 3 < count;
  });
  std::string mine;
  for (std::size_t i = 0; i < count; ++i) {
    if (i % 2 == 0) {
      mine.clear();
      make(i, mine);
      take(mine);
    } else {
      std::size_t k = 0;
      helper.next(k);
      take(odd[k % kHelperSlots]);
    }
  }
}

}  // namespace abp
