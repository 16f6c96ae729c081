#pragma once

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>

#include "abp/fast/cache_line.hpp"
#include "abp/io/byte_source.hpp"

namespace io {
class LineReader;
}

namespace abp {

/// How a physical line ended. A line at the end of input without a break reports kLf.
enum class LineEnd { kLf, kCrLf, kCr };

/// Returns the bytes of a line break: "\n", "\r\n" or "\r".
std::string_view line_break(LineEnd end);

/// One physical line: its bytes without the break, valid until the next call to next().
struct PhysicalLine {
  std::string_view bytes;
  LineEnd end = LineEnd::kLf;
};

/// How a LineSource reads its bytes (both give the same lines).
enum class LineReading {
  kAuto,        // kDirect for a regular file, a pipe or terminal whose reads can be stopped
                // (ByteSource::can_stop_waiting), or a stream of at most 1 MiB, else
                // kLineReader; $ABP_LINE_READER=fccp or =direct forces one of the two for
                // every input (for tests)
  kLineReader,  // through fast-cpp-csv-parser's io::LineReader
  kDirect,      // large blocks split in place
};

/// Splits a byte stream into physical lines at LF, CRLF and bare CR, with no limit on length
/// and NUL bytes kept as data.
///
/// In general reading is done by fast-cpp-csv-parser's io::LineReader (buffered, reading
/// ahead on a thread). That reader stops a line at NUL, strips a CR before LF and refuses
/// lines over 16 MiB, so the bytes reach it through a framing layer that escapes NUL, 0x01 and
/// CR and breaks long lines into marked pieces; next() undoes the framing. A regular file is
/// read directly instead, in large blocks split where they lie: no framing, copying or second
/// thread, which a reader of large files can use better. So is a pipe or terminal whose reads
/// can be stopped (the loader then reads it on a thread of its own, as a file), and a stream
/// that ends within its first MiB (read ahead into memory): fccp's 48 MiB buffer would cost
/// it far more than its bytes. UTF-8 byte-order marks at the very start are skipped, one or
/// more. Read errors of the source propagate as Error(kIoErr). On cache lines of its own
/// (fast/cache_line.hpp): the loader's reading thread writes it for every line while the
/// loading thread works on the same stack.
class alignas(kCacheLine) LineSource {
 public:
  LineSource(std::unique_ptr<ByteSource> source, const std::string& name,
             LineReading reading = LineReading::kAuto);
  ~LineSource();
  LineSource(const LineSource&) = delete;
  LineSource& operator=(const LineSource&) = delete;

  /// Returns false at the end of input.
  bool next(PhysicalLine& line);

  /// The break that ended the first non-empty line; kLf when there is none.
  LineEnd first_line_end() const { return first_line_end_; }

  /// Whether a reader of these lines can be stopped while it waits for input, and, from any
  /// thread, stopping it: ByteSource::can_stop_waiting and stop_waiting of the bytes the
  /// block reader reads (a stream read ahead whole into memory never waits). Never through
  /// fccp's reader, which reads ahead on a thread of its own.
  bool can_stop_waiting() const;
  void stop_waiting();

 private:
  class Direct;
  bool fetch_decoded();

  std::unique_ptr<Direct> direct_;  // set for LineReading::kDirect, else reader_
  std::unique_ptr<io::LineReader> reader_;
  std::string decoded_;     // current framed line(s), unescaped, CRs still inside
  std::size_t cursor_ = 0;  // start of the next line within decoded_
  bool have_decoded_ = false;
  std::string_view fast_;  // a line that needed no unescaping, viewed in fccp's buffer
  bool have_fast_ = false;
  bool first_line_ = true;
  bool seen_end_ = false;
  LineEnd first_line_end_ = LineEnd::kLf;
};

}  // namespace abp
