#include "abp/encoding.hpp"

#include <iconv.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <utility>
#include <vector>

#include <fmt/format.h>

#include "abp/error.hpp"

namespace abp {
namespace {

iconv_t open_converter(const std::string& name) {
  return ::iconv_open("UTF-8", name.c_str());
}

class TranscodingSource final : public ByteSource {
 public:
  TranscodingSource(std::unique_ptr<ByteSource> raw, const std::string& name, std::string file)
      : raw_(std::move(raw)), cd_(open_converter(name)), name_(name), file_(std::move(file)),
        in_(1u << 16) {
    if (cd_ == reinterpret_cast<iconv_t>(-1)) {
      throw Error(ExitCode::kUsage, fmt::format("unknown encoding '{}' (see iconv -l)", name));
    }
  }
  ~TranscodingSource() override { ::iconv_close(cd_); }
  TranscodingSource(const TranscodingSource&) = delete;
  TranscodingSource& operator=(const TranscodingSource&) = delete;

  std::size_t read(char* buffer, std::size_t size) override {
    char* out = buffer;
    std::size_t out_left = size;
    while (out_left == size) {
      if (in_used_ == 0 && !refill()) break;
      char* in = in_.data();
      std::size_t in_left = in_used_;
      char* const out_before = out;
      const std::size_t rc = ::iconv(cd_, &in, &in_left, &out, &out_left);
      const int err = errno;
      // Count lines in the UTF-8 produced: in the source encoding a 0x0A byte may be half a
      // character (UTF-16).
      lines_ += static_cast<std::uint64_t>(std::count(out_before, out, '\n'));
      consume(in_used_ - in_left);
      if (rc != static_cast<std::size_t>(-1)) continue;
      if (err == E2BIG) break;
      if (err == EINVAL) {
        // An incomplete sequence at the end of the buffer: read more behind it.
        const std::size_t before = in_used_;
        if (!refill() || in_used_ == before) fail("ends in the middle of a character");
        continue;
      }
      fail("holds bytes that are not valid");
    }
    return size - out_left;
  }

 private:
  bool refill() {
    if (at_end_) return false;
    if (in_used_ == in_.size()) in_.resize(in_.size() * 2);
    const std::size_t n = raw_->read(in_.data() + in_used_, in_.size() - in_used_);
    if (n == 0) {
      at_end_ = true;
      return in_used_ > 0;
    }
    in_used_ += n;
    return true;
  }

  void consume(std::size_t n) {
    std::memmove(in_.data(), in_.data() + n, in_used_ - n);
    in_used_ -= n;
  }

  [[noreturn]] void fail(const char* what) {
    throw Error(ExitCode::kDataErr,
                fmt::format("the input {} in encoding {}; check --encoding", what, name_), file_,
                lines_ + 1);
  }

  std::unique_ptr<ByteSource> raw_;
  iconv_t cd_;
  std::string name_;
  std::string file_;
  std::vector<char> in_;
  std::size_t in_used_ = 0;
  bool at_end_ = false;
  std::uint64_t lines_ = 0;
};

}  // namespace

namespace {

// Converts with one iconv call over the whole text; returns false on a character `name`
// cannot represent.
bool convert_from_utf8(std::string_view utf8, const std::string& name, std::string& out) {
  const iconv_t cd = ::iconv_open(name.c_str(), "UTF-8");
  if (cd == reinterpret_cast<iconv_t>(-1)) {
    throw Error(ExitCode::kUsage, fmt::format("unknown encoding '{}'", name));
  }
  std::string in(utf8);
  out.assign(in.size() * 4 + 16, '\0');  // UTF-32 with a BOM needs at most this much
  char* in_ptr = in.data();
  std::size_t in_left = in.size();
  char* out_ptr = out.data();
  std::size_t out_left = out.size();
  const std::size_t rc = ::iconv(cd, &in_ptr, &in_left, &out_ptr, &out_left);
  ::iconv_close(cd);
  out.resize(out.size() - out_left);
  return rc != static_cast<std::size_t>(-1);
}

}  // namespace

std::string encode_from_utf8(std::string_view utf8, const std::string& name) {
  std::string out;
  if (!convert_from_utf8("\n,;\t\"", name, out) || out != "\n,;\t\"") {
    throw Error(ExitCode::kUsage,
                fmt::format("abp add cannot write to a file in encoding {}: only encodings that "
                            "keep ASCII as it is (latin1, cp1252, ...) can be appended to; "
                            "convert the file to UTF-8 first",
                            name));
  }
  if (!convert_from_utf8(utf8, name, out)) {
    throw Error(ExitCode::kUsage,
                fmt::format("the new row holds a character that encoding {} cannot represent",
                            name));
  }
  return out;
}

void check_encoding_name(const std::string& name) {
  const iconv_t cd = open_converter(name);
  if (cd == reinterpret_cast<iconv_t>(-1)) {
    throw Error(ExitCode::kUsage,
                fmt::format("unknown encoding '{}'; iconv -l lists the known ones", name));
  }
  ::iconv_close(cd);
}

std::unique_ptr<ByteSource> make_transcoding_source(std::unique_ptr<ByteSource> raw,
                                                    const std::string& name,
                                                    const std::string& file) {
  return std::make_unique<TranscodingSource>(std::move(raw), name, file);
}

}  // namespace abp
