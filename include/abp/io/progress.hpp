#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include "abp/io/byte_source.hpp"

namespace abp {

/// A progress line for reading a large input (issue 4): bytes read (and of how many, when the
/// size is known), records, and rate, on one terminal line that is redrawn in place four times
/// a second and erased by finish() or the destructor.
///
/// The counters are relaxed atomics: bytes are added by a ByteSource wrapped with watch(), once
/// per read (about 1 MiB), and the loader publishes the record count with set_records(), one
/// plain store per record. A thread of the meter's own wakes every 250 ms and draws, so the
/// line moves even while a read blocks or records are parsed from bytes read ahead. Nothing is
/// drawn until the input is known or seen to be larger than `threshold` bytes; an input known
/// to be larger is drawn at once.
class ProgressMeter {
 public:
  static constexpr std::uint64_t kThreshold = std::uint64_t{64} << 20;

  /// A meter for reading `path` that draws on stderr, or nullptr when stderr is not a terminal.
  /// The size of `path` ("-": standard input) is taken when it is a regular file; a pipe's
  /// is unknown.
  static std::unique_ptr<ProgressMeter> on_stderr(const std::string& path);

  /// A meter drawing on `fd`, `columns` wide (0: 80); `total_bytes` 0 means unknown.
  ProgressMeter(int fd, std::uint64_t total_bytes, std::size_t columns,
                std::uint64_t threshold = kThreshold);
  ~ProgressMeter();
  ProgressMeter(const ProgressMeter&) = delete;
  ProgressMeter& operator=(const ProgressMeter&) = delete;

  /// Returns `source` wrapped so that every byte read through it is counted here. The meter
  /// must outlive the returned source.
  std::unique_ptr<ByteSource> watch(std::unique_ptr<ByteSource> source);

  /// Records read so far; cheap enough to call for every record.
  void set_records(std::uint64_t records) { records_.store(records, std::memory_order_relaxed); }

  /// Called by the watched source after each read of `bytes` bytes.
  void add_bytes(std::size_t bytes) { bytes_.fetch_add(bytes, std::memory_order_relaxed); }

  /// Stops the drawing thread and erases the line if one was drawn. Idempotent.
  void finish();

  /// The line as it would be drawn after `elapsed` (exposed for tests).
  std::string line(std::chrono::steady_clock::duration elapsed) const;

 private:
  void tick();
  void draw();
  void write_all(const std::string& text) const;

  const int fd_;
  const std::uint64_t total_;
  const std::size_t columns_;
  const std::uint64_t threshold_;
  const std::chrono::steady_clock::time_point start_;
  std::atomic<std::uint64_t> bytes_{0};
  std::atomic<std::uint64_t> records_{0};
  std::mutex mutex_;  // guards the flags below; never taken by readers or the loader
  std::condition_variable wake_;
  bool drawn_ = false;
  bool finished_ = false;
  std::thread ticker_;
};

}  // namespace abp
