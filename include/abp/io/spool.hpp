#pragma once

#include <cstddef>
#include <cstdio>
#include <string>
#include <string_view>

#include "abp/io/output.hpp"

namespace abp {

/// Text held back until a command knows it succeeded (SPEC §5: nothing on standard output
/// for a failure): kept in memory up to a limit, the rest in an unnamed temporary file, so
/// its size never bounds abp's memory.
class Spool {
 public:
  static constexpr std::size_t kMemoryLimit = std::size_t{8} << 20;

  explicit Spool(std::size_t memory_limit = kMemoryLimit) : memory_limit_(memory_limit) {}
  ~Spool();
  Spool(const Spool&) = delete;
  Spool& operator=(const Spool&) = delete;

  /// Adds `text` at the end. Throws Error(kIoErr) when the temporary file cannot be written.
  void append(std::string_view text);

  /// Writes everything held, in order, to `out` (which may throw, as Output does).
  void write_to(Output& out);

  bool empty() const { return memory_.empty() && file_ == nullptr; }

 private:
  void spill();

  std::size_t memory_limit_;
  std::string memory_;
  std::FILE* file_ = nullptr;  // tmpfile(3): removed by the system when closed or abp ends
};

}  // namespace abp
