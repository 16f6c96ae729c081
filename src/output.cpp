#include "abp/output.hpp"

#include <poll.h>
#include <unistd.h>

#include <cerrno>

#include <fmt/format.h>

#include "abp/error.hpp"

namespace abp {

Output::Output(int fd) : fd_(fd) { buffer_.reserve(2 * kFlushAt); }

Output::Output(std::string* capture) : capture_(capture) {}

void Output::flush() {
  if (capture_ != nullptr) {
    capture_->append(buffer_);
    buffer_.clear();
    return;
  }
  std::size_t done = 0;
  while (done < buffer_.size()) {
    const ssize_t n = ::write(fd_, buffer_.data() + done, buffer_.size() - done);
    if (n >= 0) {
      done += static_cast<std::size_t>(n);
      continue;
    }
    const int err = errno;
    if (err == EINTR) continue;
    if (err == EAGAIN || err == EWOULDBLOCK) {
      // Standard output may be non-blocking (another process on the same pipe or terminal
      // set O_NONBLOCK): wait until it takes more instead of failing.
      pollfd ready{fd_, POLLOUT, 0};
      if (::poll(&ready, 1, -1) >= 0 || errno == EINTR) continue;
    }
    buffer_.clear();
    if (err == EPIPE) throw BrokenPipe{};
    throw Error(ExitCode::kIoErr,
                fmt::format("cannot write to standard output: {}", errno_message(err)));
  }
  buffer_.clear();
}

}  // namespace abp
