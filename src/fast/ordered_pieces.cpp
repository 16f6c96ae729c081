#include "abp/fast/ordered_pieces.hpp"

#include <condition_variable>
#include <exception>
#include <mutex>
#include <thread>
#include <vector>

namespace abp {
namespace {

// The helper makes the odd pieces, this thread the even ones: with pieces of similar size the
// two keep pace without handing out work one piece at a time. The helper may run this many of
// its pieces ahead of the one being taken.
constexpr std::size_t kHelperAhead = 3;

class Helper {
 public:
  Helper(std::size_t count, const std::function<void(std::size_t, std::string&)>& make)
      : count_(count), make_(make), texts_(kHelperAhead) {
    thread_ = std::thread([this] { run(); });
  }

  ~Helper() {
    {
      const std::lock_guard<std::mutex> lock(mutex_);
      stop_ = true;
    }
    changed_.notify_all();
    thread_.join();
  }

  Helper(const Helper&) = delete;
  Helper& operator=(const Helper&) = delete;

  // Waits for odd piece `i`; the text stays valid until release().
  const std::string& wait_for(std::size_t i) {
    std::unique_lock<std::mutex> lock(mutex_);
    changed_.wait(lock, [&] { return made_ > i / 2 || error_; });
    if (made_ <= i / 2) std::rethrow_exception(error_);
    return texts_[(i / 2) % kHelperAhead];
  }

  void release() {
    {
      const std::lock_guard<std::mutex> lock(mutex_);
      ++taken_;
    }
    changed_.notify_all();
  }

 private:
  void run() {
    try {
      for (std::size_t k = 0; 2 * k + 1 < count_; ++k) {
        {
          std::unique_lock<std::mutex> lock(mutex_);
          changed_.wait(lock, [&] { return stop_ || k < taken_ + kHelperAhead; });
          if (stop_) return;
        }
        std::string& text = texts_[k % kHelperAhead];
        text.clear();
        make_(2 * k + 1, text);
        {
          const std::lock_guard<std::mutex> lock(mutex_);
          made_ = k + 1;
        }
        changed_.notify_all();
      }
    } catch (...) {
      {
        const std::lock_guard<std::mutex> lock(mutex_);
        error_ = std::current_exception();
      }
      changed_.notify_all();
    }
  }

  const std::size_t count_;
  const std::function<void(std::size_t, std::string&)>& make_;
  std::vector<std::string> texts_;  // odd piece 2k+1 in texts_[k % kHelperAhead]
  std::mutex mutex_;
  std::condition_variable changed_;
  std::size_t made_ = 0;   // odd pieces made so far
  std::size_t taken_ = 0;  // odd pieces taken so far
  bool stop_ = false;
  std::exception_ptr error_;
  std::thread thread_;
};

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
  Helper helper(count, make);
  std::string mine;
  for (std::size_t i = 0; i < count; ++i) {
    if (i % 2 == 0) {
      mine.clear();
      make(i, mine);
      take(mine);
    } else {
      take(helper.wait_for(i));
      helper.release();
    }
  }
}

}  // namespace abp
