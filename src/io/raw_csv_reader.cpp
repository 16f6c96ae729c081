#include "abp/io/raw_csv_reader.hpp"

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <utility>

#include "abp/core/error.hpp"

namespace abp {
namespace {

// The physical lines that [begin, end) ends, counting CRLF once (SPEC §2: LF, CRLF, bare CR).
std::uint64_t count_line_breaks(const char* begin, const char* end) {
  std::uint64_t lines = 0;
  for (const char* p = begin; p < end; ++p) {
    if (*p == '\n') {
      ++lines;
    } else if (*p == '\r' && (p + 1 == end || p[1] != '\n')) {
      ++lines;
    }
  }
  return lines;
}

// Returns the first byte in [p, end) that `stop` marks (the delimiter, CR or LF), or end. Eight
// bytes at a time where it can: the bytes of a field are most of what a rewrite reads.
const char* find_stop(const char* p, const char* end, const bool* stop, char delimiter) {
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
  constexpr std::uint64_t kOnes = 0x0101010101010101ULL;
  constexpr std::uint64_t kHighs = 0x8080808080808080ULL;
  const std::uint64_t d = kOnes * static_cast<unsigned char>(delimiter);
  constexpr std::uint64_t lf = kOnes * '\n';
  constexpr std::uint64_t cr = kOnes * '\r';
  // A byte of `word` equal to the pattern's: the lowest such byte's high bit is exact (the
  // classic zero-byte test; only bytes above a match can be flagged wrongly).
  const auto equal = [](std::uint64_t word, std::uint64_t pattern) {
    const std::uint64_t x = word ^ pattern;
    return (x - kOnes) & ~x & kHighs;
  };
  while (end - p >= 8) {
    std::uint64_t word;
    std::memcpy(&word, p, 8);
    const std::uint64_t found = equal(word, d) | equal(word, lf) | equal(word, cr);
    if (found != 0) return p + (__builtin_ctzll(found) >> 3);
    p += 8;
  }
#else
  (void)delimiter;
#endif
  while (p < end && !stop[static_cast<unsigned char>(*p)]) ++p;
  return p;
}

}  // namespace

RawCsvReader::RawCsvReader(ByteSource& source, Dialect dialect, std::string file_name,
                           bool skip_bom, std::size_t block)
    : source_(source),
      dialect_(dialect),
      file_name_(std::move(file_name)),
      skip_bom_(skip_bom),
      // An input known to be smaller than a block gets a buffer of its size (and one byte to
      // find its end in the same fill): a small file does not pay for a large buffer.
      buffer_(block == kBlock && source.size_hint() > 0 && source.size_hint() < kBlock
                  ? static_cast<std::size_t>(source.size_hint()) + 1
                  : std::max<std::size_t>(block, 1)) {
  stop_[static_cast<unsigned char>(dialect_.delimiter)] = true;
  stop_[static_cast<unsigned char>('\n')] = true;
  stop_[static_cast<unsigned char>('\r')] = true;
}

bool RawCsvReader::refill(std::size_t keep) {
  if (eof_) return false;
  if (keep > 0) {
    std::memmove(buffer_.data(), buffer_.data() + keep, end_ - keep);
    end_ -= keep;
    begin_ -= keep;
  }
  // A record longer than the buffer: make room for more of it.
  if (end_ == buffer_.size()) buffer_.resize(buffer_.size() * 2);
  // Fill the buffer whole (a pipe gives little at a time), so a record is parsed again only
  // after the buffer has grown or moved on: linear time however long the record.
  while (end_ < buffer_.size()) {
    const std::size_t n = source_.read(buffer_.data() + end_, buffer_.size() - end_);
    if (n == 0) {
      eof_ = true;
      break;
    }
    end_ += n;
  }
  return true;
}

bool RawCsvReader::next(RawRecord& record) {
  for (;;) {
    switch (parse(record)) {
      case Step::kRecord:
        return true;
      case Step::kEnd:
        return false;
      case Step::kNeedMore:
        refill(begin_);
        break;
    }
  }
}

// Parses the gap and the record at begin_, or learns that the buffer ends before they do.
// Mirrors CsvReader::next and its LineSource (see there for the rules).
RawCsvReader::Step RawCsvReader::parse(RawRecord& record) {
  const char* const b = buffer_.data();
  const std::size_t end = end_;
  const char delimiter = dialect_.delimiter;
  std::size_t p = begin_;
  std::uint64_t line = line_no_;

  if (at_start_ && skip_bom_) {
    // Like LineSource, a repeated byte-order mark too (issue 12.14).
    for (;;) {
      if (end - p < 3 && !eof_) return Step::kNeedMore;
      if (end - p < 3 || std::memcmp(b + p, "\xEF\xBB\xBF", 3) != 0) break;
      p += 3;
    }
  }
  // SPEC §2: an empty line is skipped anywhere.
  for (;;) {
    if (p == end) {
      if (!eof_) return Step::kNeedMore;
      rest_ = std::string_view(b + begin_, end - begin_);
      at_start_ = false;
      begin_ = end;
      return Step::kEnd;
    }
    if (b[p] == '\n') {
      ++p;
    } else if (b[p] == '\r') {
      if (p + 1 == end && !eof_) return Step::kNeedMore;
      p += (p + 1 < end && b[p + 1] == '\n') ? 2 : 1;
    } else {
      break;
    }
    ++line;
  }

  const std::size_t start = p;
  const std::uint64_t first_line = line + 1;
  unquoted_.clear();
  spans_.clear();
  for (;;) {
    const std::size_t field_begin = p;
    std::size_t lead = p;
    while (lead < end && (b[lead] == ' ' || b[lead] == '\t') && b[lead] != delimiter) ++lead;
    if (lead == end && !eof_) return Step::kNeedMore;
    if (lead < end && b[lead] == '"') {
      // A quoted field: the delimiter, `""` and line breaks inside are data.
      const std::uint64_t field_line = line + 1;
      const std::size_t value_begin = unquoted_.size();
      std::size_t q = lead + 1;
      for (;;) {
        const auto* quote = static_cast<const char*>(std::memchr(b + q, '"', end - q));
        if (quote == nullptr) {
          if (!eof_) return Step::kNeedMore;
          throw Error(ExitCode::kDataErr,
                      "quoted field is never closed (the file ends inside it); check for a "
                      "stray \" in this field",
                      file_name_, field_line);
        }
        const auto at = static_cast<std::size_t>(quote - b);
        line += count_line_breaks(b + q, quote);
        unquoted_.append(b + q, at - q);
        q = at + 1;
        if (q == end && !eof_) return Step::kNeedMore;
        if (q < end && b[q] == '"') {
          unquoted_ += '"';
          ++q;
          continue;
        }
        // Closing quote: what follows up to the delimiter is kept as it is.
        const auto tail = static_cast<std::size_t>(find_stop(b + q, b + end, stop_, delimiter) - b);
        if (tail == end && !eof_) return Step::kNeedMore;
        unquoted_.append(b + q, tail - q);
        p = tail;
        break;
      }
      spans_.push_back(Span{value_begin, unquoted_.size() - value_begin, field_begin, 0, true});
    } else {
      const auto t = static_cast<std::size_t>(find_stop(b + lead, b + end, stop_, delimiter) - b);
      if (t == end && !eof_) return Step::kNeedMore;
      spans_.push_back(Span{field_begin, t - field_begin, field_begin, 0, false});
      p = t;
    }
    spans_.back().raw_size = p - field_begin;
    if (p < end && b[p] == delimiter) {
      ++p;
      if (p == end && !eof_) return Step::kNeedMore;
      if (p == end || b[p] == '\n' || b[p] == '\r') {
        // A trailing delimiter leaves one empty field.
        spans_.push_back(Span{p, 0, p, 0, false});
        break;
      }
      continue;
    }
    break;  // a line break, or the end of the input
  }

  const std::size_t record_end = p;
  if (p < end) {
    if (b[p] == '\n') {
      ++p;
    } else {  // '\r'
      if (p + 1 == end && !eof_) return Step::kNeedMore;
      p += (p + 1 < end && b[p + 1] == '\n') ? 2 : 1;
    }
  }

  record.consumed = std::string_view(b + begin_, p - begin_);
  record.bytes = std::string_view(b + start, record_end - start);
  record.line_break = std::string_view(b + record_end, p - record_end);
  record.line = first_line;
  const std::size_t count = spans_.size();
  record.fields.resize(count);
  record.raw_fields.resize(count);
  for (std::size_t i = 0; i < count; ++i) {
    const Span& span = spans_[i];
    const char* base = span.unquoted ? unquoted_.data() : b;
    record.fields[i] = std::string_view(base + span.value_begin, span.value_size);
    record.raw_fields[i] = std::string_view(b + span.raw_begin, span.raw_size);
  }
  line_no_ = line + 1;
  begin_ = p;
  at_start_ = false;
  return Step::kRecord;
}

}  // namespace abp
