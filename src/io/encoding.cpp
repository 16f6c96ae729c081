#include "abp/io/encoding.hpp"

#include <iconv.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <string_view>
#include <utility>
#include <vector>

#include <fmt/format.h>

#include "abp/core/error.hpp"
#include "abp/fast/byte_count.hpp"
#include "abp/fast/byte_translation.hpp"

namespace abp {
namespace {

iconv_t open_converter(const std::string& name) { return ::iconv_open("UTF-8", name.c_str()); }

// Converts `text` whole from the initial shift state of `cd` into `out`; false when some bytes
// do not convert or, when `exact`, a character has no exact equivalent (iconv counts inexact
// ones in its result).
bool convert_whole(iconv_t cd, std::string_view text, std::string& out, bool exact) {
  ::iconv(cd, nullptr, nullptr, nullptr, nullptr);
  out.resize(text.size() * 4 + 16);
  char* in = const_cast<char*>(text.data());  // iconv's signature; it does not write there
  std::size_t in_left = text.size();
  char* to = out.data();
  std::size_t to_left = out.size();
  const auto fine = [exact](std::size_t result) {
    return exact ? result == 0 : result != static_cast<std::size_t>(-1);
  };
  const bool whole = fine(::iconv(cd, &in, &in_left, &to, &to_left)) &&
                     fine(::iconv(cd, nullptr, nullptr, &to, &to_left));
  out.resize(out.size() - to_left);
  return whole;
}

// The byte table of an encoding that gives every character one byte and keeps no state, as
// iconv converts it; nullopt for any other (UTF-16, Shift_JIS, ISO-2022-JP, UTF-7...), which
// keep to iconv. A byte iconv finds incomplete alone is the sign of a multibyte encoding; a
// stateful one shows itself when the bytes converted at once differ from each alone.
std::optional<ByteTranslation> single_byte_table(iconv_t cd) {
  ByteTranslation table;
  std::string each_alone;
  std::string all_valid;
  for (unsigned b = 0; b < 256; ++b) {
    ::iconv(cd, nullptr, nullptr, nullptr, nullptr);
    char byte = static_cast<char>(b);
    char* in = &byte;
    std::size_t in_left = 1;
    char text[16];
    char* to = text;
    std::size_t to_left = sizeof text;
    if (::iconv(cd, &in, &in_left, &to, &to_left) == static_cast<std::size_t>(-1)) {
      if (errno != EILSEQ) return std::nullopt;
      continue;  // stands for nothing: refused where it is met, as iconv refuses it
    }
    if (::iconv(cd, nullptr, nullptr, &to, &to_left) == static_cast<std::size_t>(-1)) {
      return std::nullopt;
    }
    const std::string_view converted(text, sizeof text - to_left);
    if (converted.size() > 4) return std::nullopt;
    table.set(static_cast<unsigned char>(b), converted);
    each_alone += converted;
    all_valid += byte;
  }
  std::string at_once;
  const bool converted = convert_whole(cd, all_valid, at_once, false);
  ::iconv(cd, nullptr, nullptr, nullptr, nullptr);
  if (!converted) return std::nullopt;
  if (at_once != each_alone || !table.ascii_is_itself()) return std::nullopt;
  return table;
}

// single_byte_table() for `name`, worked out once per encoding a process meets: a server that
// reads its file again, or a test or fuzzer that reads thousands of small ones, asks iconv
// its 257 questions only the first time.
std::optional<ByteTranslation> cached_single_byte_table(const std::string& name, iconv_t cd) {
  static std::mutex mutex;
  static std::map<std::string, std::optional<ByteTranslation>, std::less<>> tables;
  const std::lock_guard<std::mutex> lock(mutex);
  const auto found = tables.find(name);
  if (found != tables.end()) return found->second;
  std::optional<ByteTranslation> table = single_byte_table(cd);
  if (tables.size() < 64) tables.emplace(name, table);  // names come from the command line
  return table;
}

// The bytes read from the raw source at a time: 64 KiB, less for an input known to be smaller.
std::size_t input_block_for(std::uint64_t size_hint) {
  constexpr std::size_t kBlock = 1u << 16;
  if (size_hint == 0 || size_hint >= kBlock) return kBlock;
  return std::max<std::size_t>(4096, static_cast<std::size_t>(size_hint) + 16);
}

class TranscodingSource final : public ByteSource {
 public:
  TranscodingSource(std::unique_ptr<ByteSource> raw, const std::string& name, std::string file)
      : raw_(std::move(raw)),
        cd_(open_converter(name)),
        name_(name),
        file_(std::move(file)),
        in_(input_block_for(raw_->size_hint())) {
    if (cd_ == reinterpret_cast<iconv_t>(-1)) {
      throw Error(ExitCode::kUsage, fmt::format("unknown encoding '{}' (see iconv -l)", name));
    }
    table_ = cached_single_byte_table(name, cd_);
  }
  ~TranscodingSource() override { ::iconv_close(cd_); }

  // A converted file never keeps its reader waiting either: it takes the block reader.
  bool is_regular_file() const override { return raw_->is_regular_file(); }
  bool can_stop_waiting() const override { return raw_->can_stop_waiting(); }
  void stop_waiting() override { raw_->stop_waiting(); }
  // A guess for sizing buffers: the bytes still to convert (one-byte encodings mostly give
  // as many, readers grow their buffers for more).
  std::uint64_t size_hint() const override {
    const std::uint64_t rest = raw_->size_hint();
    return rest == 0 ? 0 : rest + in_used_;
  }
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
      if (table_) {
        // The same conversion, a table lookup a byte (a word of ASCII at a time).
        const ByteTranslation::Step step = table_->translate(in, in_left, out, out_left);
        out += step.written;
        out_left -= step.written;
        count_lines(out_before, out);
        consume(step.read);
        if (step.invalid) fail("holds bytes that are not valid");
        if (step.read == 0) break;  // the next character does not fit: as iconv's E2BIG
        continue;
      }
      const std::size_t rc = ::iconv(cd_, &in, &in_left, &out, &out_left);
      const int err = errno;
      // Count lines in the UTF-8 produced: in the source encoding a 0x0A byte may be half a
      // character (UTF-16).
      count_lines(out_before, out);
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

  // Counts the line ends in the UTF-8 written at [from, to), for the line an error names.
  void count_lines(const char* from, const char* to) {
    lines_ += count_byte(std::string_view(from, static_cast<std::size_t>(to - from)), '\n');
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
  std::optional<ByteTranslation> table_;  // set for one-byte encodings: iconv is not called
  std::string name_;
  std::string file_;
  std::vector<char> in_;
  std::size_t in_used_ = 0;
  bool at_end_ = false;
  std::uint64_t lines_ = 0;
};

}  // namespace

void check_encoding_name(const std::string& name) {
  const iconv_t cd = open_converter(name);
  if (cd == reinterpret_cast<iconv_t>(-1)) {
    throw Error(ExitCode::kUsage,
                fmt::format("unknown encoding '{}'; iconv -l lists the known ones", name));
  }
  ::iconv_close(cd);
}

namespace {

bool convert_exactly(iconv_t cd, std::string_view text, std::string& out) {
  return convert_whole(cd, text, out, true);
}

iconv_t open_encoder(const std::string& name) {
  const iconv_t cd = ::iconv_open(name.c_str(), "UTF-8");
  if (cd == reinterpret_cast<iconv_t>(-1)) {
    throw Error(ExitCode::kUsage,
                fmt::format("unknown encoding '{}'; iconv -l lists the known ones", name));
  }
  return cd;
}

// A row is framed by ASCII delimiters, quotes and line breaks and spliced in among bytes
// already there, so those must be the same bytes in the encoding, with no byte-order mark.
bool encoder_extends_ascii(iconv_t cd) {
  std::string ascii = "\t\n\r";
  for (char c = ' '; c < 0x7f; ++c) ascii += c;
  std::string out;
  return convert_exactly(cd, ascii, out) && out == ascii;
}

}  // namespace

bool extends_ascii(const std::string& name) { return Utf8Encoder(name).extends_ascii(); }

bool decodes_by_byte_table(const std::string& name) {
  const iconv_t cd = open_converter(name);
  if (cd == reinterpret_cast<iconv_t>(-1)) return false;
  const bool one_byte = cached_single_byte_table(name, cd).has_value();
  ::iconv_close(cd);
  return one_byte;
}

Utf8Decoder::Utf8Decoder(const std::string& name) {
  const iconv_t cd = open_converter(name);
  if (cd == reinterpret_cast<iconv_t>(-1)) {
    throw Error(ExitCode::kUsage,
                fmt::format("unknown encoding '{}'; iconv -l lists the known ones", name));
  }
  cd_ = cd;
}

Utf8Decoder::~Utf8Decoder() { ::iconv_close(static_cast<iconv_t>(cd_)); }

bool Utf8Decoder::decode(std::string_view bytes, std::string& out) {
  return convert_whole(static_cast<iconv_t>(cd_), bytes, out, false);
}

Utf8Encoder::Utf8Encoder(const std::string& name) : cd_(open_encoder(name)), name_(name) {}

Utf8Encoder::~Utf8Encoder() { ::iconv_close(static_cast<iconv_t>(cd_)); }

bool Utf8Encoder::extends_ascii() const { return encoder_extends_ascii(static_cast<iconv_t>(cd_)); }

std::string Utf8Encoder::encode(std::string_view utf8) const {
  std::string out;
  if (!convert_exactly(static_cast<iconv_t>(cd_), utf8, out)) {
    throw Error(ExitCode::kUsage,
                fmt::format("the row holds a character that encoding {} cannot hold; nothing "
                            "was written",
                            name_));
  }
  return out;
}

std::string encode_from_utf8(std::string_view utf8, const std::string& name) {
  if (name.empty()) return std::string(utf8);
  const Utf8Encoder encoder(name);
  if (!encoder.extends_ascii()) {
    throw Error(ExitCode::kUsage,
                fmt::format("abp add cannot append to a file in {}, which does not extend ASCII; "
                            "convert the file to UTF-8 first (iconv -f {} -t UTF-8)",
                            name, name));
  }
  return encoder.encode(utf8);
}

std::unique_ptr<ByteSource> make_transcoding_source(std::unique_ptr<ByteSource> raw,
                                                    const std::string& name,
                                                    const std::string& file) {
  return std::make_unique<TranscodingSource>(std::move(raw), name, file);
}

}  // namespace abp
