#include "abp/io/output.hpp"

#include <poll.h>
#include <unistd.h>

#include <cerrno>
#include <cstdint>
#include <utility>

#include <fmt/format.h>

#include "abp/core/error.hpp"

namespace abp {

Output::Output(int fd) : fd_(fd) { buffer_.reserve(2 * kFlushAt); }

Output::Output(std::string* capture) : capture_(capture), flush_at_(SIZE_MAX) {
  // Bytes gather where they end up: in the string's own storage, reused from use to use.
  buffer_.swap(*capture);
}

Output::Output(Sink sink) : sink_(std::move(sink)) { buffer_.reserve(2 * kFlushAt); }

void Output::flush() {
  if (sink_) {
    try {
      if (!buffer_.empty()) sink_(buffer_);
    } catch (...) {
      buffer_.clear();  // nothing that failed once is written again
      throw;
    }
    buffer_.clear();
    return;
  }
  if (capture_ != nullptr) {
    if (capture_->empty()) {
      capture_->swap(buffer_);
    } else {
      capture_->append(buffer_);
    }
    buffer_.clear();
    return;
  }
  try {
    write_all(buffer_.data(), buffer_.size());
  } catch (...) {
    buffer_.clear();  // nothing that failed once is written again
    throw;
  }
  buffer_.clear();
}

void Output::write_block(std::string_view text) {
  flush();
  if (sink_) {
    if (!text.empty()) sink_(text);
    return;
  }
  if (capture_ != nullptr) {
    capture_->append(text);
    return;
  }
  write_all(text.data(), text.size());
}

void Output::write_all(const char* data, std::size_t size) {
  std::size_t done = 0;
  while (done < size) {
    const ssize_t n = ::write(fd_, data + done, size - done);
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
    if (err == EPIPE) throw BrokenPipe{};
    throw Error(ExitCode::kIoErr,
                fmt::format("cannot write to standard output: {}", errno_message(err)));
  }
}

}  // namespace abp
