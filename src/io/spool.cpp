#include "abp/io/spool.hpp"

#include <cerrno>
#include <vector>

#include <fmt/format.h>

#include "abp/core/error.hpp"

namespace abp {
namespace {

[[noreturn]] void fail(const char* what) {
  throw Error(ExitCode::kIoErr, fmt::format("cannot {} the temporary file that holds the output "
                                            "until the end: {}",
                                            what, errno_message(errno)));
}

}  // namespace

Spool::~Spool() {
  if (file_ != nullptr) std::fclose(file_);
}

void Spool::append(std::string_view text) {
  memory_.append(text);
  if (memory_.size() >= memory_limit_) spill();
}

void Spool::spill() {
  if (file_ == nullptr) {
    file_ = std::tmpfile();
    if (file_ == nullptr) fail("create");
  }
  if (std::fwrite(memory_.data(), 1, memory_.size(), file_) != memory_.size()) fail("write");
  memory_.clear();
}

void Spool::write_to(Output& out) {
  if (file_ != nullptr) {
    if (std::fflush(file_) != 0) fail("write");
    std::rewind(file_);
    std::vector<char> buffer(std::size_t{1} << 20);
    for (;;) {
      const std::size_t n = std::fread(buffer.data(), 1, buffer.size(), file_);
      if (n > 0) out.write(std::string_view(buffer.data(), n));
      if (n < buffer.size()) {
        if (std::ferror(file_)) fail("read");
        break;
      }
    }
    std::fclose(file_);
    file_ = nullptr;
  }
  out.write(memory_);
  memory_.clear();
}

}  // namespace abp
