#include "abp/io/record_stream.hpp"

#include <utility>

namespace abp {
namespace {

// A batch is handed over after this many records or bytes: large enough that locking costs
// nothing, small enough to stay in the cache the consumer reads it from.
constexpr std::size_t kBatchRecords = 4096;
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
  offsets_.reserve(kFirstFields + 1);
  fields_.reserve(kFirstFields);
  bytes_.reserve(64 * kFirstRecords);
}

void RecordBatch::clear() {
  bytes_.clear();
  offsets_.clear();
  fields_.clear();
  records_.clear();
}

void RecordBatch::add(const Record& record) {
  records_.push_back(Entry{offsets_.size(), record.fields.size(), record.line});
  for (const std::string_view field : record.fields) {
    offsets_.push_back(bytes_.size());
    bytes_.append(field);
    bytes_ += ' ';
  }
}

void RecordBatch::seal() {
  offsets_.push_back(bytes_.size());
  for (std::size_t i = 0; i + 1 < offsets_.size(); ++i) {
    fields_.emplace_back(bytes_.data() + offsets_[i], offsets_[i + 1] - offsets_[i] - 1);
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
    while (batch.size() < kBatchRecords && batch.bytes_.size() < kBatchBytes) {
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
