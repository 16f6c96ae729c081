#include "abp/io/record_stream.hpp"

#include <algorithm>
#include <cstring>
#include <utility>

namespace abp {
namespace {

// A batch is handed over after this many records or bytes: large enough that locking costs
// nothing, small enough to stay in the cache the consumer reads it from.
constexpr std::size_t kBatchRecords = 1024;
constexpr std::size_t kBatchBytes = 512u << 10;

}  // namespace

void RecordBatch::reserve_first() {
  // A batch grows to kBatchRecords as a large file fills it; a small file's one batch would
  // otherwise reach its size by a dozen doublings from nothing (issue 18.1: each is an
  // allocation under the fuzzer's sanitizers, and a copy anywhere).
  if (records_.capacity() != 0) return;
  constexpr std::size_t kFirstRecords = 64;
  constexpr std::size_t kFirstFields = 4 * kFirstRecords;
  records_.reserve(kFirstRecords);
  offsets_.resize(kFirstFields + 1);
  fields_.resize(kFirstFields);
  bytes_.resize(64 * kFirstRecords);
}

void RecordBatch::clear() {
  used_ = 0;
  fields_used_ = 0;
  records_.clear();
}

char* RecordBatch::room_for(std::size_t n) {
  if (bytes_.size() - used_ < n) bytes_.resize(std::max(bytes_.size() * 2, used_ + n));
  char* const at = bytes_.data() + used_;
  used_ += n;
  return at;
}

void RecordBatch::add(const Record& record) {
  const std::string_view* const fields = record.fields.data();
  const std::size_t count = record.fields.size();
  // Written member by member where it lies: an Entry made on the stack and copied in was read
  // back in 16-byte halves, one of which the last two stores (line, then a bool) could not be
  // forwarded to, so it waited for every store before it to reach the cache.
  Entry& entry = records_.emplace_back();
  entry.first_field = fields_used_;
  entry.field_count = count;
  entry.line = record.line;
  entry.fields_normalised = record.fields_normalised;
  // offsets_ and fields_ are kept at least as large as what is used of them and written
  // through pointers: one size check a record, not one a field (this runs for every record
  // on the reading thread, which sets the pace of loading). + 1: the end seal() adds.
  const std::size_t needed = fields_used_ + count + 1;
  if (offsets_.size() < needed) offsets_.resize(std::max(offsets_.size() * 2, needed));
  std::size_t* const offsets = offsets_.data() + fields_used_;
  fields_used_ += count;
  // Most records are one unquoted line: their fields lie side by side in it, one delimiter
  // apart, and are copied with one memcpy, each delimiter then made the space that follows
  // every field here. Copying field by field cost a third of the reading thread's time.
  // The reader knows it of a line without quotes; other records are looked at.
  bool side_by_side = count > 0;
  if (!record.fields_adjacent) {
    for (std::size_t i = 1; i < count && side_by_side; ++i) {
      side_by_side = fields[i - 1].data() + fields[i - 1].size() + 1 == fields[i].data();
    }
  }
  if (side_by_side) {
    const char* const first = fields[0].data();
    const auto size =
        static_cast<std::size_t>(fields[count - 1].data() + fields[count - 1].size() - first);
    const std::size_t base = used_;
    char* const to = room_for(size + 1);
    std::memcpy(to, first, size);
    for (std::size_t i = 0; i < count; ++i) {
      const auto begin = static_cast<std::size_t>(fields[i].data() - first);
      offsets[i] = base + begin;
      to[begin + fields[i].size()] = ' ';
    }
    return;
  }
  for (std::size_t i = 0; i < count; ++i) {
    offsets[i] = used_;
    char* const to = room_for(fields[i].size() + 1);
    std::memcpy(to, fields[i].data(), fields[i].size());
    to[fields[i].size()] = ' ';
  }
}

void RecordBatch::seal() {
  const std::size_t n = fields_used_;
  // add() leaves room for this end; reserve_first() does for a batch no record reached.
  if (offsets_.size() < n + 1) offsets_.resize(n + 1);  // (kept should either change)
  offsets_[n] = used_;
  if (fields_.size() < n) fields_.resize(std::max(fields_.size() * 2, n));
  const char* const bytes = bytes_.data();
  const std::size_t* const offsets = offsets_.data();
  std::string_view* const views = fields_.data();
  for (std::size_t i = 0; i < n; ++i) {
    views[i] = std::string_view(bytes + offsets[i], offsets[i + 1] - offsets[i] - 1);
  }
}

RecordStream::RecordStream(CsvReader& reader, Prepare prepare, bool threaded,
                           std::function<void()> stop_reading)
    : reader_(reader),
      prepare_(std::move(prepare)),
      stop_reading_(std::move(stop_reading)),
      batches_(kBatches),
      errors_(kBatches),
      handoff_(
          kBatches, [this](std::size_t n) { return fill(n); }, threaded) {}

RecordStream::~RecordStream() {
  // The reading thread may wait in a read of a pipe whose writer goes on: end the wait, so
  // handoff_ (destroyed next) can join it. After the last record this changes nothing.
  if (stop_reading_) stop_reading_();
}

bool RecordStream::fill(std::size_t n) {
  RecordBatch& batch = batches_[n % kBatches];
  batch.slot_ = n % kBatches;
  batch.clear();
  batch.reserve_first();
  bool more = true;
  try {
    while (batch.size() < kBatchRecords && batch.used_ < kBatchBytes) {
      if (!(more = reader_.next(record_))) break;
      batch.add(record_);
    }
  } catch (...) {
    // The records before the error still go out first, as a plain loop would use them.
    errors_[n % kBatches] = std::current_exception();
    more = false;
  }
  batch.seal();
  if (prepare_) prepare_(batch);
  return more;
}

const RecordBatch* RecordStream::next() {
  for (;;) {
    if (error_) std::rethrow_exception(std::exchange(error_, nullptr));
    std::size_t n = 0;
    if (!handoff_.next(n)) return nullptr;
    error_ = std::exchange(errors_[n % kBatches], nullptr);
    if (batches_[n % kBatches].size() > 0) return &batches_[n % kBatches];
  }
}

}  // namespace abp
