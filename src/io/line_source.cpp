#include "abp/io/line_source.hpp"

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <utility>
#include <vector>

// fccp copies file names with strncpy into fixed arrays; GCC's -O3 truncation warning about
// that code is the library's, not ours.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wpragmas"
#pragma GCC diagnostic ignored "-Wstringop-truncation"
#include <libfccp/csv.h>
#pragma GCC diagnostic pop

#include "abp/core/error.hpp"

namespace abp {
namespace {

// fccp: io::LineReader cuts lines at NUL (it returns a C string), strips a CR before LF and
// throws past 16 MiB. The framing below keeps all three away from it:
//   NUL -> kEscape '0', 0x01 -> kEscape '1', CR -> kEscape 'r',
//   and after kMaxFrame bytes without LF a soft break kEscape '\n'.
// A framed line that ends in a lone kEscape therefore continues on the next one.
constexpr char kEscape = '\x01';
constexpr std::size_t kMaxFrame = 4u << 20;
constexpr std::size_t kChunk = 1u << 20;

class FramingSource final : public io::ByteSourceBase {
 public:
  // The chunk is not zero-filled: read() writes what is used of it.
  explicit FramingSource(std::unique_ptr<ByteSource> raw)
      : raw_(std::move(raw)), chunk_(new char[kChunk]) {}

  // fccp's LineReader mis-assembles its buffer after a short read that is not the end, so
  // this fills `size` bytes completely unless the input has ended.
  int read(char* buffer, int size) override {
    std::size_t filled = 0;
    const auto want = static_cast<std::size_t>(size);
    while (filled < want) {
      if (pos_ == pending_.size()) {
        pending_.clear();
        pos_ = 0;
        if (!refill()) break;
      }
      const std::size_t n = std::min(want - filled, pending_.size() - pos_);
      std::memcpy(buffer + filled, pending_.data() + pos_, n);
      pos_ += n;
      filled += n;
    }
    return static_cast<int>(filled);
  }

 private:
  bool refill() {
    const std::size_t n = raw_->read(chunk_.get(), kChunk);
    if (n == 0) return false;
    const char* data = chunk_.get();
    const bool special =
        std::memchr(data, '\0', n) || std::memchr(data, kEscape, n) || std::memchr(data, '\r', n);
    if (!special) {
      const void* first_lf = std::memchr(data, '\n', n);
      const std::size_t head =
          first_lf ? static_cast<std::size_t>(static_cast<const char*>(first_lf) - data) : n;
      if (since_lf_ + head < kMaxFrame) {
        pending_.append(data, n);
        if (first_lf) {
          const auto* last_lf = static_cast<const char*>(memrchr(data, '\n', n));
          since_lf_ = n - static_cast<std::size_t>(last_lf - data) - 1;
        } else {
          since_lf_ += n;
        }
        return true;
      }
    }
    for (std::size_t i = 0; i < n; ++i) {
      if (since_lf_ >= kMaxFrame) {
        pending_ += kEscape;
        pending_ += '\n';
        since_lf_ = 0;
      }
      const char c = data[i];
      switch (c) {
        case '\n':
          pending_ += '\n';
          since_lf_ = 0;
          continue;
        case '\0':
          pending_ += kEscape;
          pending_ += '0';
          break;
        case kEscape:
          pending_ += kEscape;
          pending_ += '1';
          break;
        case '\r':
          pending_ += kEscape;
          pending_ += 'r';
          break;
        default:
          pending_ += c;
          ++since_lf_;
          continue;
      }
      since_lf_ += 2;
    }
    return true;
  }

  std::unique_ptr<ByteSource> raw_;
  std::unique_ptr<char[]> chunk_;
  std::string pending_;
  std::size_t pos_ = 0;
  std::size_t since_lf_ = 0;
};

// Appends the unescaped bytes of one framed line; returns true when it ended in a soft break.
bool unframe(const char* p, std::size_t n, std::string& out) {
  for (std::size_t i = 0; i < n; ++i) {
    if (p[i] != kEscape) {
      out += p[i];
      continue;
    }
    if (i + 1 == n) return true;
    const char code = p[++i];
    out += code == '0' ? '\0' : code == '1' ? kEscape : '\r';
  }
  return false;
}

// Takes the next physical line off `rest`, a line read up to its LF (or the end of input)
// that may hold bare CRs: each ends a physical line of its own (SPEC §2), and a CR just
// before the LF makes a CRLF. Returns true once `rest` is used up.
// `cr` is the first CR in `rest`, or null when it holds none.
bool take_line_at(std::string_view& rest, PhysicalLine& line, const char* cr) {
  if (cr == nullptr) {
    line.bytes = rest;
    line.end = LineEnd::kLf;
    return true;
  }
  const auto at = static_cast<std::size_t>(cr - rest.data());
  line.bytes = rest.substr(0, at);
  if (at + 1 == rest.size()) {
    line.end = LineEnd::kCrLf;
    return true;
  }
  line.end = LineEnd::kCr;
  rest.remove_prefix(at + 1);
  return false;
}

bool take_line(std::string_view& rest, PhysicalLine& line) {
  return take_line_at(rest, line,
                      rest.empty()
                          ? nullptr
                          : static_cast<const char*>(std::memchr(rest.data(), '\r', rest.size())));
}

// A stream this short is read by the block reader whatever its kind (LineSource's constructor).
constexpr std::size_t kSmallStream = 1u << 20;

// Returns the first `limit` bytes of `source` (fewer when it ends before).
std::string read_head(ByteSource& source, std::size_t limit) {
  std::string head;
  std::size_t filled = 0;
  while (filled < limit) {
    // Grown as the bytes come, so a short stream costs only its own size.
    head.resize(std::min(limit, std::max<std::size_t>(4096, 2 * filled)));
    const std::size_t n = source.read(head.data() + filled, head.size() - filled);
    if (n == 0) break;
    filled += n;
  }
  head.resize(filled);
  return head;
}

// The bytes read ahead by read_head, then the rest of the source they came from.
class PrefixedSource final : public ByteSource {
 public:
  PrefixedSource(std::string head, std::unique_ptr<ByteSource> rest)
      : head_(std::move(head)), rest_(std::move(rest)) {}

  std::size_t read(char* buffer, std::size_t size) override {
    if (at_ == head_.size()) return rest_->read(buffer, size);
    const std::size_t n = std::min(size, head_.size() - at_);
    std::memcpy(buffer, head_.data() + at_, n);
    at_ += n;
    return n;
  }
  std::uint64_t size_hint() const override {
    const std::uint64_t rest = rest_->size_hint();
    return rest == 0 ? 0 : rest + (head_.size() - at_);
  }
  bool can_stop_waiting() const override { return rest_->can_stop_waiting(); }
  void stop_waiting() override { rest_->stop_waiting(); }

 private:
  std::string head_;
  std::size_t at_ = 0;
  std::unique_ptr<ByteSource> rest_;
};

// $ABP_LINE_READER=fccp or =direct sends every input through that one reader, whatever it is:
// tests/scripts/line_readers.sh runs every golden case and the corpus both ways and requires
// the same bytes. Unset (or anything else): kAuto.
LineReading reading_from_environment() {
  const char* forced = std::getenv("ABP_LINE_READER");
  if (forced == nullptr) return LineReading::kAuto;
  if (std::strcmp(forced, "fccp") == 0) return LineReading::kLineReader;
  if (std::strcmp(forced, "direct") == 0) return LineReading::kDirect;
  return LineReading::kAuto;
}

}  // namespace

// Reads a regular file in large blocks and hands out lines where they lie in the buffer.
class LineSource::Direct {
 public:
  explicit Direct(std::unique_ptr<ByteSource> source)
      : source_(std::move(source)), block_(block_for(source_->size_hint())) {}

  ByteSource& source() const { return *source_; }

  bool next(PhysicalLine& line) {
    if (have_rest_) {  // after a bare CR: the rest of the line
      if (take_line(rest_, line)) have_rest_ = false;
      return true;
    }
    std::string_view raw;
    if (!next_raw_line(raw)) return false;
    // Where the buffer's next CR lies is known from one search of the bytes read, so a line
    // is not searched for a CR of its own: most files hold none (the search per line cost 48
    // instructions a line, on the thread that sets the pace of loading).
    const auto start = static_cast<std::size_t>(raw.data() - buffer_.data());
    if (!cr_known_ || cr_ < start) {
      const auto* cr =
          static_cast<const char*>(std::memchr(buffer_.data() + start, '\r', end_ - start));
      cr_ = cr == nullptr ? end_ : static_cast<std::size_t>(cr - buffer_.data());
      cr_known_ = true;
    }
    const bool has_cr = cr_ < start + raw.size();
    if (!take_line_at(raw, line, has_cr ? buffer_.data() + cr_ : nullptr)) {
      rest_ = raw;
      have_rest_ = true;
    }
    return true;
  }

 private:
  static constexpr std::size_t kBlock = 2u << 20;

  // Sets `raw` to the next line up to its LF (not included), or to the last bytes at the end.
  // The line is handed back, not kept in a member: read back at once as one 16-byte value
  // from the two 8-byte stores just made, it could not be forwarded from them and waited for
  // every store before it to reach the cache (82 % of this function's samples).
  bool next_raw_line(std::string_view& raw) {
    for (;;) {
      const char* begin = buffer_.data() + begin_;
      const auto* lf = begin_ == end_
                           ? nullptr
                           : static_cast<const char*>(std::memchr(begin, '\n', end_ - begin_));
      if (lf != nullptr) {
        const auto n = static_cast<std::size_t>(lf - begin);
        begin_ += n + 1;
        raw = std::string_view(begin, n);
        return true;
      }
      if (!fill()) {
        if (begin_ == end_) return false;
        raw = std::string_view(buffer_.data() + begin_, end_ - begin_);  // no break at the end
        begin_ = end_;
        return true;
      }
    }
  }

  // The size of the reads: kBlock, or for an input known to be small, room for all of it and
  // the read that finds its end, so a small file does not pay for a large buffer.
  static std::size_t block_for(std::uint64_t size_hint) {
    if (size_hint == 0 || size_hint >= kBlock / 4) return kBlock;
    return std::max<std::size_t>(4096, 4 * static_cast<std::size_t>(size_hint));
  }

  // Reads more behind the unused bytes; returns false at the end of input.
  bool fill() {
    if (at_end_) return false;
    cr_known_ = false;  // the bytes move, and more may come
    if (begin_ > 0) {
      std::memmove(buffer_.data(), buffer_.data() + begin_, end_ - begin_);
      end_ -= begin_;
      begin_ = 0;
    }
    // A line longer than the buffer: there is no limit, so grow it.
    if (buffer_.size() - end_ < block_ / 2) buffer_.resize(std::max(block_, buffer_.size() * 2));
    const std::size_t n = source_->read(buffer_.data() + end_, buffer_.size() - end_);
    if (n == 0) {
      at_end_ = true;
      return false;
    }
    end_ += n;
    if (first_read_) {
      first_read_ = false;
      // fccp skips a UTF-8 byte-order mark at the very start; so does this path.
      while (end_ < 3 && !at_end_) {
        const std::size_t more = source_->read(buffer_.data() + end_, buffer_.size() - end_);
        if (more == 0) at_end_ = true;
        end_ += more;
      }
      if (end_ >= 3 && std::memcmp(buffer_.data(), "\xEF\xBB\xBF", 3) == 0) begin_ = 3;
    }
    return true;
  }

  std::unique_ptr<ByteSource> source_;
  std::size_t block_;
  std::vector<char> buffer_;
  std::size_t begin_ = 0;  // unused bytes are buffer_[begin_, end_)
  std::size_t end_ = 0;
  bool at_end_ = false;
  bool first_read_ = true;
  std::string_view rest_;  // what is left of the current line, while have_rest_
  bool have_rest_ = false;
  // While cr_known_: the first CR in buffer_[the current line's start, end_) is at cr_
  // (end_: none). A fill moves the bytes and adds more, so it forgets.
  std::size_t cr_ = 0;
  bool cr_known_ = false;
};

std::string_view line_break(LineEnd end) {
  switch (end) {
    case LineEnd::kCrLf:
      return "\r\n";
    case LineEnd::kCr:
      return "\r";
    case LineEnd::kLf:
      break;
  }
  return "\n";
}

LineSource::LineSource(std::unique_ptr<ByteSource> source, const std::string& name,
                       LineReading reading) {
  if (reading == LineReading::kAuto) reading = reading_from_environment();
  if (reading == LineReading::kAuto && !source->is_regular_file()) {
    // fccp's LineReader allocates 48 MiB and may start a thread, which a short stream (a small
    // pipe, a few appended rows, a converted small file) does not need: one that ends within
    // its first kSmallStream bytes is read by the block reader, from memory.
    std::string head = read_head(*source, kSmallStream + 1);
    if (head.size() <= kSmallStream) {
      direct_ = std::make_unique<Direct>(make_memory_source(std::move(head)));
      return;
    }
    source = std::make_unique<PrefixedSource>(std::move(head), std::move(source));
  }
  if (reading == LineReading::kDirect ||
      (reading == LineReading::kAuto && source->can_stop_waiting())) {
    direct_ = std::make_unique<Direct>(std::move(source));
    return;
  }
  try {
    reader_ = std::make_unique<io::LineReader>(
        name, std::unique_ptr<io::ByteSourceBase>(new FramingSource(std::move(source))));
  } catch (const io::error::base& e) {
    throw Error(ExitCode::kIoErr, e.what(), name);
  }
}

LineSource::~LineSource() = default;

bool LineSource::can_stop_waiting() const {
  return direct_ && direct_->source().can_stop_waiting();
}

void LineSource::stop_waiting() {
  if (direct_) direct_->source().stop_waiting();
}

bool LineSource::fetch_decoded() {
  decoded_.clear();
  cursor_ = 0;
  bool any = false;
  for (;;) {
    char* framed = reader_->next_line();
    if (framed == nullptr) return any;
    any = true;
    const std::size_t n = std::strlen(framed);
    if (!have_decoded_ && decoded_.empty() && std::memchr(framed, kEscape, n) == nullptr) {
      // The common line: no escapes, no CR. Hand out fccp's own buffer, no copy.
      fast_ = std::string_view(framed, n);
      have_fast_ = true;
      return true;
    }
    if (!unframe(framed, n, decoded_)) break;
  }
  have_decoded_ = true;
  return true;
}

bool LineSource::next(PhysicalLine& line) {
  if (direct_) {
    if (!direct_->next(line)) return false;
  } else {
    if (!have_decoded_ && !fetch_decoded()) return false;
    if (have_fast_) {
      have_fast_ = false;
      line.bytes = fast_;
      line.end = LineEnd::kLf;
    } else {
      std::string_view rest(decoded_.data() + cursor_, decoded_.size() - cursor_);
      if (take_line(rest, line)) {
        have_decoded_ = false;
      } else {
        cursor_ = static_cast<std::size_t>(rest.data() - decoded_.data());
      }
    }
  }
  if (first_line_) {
    first_line_ = false;
    // SPEC §2: a UTF-8 byte-order mark at the very start is skipped (both readers have done
    // so), and so is a repeated one (issue 12.14), which some tools leave when they save a
    // file that has one.
    while (line.bytes.substr(0, 3) == "\xEF\xBB\xBF") line.bytes.remove_prefix(3);
  }
  // The file's line ending is the header's: blank lines before it say nothing (add writes
  // rows with it).
  if (!seen_end_ && !line.bytes.empty()) {
    seen_end_ = true;
    first_line_end_ = line.end;
  }
  return true;
}

}  // namespace abp
