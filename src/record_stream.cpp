#include "abp/record_stream.hpp"

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
  }
}

void RecordBatch::seal() {
  offsets_.push_back(bytes_.size());
  for (std::size_t i = 0; i + 1 < offsets_.size(); ++i) {
    fields_.emplace_back(bytes_.data() + offsets_[i], offsets_[i + 1] - offsets_[i]);
  }
}

RecordStream::RecordStream(CsvReader& reader, Prepare prepare)
    : reader_(reader), prepare_(std::move(prepare)), batches_(kBatches) {
  for (std::size_t i = 0; i < kBatches; ++i) batches_[i].slot_ = i;
  thread_ = std::thread([this] { produce(); });
}

RecordStream::~RecordStream() {
  {
    const std::lock_guard<std::mutex> lock(mutex_);
    stop_ = true;
  }
  changed_.notify_all();
  thread_.join();
}

void RecordStream::produce() {
  Record record;
  try {
    for (std::size_t n = 0;; ++n) {
      {
        // Batch n reuses the storage of batch n - kBatches: wait until the consumer has
        // moved past it (it still reads the last batch it was given).
        std::unique_lock<std::mutex> lock(mutex_);
        changed_.wait(lock, [&] { return stop_ || n + 1 < consumed_ + kBatches; });
        if (stop_) return;
      }
      RecordBatch& batch = batches_[n % kBatches];
      batch.clear();
      bool more = true;
      std::exception_ptr error;
      try {
        while (batch.size() < kBatchRecords && batch.bytes_.size() < kBatchBytes) {
          if (!(more = reader_.next(record))) break;
          batch.add(record);
        }
      } catch (...) {
        // The records before the error still go out first, as a plain loop would use them.
        error = std::current_exception();
        more = false;
      }
      batch.seal();
      if (prepare_) prepare_(batch);
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
