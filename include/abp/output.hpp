#pragma once

#include <string>
#include <string_view>

namespace abp {

/// The one way to standard output: a large buffer written with write(2) and checked.
///
/// A write that fails with EPIPE throws BrokenPipe (a closed pipe ends abp quietly, SPEC §4);
/// any other failure throws Error(kIoErr). Tests capture into a string instead of an fd.
class Output {
 public:
  explicit Output(int fd);
  explicit Output(std::string* capture);
  Output(const Output&) = delete;
  Output& operator=(const Output&) = delete;

  void write(std::string_view text) {
    buffer_.append(text);
    if (buffer_.size() >= kFlushAt) flush();
  }
  void put(char c) {
    buffer_.push_back(c);
    if (buffer_.size() >= kFlushAt) flush();
  }

  /// The pending bytes, for writers that append in place; call maybe_flush() after.
  std::string& buffer() { return buffer_; }
  void maybe_flush() {
    if (buffer_.size() >= kFlushAt) flush();
  }

  /// Writes out everything pending.
  void flush();

 private:
  static constexpr std::size_t kFlushAt = 1u << 16;

  int fd_ = -1;
  std::string* capture_ = nullptr;
  std::string buffer_;
};

}  // namespace abp
