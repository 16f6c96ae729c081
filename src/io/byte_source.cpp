#include "abp/io/byte_source.hpp"

#include <fcntl.h>
#include <poll.h>
#include <sys/eventfd.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <utility>

#include <fmt/format.h>

#include "abp/core/error.hpp"

namespace abp {
namespace {

class FdSource final : public ByteSource {
 public:
  FdSource(int fd, std::string name) : fd_(fd), name_(std::move(name)) {
    struct stat st {};
    regular_ = ::fstat(fd_, &st) == 0 && S_ISREG(st.st_mode);
    if (regular_) {
      const off_t at = ::lseek(fd_, 0, SEEK_CUR);
      if (at >= 0 && at < st.st_size) size_ = static_cast<std::uint64_t>(st.st_size - at);
    } else {
      // A pipe or terminal waits for its writer: reads wait in poll() beside this, which
      // stop_waiting() makes readable. Without one (no descriptors left) reads just block,
      // and can_stop_waiting() says so.
      wake_ = FileDescriptor(::eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK));
    }
  }

  bool is_regular_file() const override { return regular_; }
  std::uint64_t size_hint() const override { return size_; }
  bool can_stop_waiting() const override { return regular_ || wake_.valid(); }

  void stop_waiting() override {
    if (!wake_.valid()) return;
    const std::uint64_t one = 1;
    // Cannot fail short of a counter at 2^64 - 2; a lost wake-up would only mean waiting.
    [[maybe_unused]] const ssize_t written = ::write(wake_.get(), &one, sizeof one);
  }

  std::size_t read(char* buffer, std::size_t size) override {
    if (wake_.valid() && !wait_for_input()) return 0;
    for (;;) {
      const ssize_t n = ::read(fd_, buffer, size);
      if (n >= 0) return static_cast<std::size_t>(n);
      if (errno == EINTR) continue;
      throw_read_error();
    }
  }

 private:
  [[noreturn]] void throw_read_error() const {
    throw Error(ExitCode::kIoErr, fmt::format("read error: {}", errno_message(errno)), name_);
  }

  // Waits until the descriptor has input (or its end, or an error, which read() then
  // meets); false once stop_waiting() has been called.
  bool wait_for_input() {
    pollfd ready[2] = {{fd_, POLLIN, 0}, {wake_.get(), POLLIN, 0}};
    while (::poll(ready, 2, -1) < 0) {
      if (errno != EINTR) throw_read_error();
    }
    return ready[1].revents == 0;
  }

  int fd_;
  std::string name_;
  bool regular_ = false;
  std::uint64_t size_ = 0;
  FileDescriptor wake_;  // pipes and terminals: made readable by stop_waiting()
};

class MemorySource final : public ByteSource {
 public:
  explicit MemorySource(std::string bytes) : bytes_(std::move(bytes)) {}

  std::size_t read(char* buffer, std::size_t size) override {
    const std::size_t n = std::min(size, bytes_.size() - pos_);
    std::memcpy(buffer, bytes_.data() + pos_, n);
    pos_ += n;
    return n;
  }

  std::uint64_t size_hint() const override { return bytes_.size() - pos_; }

 private:
  std::string bytes_;
  std::size_t pos_ = 0;
};

}  // namespace

std::unique_ptr<ByteSource> make_fd_source(int fd, std::string name) {
  return std::make_unique<FdSource>(fd, std::move(name));
}

std::unique_ptr<ByteSource> make_memory_source(std::string bytes) {
  return std::make_unique<MemorySource>(std::move(bytes));
}

InputFile::InputFile(const std::string& path, double lock_timeout_seconds) {
  if (path == "-") {
    stdin_ = true;
    display_name_ = "<stdin>";
    return;
  }
  display_name_ = path;
  OpenFile input = open_locked(path, O_RDONLY, LockKind::kShared, lock_timeout_seconds);
  if (!input.fd.valid()) throw_file_error(input.error, FileRole::kInput, "cannot open", path);
  if (S_ISDIR(input.status.st_mode)) {
    throw Error(ExitCode::kNoInput, "is a directory, not a catalogue file", path);
  }
  file_ = std::move(input.fd);
}

int InputFile::fd() const { return stdin_ ? STDIN_FILENO : file_.get(); }

std::unique_ptr<ByteSource> InputFile::source() const {
  return make_fd_source(fd(), display_name_);
}

}  // namespace abp
