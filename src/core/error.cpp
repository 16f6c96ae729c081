#include "abp/core/error.hpp"

#include <cctype>
#include <cstring>
#include <utility>

namespace abp {

Error::Error(ExitCode code, std::string message, std::string file, std::uint64_t line)
    : std::runtime_error(std::move(message)), code_(code), file_(std::move(file)), line_(line) {}

std::string Error::describe() const {
  std::string out;
  if (!file_.empty()) {
    out += file_;
    if (line_ > 0) out += ':' + std::to_string(line_);
    out += ": ";
  }
  out += what();
  return out;
}

std::string errno_message(int err) {
  char buf[256];
  // GNU strerror_r may return a static string instead of filling buf.
  const char* text = strerror_r(err, buf, sizeof buf);
  std::string out = text;
  if (!out.empty()) out[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(out[0])));
  return out;
}

}  // namespace abp
