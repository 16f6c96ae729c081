#include "abp/io/record_stream.hpp"

#include <utility>

namespace abp {
namespace {

// A batch is handed over after this many records or bytes: large enough that locking costs
// nothing, small enough to stay in the cache the consumer reads it from.
constexpr std::size_t kBatchRecords = 8192;
constexpr std::size_t kBatchBytes = 1u << 20;

}  // namespace

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

RecordStream::RecordStream(CsvReader& reader, Prepare prepare, bool threaded)
    : reader_(reader), prepare_(std::move(prepare)), batches_(kBatches) {
  for (std::size_t i = 0; i < kBatches; ++i) batches_[i].slot_ = i;
  if (threaded) thread_ = std::thread([this] { produce(); });
}

RecordStream::~RecordStream() {
  if (!thread_.joinable()) return;
  {
    const std::lock_guard<std::mutex> lock(mutex_);
    stop_ = true;
  }
  changed_.notify_all();
  thread_.join();
}

bool RecordStream::fill(RecordBatch& batch, std::exception_ptr& error) {
  batch.clear();
  bool more = true;
  try {
    while (batch.size() < kBatchRecords && batch.bytes_.size() < kBatchBytes) {
      if (!(more = reader_.next(record_))) break;
      batch.add(record_);
    }
  } catch (...) {
    // The records before the error still go out first, as a plain loop would use them.
    error = std::current_exception();
    more = false;
  }
  batch.seal();
  if (prepare_) prepare_(batch);
  return more;
}

void RecordStream::produce() {
  try {
    for (std::size_t n = 0;; ++n) {
      {
        // Batch n reuses the storage of batch n - kBatches: wait until the consumer has
        // moved past it (it still reads the last batch it was given).
        std::unique_lock<std::mutex> lock(mutex_);
        changed_.wait(lock, [&] { return stop_ || n + 1 < consumed_ + kBatches; });
        if (stop_) return;
      }
      std::exception_ptr error;
      const bool more = fill(batches_[n % kBatches], error);
      {
        const std::lock_guard<std::mutex> lock(mutex_);
        filled_ = n + 1;
        done_ = !more;
        error_ = error;
      }
      changed_.notify_all();
      if (!more) return;
    }
  } catch (...) {  // out of memory while sealing or preparing a batch
    {
      const std::lock_guard<std::mutex> lock(mutex_);
      error_ = std::current_exception();
      done_ = true;
    }
    changed_.notify_all();
  }
}

const RecordBatch* RecordStream::next() {
  if (!thread_.joinable()) {
    // On this thread: one batch at a time, the error after the records before it.
    if (error_) std::rethrow_exception(std::exchange(error_, nullptr));
    if (done_) return nullptr;
    RecordBatch& batch = batches_[consumed_++ % kBatches];
    done_ = !fill(batch, error_);
    if (batch.size() > 0) return &batch;
    if (error_) std::rethrow_exception(std::exchange(error_, nullptr));
    return nullptr;
  }
  std::unique_lock<std::mutex> lock(mutex_);
  changed_.wait(lock, [&] { return filled_ > consumed_ || done_; });
  if (filled_ > consumed_) {
    // Handing out batch n also gives back batch n - 1: the producer may refill it.
    const std::size_t n = consumed_++;
    lock.unlock();
    changed_.notify_all();
    return &batches_[n % kBatches];
  }
  if (error_) std::rethrow_exception(std::exchange(error_, nullptr));
  return nullptr;
}

}  // namespace abp
