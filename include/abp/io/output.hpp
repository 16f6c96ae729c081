#pragma once

#include <functional>
#include <string>
#include <string_view>

namespace abp {

/// The one way to standard output: a large buffer written with write(2) and checked.
///
/// A write that fails with EPIPE throws BrokenPipe (a closed pipe ends abp quietly, SPEC §4);
/// any other failure throws Error(kIoErr). Output can also be captured into a string (tests,
/// and pieces of a report made on another thread): what is written is appended to it, all
/// of it on flush(), which must be called before the string is read. Or it can hand its
/// bytes to a sink (a network connection) about 64 KiB at a time, and on flush().
class Output {
 public:
  /// Takes the bytes written; throws BrokenPipe when they cannot go where they were going.
  using Sink = std::function<void(std::string_view)>;

  explicit Output(int fd);
  explicit Output(std::string* capture);
  explicit Output(Sink sink);
  Output(const Output&) = delete;
  Output& operator=(const Output&) = delete;

  void write(std::string_view text) {
    buffer_.append(text);
    maybe_flush();
  }
  void put(char c) {
    buffer_.push_back(c);
    maybe_flush();
  }

  /// Writes out what is pending, then `text` as it is: for large blocks made elsewhere,
  /// which copying into the buffer would only slow down.
  void write_block(std::string_view text);

  /// The pending bytes, for writers that append in place; call maybe_flush() after.
  std::string& buffer() { return buffer_; }
  void maybe_flush() {
    if (buffer_.size() >= flush_at_) flush();
  }

  /// Writes out everything pending.
  void flush();

 private:
  static constexpr std::size_t kFlushAt = 1u << 16;

  void write_all(const char* data, std::size_t size);

  int fd_ = -1;
  std::string* capture_ = nullptr;
  Sink sink_;
  std::size_t flush_at_ = kFlushAt;
  std::string buffer_;
};

}  // namespace abp
