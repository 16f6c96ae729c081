#include "abp/io/line_source.hpp"

#include <stdlib.h>

#include <algorithm>
#include <memory>
#include <random>
#include <string>
#include <utility>
#include <vector>

#include <catch2/catch.hpp>

#include "abp/io/byte_source.hpp"

namespace {

using Line = std::pair<std::string, abp::LineEnd>;
constexpr auto kLf = abp::LineEnd::kLf;
constexpr auto kCrLf = abp::LineEnd::kCrLf;
constexpr auto kCr = abp::LineEnd::kCr;

// Returns every physical line of `bytes` read one way, and the line end of the first line
// through `first`.
std::vector<Line> lines_read(const std::string& bytes, abp::LineReading reading,
                             abp::LineEnd* first) {
  abp::LineSource source(abp::make_memory_source(bytes), "test.csv", reading);
  std::vector<Line> out;
  abp::PhysicalLine line;
  while (source.next(line)) out.emplace_back(std::string(line.bytes), line.end);
  if (first != nullptr) *first = source.first_line_end();
  return out;
}

// The same, read each way a LineSource can (as chosen, through fccp, by the block reader),
// which must all agree.
std::vector<Line> lines_of(const std::string& bytes, abp::LineEnd* first = nullptr) {
  const std::vector<Line> out = lines_read(bytes, abp::LineReading::kAuto, first);
  for (const abp::LineReading forced : {abp::LineReading::kLineReader, abp::LineReading::kDirect}) {
    abp::LineEnd forced_first = abp::LineEnd::kLf;
    CHECK(lines_read(bytes, forced, &forced_first) == out);
    if (first != nullptr) CHECK(forced_first == *first);
  }
  return out;
}

}  // namespace

TEST_CASE("line_source: LF, CRLF and bare CR each end a line", "[line_source]") {
  CHECK(lines_of("a\nb\r\nc\rd\n") ==
        std::vector<Line>{{"a", kLf}, {"b", kCrLf}, {"c", kCr}, {"d", kLf}});
  CHECK(lines_of("\r\r\n\n") == std::vector<Line>{{"", kCr}, {"", kCrLf}, {"", kLf}});
}

TEST_CASE("line_source: the last line may lack a break; empty input has no line", "[line_source]") {
  CHECK(lines_of("a\nlast") == std::vector<Line>{{"a", kLf}, {"last", kLf}});
  CHECK(lines_of("").empty());
  CHECK(lines_of("\n") == std::vector<Line>{{"", kLf}});
}

TEST_CASE("line_source: first_line_end reports the file's line ending", "[line_source]") {
  abp::LineEnd first = kLf;
  lines_of("h\r\nx\n", &first);
  CHECK(first == kCrLf);
  lines_of("h\rx\r", &first);
  CHECK(first == kCr);
  lines_of("h\nx\r\n", &first);
  CHECK(first == kLf);
  lines_of("no break at all", &first);
  CHECK(first == kLf);
}

TEST_CASE("line_source: a UTF-8 BOM is skipped only at the very start", "[line_source]") {
  CHECK(lines_of("\xEF\xBB\xBFh\n\xEF\xBB\xBFx\n") ==
        std::vector<Line>{{"h", kLf}, {"\xEF\xBB\xBFx", kLf}});
  CHECK(lines_of("\xEF\xBB\xBF").empty());
}

TEST_CASE("line_source: NUL, 0x01 and escape-like bytes come back as they were", "[line_source]") {
  const std::string tricky(
      "a\0b\x01"
      "0\x01r\x01\x01"
      "1\x01",
      11);
  CHECK(lines_of(tricky + "\n" + tricky) == std::vector<Line>{{tricky, kLf}, {tricky, kLf}});
}

TEST_CASE("line_source: lines far past fccp's 16 MiB limit come back whole", "[line_source]") {
  const std::string plain(17u << 20, 'x');
  std::string mixed;  // escapes and CRs spread over more than 16 MiB of one LF-line
  while (mixed.size() < (17u << 20)) mixed += std::string("ab\0\x01\rcd", 7);
  const auto lines = lines_of("h\n" + plain + "\r\n" + mixed + "\nend");
  REQUIRE(lines.size() >= 4);
  CHECK(lines[0] == Line{"h", kLf});
  CHECK(lines[1].first.size() == plain.size());
  CHECK(lines[1] == Line{plain, kCrLf});
  // The bare CRs inside `mixed` end lines of their own; joined back they give `mixed`.
  std::string joined;
  for (std::size_t i = 2; i + 1 < lines.size(); ++i) {
    joined += lines[i].first;
    joined += lines[i].second == kCr ? "\r" : "";
  }
  CHECK(joined == mixed);
  CHECK(lines.back() == Line{"end", kLf});
}

TEST_CASE("line_source: CRs found once per block end the right lines across blocks",
          "[line_source]") {
  // Stretches of LF-only lines (where the block reader searches for a CR once per block, not
  // per line) between CRLF and bare-CR lines, over several of its 2 MiB reads; each way of
  // reading must give the lines as written.
  std::mt19937 rng(5);
  std::string bytes;
  std::vector<Line> written;
  while (bytes.size() < (5u << 20)) {
    const bool crs = rng() % 50 == 0;  // a stretch of lines that end in CRs
    for (int i = static_cast<int>(rng() % 2000); i >= 0; --i) {
      std::string text(rng() % 60, static_cast<char>('a' + rng() % 26));
      // (An empty line after a bare CR would make that CR a CRLF's.)
      if (text.empty() && !written.empty() && written.back().second == kCr) text = "z";
      const abp::LineEnd end = !crs ? kLf : rng() % 2 == 0 ? kCrLf : kCr;
      bytes += text;
      bytes += abp::line_break(end);
      written.emplace_back(text, end);
    }
  }
  bytes += "last";
  written.emplace_back("last", kLf);
  CHECK(lines_of(bytes) == written);
}

TEST_CASE("line_source: line_break spells each line ending", "[line_source]") {
  CHECK(abp::line_break(kLf) == "\n");
  CHECK(abp::line_break(kCrLf) == "\r\n");
  CHECK(abp::line_break(kCr) == "\r");
}

namespace {

// A source that says what it is and records the size of each read asked of it: the two
// readers ask differently, which shows which one a LineSource chose.
class RecordingSource final : public abp::ByteSource {
 public:
  RecordingSource(bool regular, std::vector<std::size_t>& asked, std::string bytes)
      : regular_(regular), asked_(asked), bytes_(std::move(bytes)) {}
  std::size_t read(char* buffer, std::size_t size) override {
    asked_.push_back(size);
    const std::size_t n = std::min(size, bytes_.size() - pos_);
    std::copy(bytes_.data() + pos_, bytes_.data() + pos_ + n, buffer);
    pos_ += n;
    return n;
  }
  bool is_regular_file() const override { return regular_; }

 private:
  bool regular_;
  std::vector<std::size_t>& asked_;
  std::string bytes_;
  std::size_t pos_ = 0;
};

// The reads a LineSource makes of a (regular or not) source of `bytes` with $ABP_LINE_READER =
// `forced` (nullptr: unset).
std::vector<std::size_t> reads_with(const char* forced, bool regular,
                                    const std::string& bytes = "a,b\nc,d\n") {
  if (forced == nullptr) {
    ::unsetenv("ABP_LINE_READER");
  } else {
    ::setenv("ABP_LINE_READER", forced, 1);
  }
  std::vector<std::size_t> asked;
  {
    abp::LineSource source(std::make_unique<RecordingSource>(regular, asked, bytes), "test.csv");
    abp::PhysicalLine line;
    while (source.next(line)) {
    }
  }
  ::unsetenv("ABP_LINE_READER");
  return asked;
}

}  // namespace

TEST_CASE("line_source: $ABP_LINE_READER forces one reader on every input", "[line_source]") {
  const std::vector<std::size_t> direct = reads_with("direct", false);
  const std::vector<std::size_t> fccp = reads_with("fccp", true);
  REQUIRE(direct != fccp);
  // Unset: a regular file goes the direct way, a long stream through fccp (below).
  CHECK(reads_with(nullptr, true) == direct);
  // Forced: whatever the input is.
  CHECK(reads_with("direct", true) == direct);
  CHECK(reads_with("fccp", false) == fccp);
  CHECK(reads_with("something else", true) == direct);
}

TEST_CASE("line_source: a short stream is read ahead and split in memory, a long one by fccp",
          "[line_source]") {
  // fccp's reads go through its framing layer, which asks for 1 MiB at a time.
  constexpr std::size_t kFramingRead = 1u << 20;
  const auto framed = [&](const std::vector<std::size_t>& asked) {
    return std::count(asked.begin(), asked.end(), kFramingRead) > 0;
  };
  const std::vector<std::size_t> short_stream = reads_with(nullptr, false);
  CHECK_FALSE(framed(short_stream));
  CHECK(short_stream.size() <= 2);  // the bytes, then the end
  std::string long_input;
  while (long_input.size() < (3u << 20)) long_input += "author,title,publisher\n";
  CHECK(framed(reads_with(nullptr, false, long_input)));
  CHECK(framed(reads_with("fccp", false)));
  // Read ahead or not, the lines are the same.
  ::unsetenv("ABP_LINE_READER");
  abp::LineSource source(abp::make_memory_source(long_input), "test.csv");
  abp::PhysicalLine line;
  std::size_t lines = 0;
  while (source.next(line)) {
    REQUIRE(line.bytes == "author,title,publisher");
    ++lines;
  }
  CHECK(lines * 23 == long_input.size());
}

TEST_CASE("line_source: byte-order marks repeated at the start are all skipped", "[line_source]") {
  const std::string input =
      "\xEF\xBB\xBF\xEF\xBB\xBF\xEF\xBB\xBF"
      "a,b\r\n\xEF\xBB\xBF"
      "c\n";
  for (const char* forced : {"fccp", "direct"}) {
    ::setenv("ABP_LINE_READER", forced, 1);
    abp::LineEnd first = kLf;
    // Only at the very start: later ones are data.
    CHECK(lines_of(input, &first) == std::vector<Line>{{"a,b", kCrLf},
                                                       {"\xEF\xBB\xBF"
                                                        "c",
                                                        kLf}});
    CHECK(first == kCrLf);
    CHECK(lines_of("\xEF\xBB\xBF\xEF\xBB\xBF\n") == std::vector<Line>{{"", kLf}});
    ::unsetenv("ABP_LINE_READER");
  }
}
