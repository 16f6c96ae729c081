#include "abp/io/raw_csv_reader.hpp"

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

}  // namespace

RawCsvReader::RawCsvReader(ByteSource& source, Dialect dialect, std::string file_name,
                           bool skip_bom, std::size_t block)
    : source_(source),
      dialect_(dialect),
      file_name_(std::move(file_name)),
      skip_bom_(skip_bom),
      buffer_(block > 0 ? block : 1) {
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
    if (end - p < 3 && !eof_) return Step::kNeedMore;
    if (end - p >= 3 && std::memcmp(b + p, "\xEF\xBB\xBF", 3) == 0) p += 3;
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
  value_offsets_.clear();
  value_unquoted_.clear();
  raw_offsets_.clear();
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
        std::size_t tail = q;
        while (tail < end && !stop_[static_cast<unsigned char>(b[tail])]) ++tail;
        if (tail == end && !eof_) return Step::kNeedMore;
        unquoted_.append(b + q, tail - q);
        p = tail;
        break;
      }
      value_offsets_.push_back(value_begin);
      value_offsets_.push_back(unquoted_.size() - value_begin);
      value_unquoted_.push_back(true);
    } else {
      std::size_t t = lead;
      while (t < end && !stop_[static_cast<unsigned char>(b[t])]) ++t;
      if (t == end && !eof_) return Step::kNeedMore;
      value_offsets_.push_back(field_begin);
      value_offsets_.push_back(t - field_begin);
      value_unquoted_.push_back(false);
      p = t;
    }
    raw_offsets_.push_back(field_begin);
    raw_offsets_.push_back(p - field_begin);
    if (p < end && b[p] == delimiter) {
      ++p;
      if (p == end && !eof_) return Step::kNeedMore;
      if (p == end || b[p] == '\n' || b[p] == '\r') {
        // A trailing delimiter leaves one empty field.
        value_offsets_.push_back(p);
        value_offsets_.push_back(0);
        value_unquoted_.push_back(false);
        raw_offsets_.push_back(p);
        raw_offsets_.push_back(0);
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
  const std::size_t count = value_unquoted_.size();
  record.fields.resize(count);
  record.raw_fields.resize(count);
  for (std::size_t i = 0; i < count; ++i) {
    const char* base = value_unquoted_[i] ? unquoted_.data() : b;
    record.fields[i] = std::string_view(base + value_offsets_[2 * i], value_offsets_[2 * i + 1]);
    record.raw_fields[i] = std::string_view(b + raw_offsets_[2 * i], raw_offsets_[2 * i + 1]);
  }
  line_no_ = line + 1;
  begin_ = p;
  at_start_ = false;
  return Step::kRecord;
}

}  // namespace abp
