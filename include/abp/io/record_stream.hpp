#pragma once

#include <cstddef>
#include <cstdint>
#include <exception>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "abp/fast/cache_line.hpp"
#include "abp/fast/parallel.hpp"
#include "abp/io/csv_reader.hpp"

namespace abp {

/// One record of a RecordBatch: its fields and the physical line it starts on.
struct RecordView {
  const std::string_view* fields;
  std::size_t size;
  std::uint64_t line;
  bool fields_normalised;  // as Record's: every field known to be normalised already
};

/// Records read ahead, their field bytes copied into one buffer. Each field is followed there
/// by one space, so two fields that follow each other in a record can also be read as one
/// value joined by a space, without a copy (see adjacent_joined()). On cache lines of its own
/// (fast/cache_line.hpp): one batch is read while the next one, beside it, is being filled.
class alignas(kCacheLine) RecordBatch {
 public:
  std::size_t size() const { return records_.size(); }
  /// The bytes its records' fields take here, each with the space after it: about what their
  /// lines took in the file (a delimiter or line end for each space; quotes aside).
  std::size_t bytes() const { return used_; }

  /// When `first` and `second` are views of two fields of this batch that follow each other
  /// in their record (or of their parts, as long as `first` ends where its field does and
  /// `second` starts where its field does), returns `first + " " + second` as one view into
  /// the batch; else an empty view. Reads the byte after `first`, which must exist: true of
  /// any view of a batch's field or of a std::string.
  static std::string_view adjacent_joined(std::string_view first, std::string_view second) {
    if (first.empty() || second.empty() || first.data()[first.size()] != ' ' ||
        first.data() + first.size() + 1 != second.data()) {
      return {};
    }
    return std::string_view(first.data(), first.size() + 1 + second.size());
  }
  RecordView operator[](std::size_t i) const {
    const Entry& e = records_[i];
    return RecordView{fields_.data() + e.first_field, e.field_count, e.line, e.fields_normalised};
  }

  /// Which of the stream's buffers this is (0 to RecordStream::kBatches - 1), for state a
  /// caller keeps beside each batch (see RecordStream's `prepare`).
  std::size_t slot() const { return slot_; }

 private:
  friend class RecordStream;
  struct Entry {
    std::size_t first_field;
    std::size_t field_count;
    std::uint64_t line;
    bool fields_normalised;
  };
  void reserve_first();  // room for a small file's records, once
  void clear();
  void add(const Record& record);
  void seal();                    // turns the offsets kept while filling into views
  char* room_for(std::size_t n);  // n more bytes at the end of bytes_, counted as used

  std::size_t slot_ = 0;
  // The fields' bytes: bytes_ is grown by doubling and never shrunk, used_ of it is filled.
  std::vector<char> bytes_;
  std::size_t used_ = 0;
  // Begin of each field in bytes_ while filling (then the end of the last), and the fields'
  // views once sealed: the first fields_used_ (+ 1) of each are in use.
  std::vector<std::size_t> offsets_;
  std::vector<std::string_view> fields_;
  std::size_t fields_used_ = 0;
  std::vector<Entry> records_;
};

/// Runs a CsvReader on a second thread (optionally) and hands its records out in batches, in
/// order, so splitting records and using them overlap on two cores (an OrderedHandoff of
/// fast/parallel.hpp).
///
/// An error of the reader (Error(kDataErr) for an unterminated quote, kIoErr from the source,
/// ...) is rethrown by next() after every record before it has been handed out, exactly where
/// a plain loop over the reader would have thrown it. The destructor stops and joins the
/// thread, so a consumer may throw at any time. The reader must not be used elsewhere while
/// the stream lives. On cache lines of its own (fast/cache_line.hpp): its thread writes it
/// for every record while the consumer works on the stack it lies on.
class alignas(kCacheLine) RecordStream {
 public:
  // Enough that one thread's pause (a table growing early in a file, or sized once) does not
  // soon leave the other waiting: with 4, both threads of a 1M-row report were half idle for
  // its first 25 ms (1M rows: 0.985x the time with 16; 10M rows: no change).
  static constexpr std::size_t kBatches = 16;

  /// Work done on the reading thread for each full batch before it is handed out (e.g.
  /// hashing its values into state kept per batch slot); it must not throw.
  using Prepare = std::function<void(const RecordBatch&)>;

  /// With `threaded` false everything runs on the caller's thread, batch by batch: for
  /// input that may block (a pipe) with no way to end the wait, where a second thread could
  /// be left waiting in read(2) after the caller has stopped on an error. `stop_reading`, if
  /// given, is called by the destructor before it joins the reading thread: it must make a
  /// read that waits return (ByteSource::stop_waiting), from any thread.
  explicit RecordStream(CsvReader& reader, Prepare prepare = nullptr, bool threaded = true,
                        std::function<void()> stop_reading = nullptr);
  ~RecordStream();
  RecordStream(const RecordStream&) = delete;
  RecordStream& operator=(const RecordStream&) = delete;

  /// Returns the next batch (valid until the next call), or nullptr after the last record.
  const RecordBatch* next();

 private:
  bool fill(std::size_t n);  // reads batch n; false: the input has ended

  CsvReader& reader_;
  Prepare prepare_;
  std::function<void()> stop_reading_;
  Record record_;
  std::vector<RecordBatch> batches_;
  // Per batch slot: the reader's error that ended the batch there, thrown once the batch's
  // records have been handed out, exactly where a plain loop over the reader would throw it.
  std::vector<std::exception_ptr> errors_;
  std::exception_ptr error_;  // the error to throw at the next call of next()
  OrderedHandoff handoff_;    // last: its thread stops before the batches go
};

}  // namespace abp
