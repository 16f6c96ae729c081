#include "abp/io/progress.hpp"

#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <iterator>

#include <fmt/format.h>

#include "abp/io/terminal.hpp"

namespace abp {
namespace {

constexpr auto kRedrawEvery = std::chrono::milliseconds(250);
constexpr std::string_view kErase = "\r\x1b[K";  // to the line start, clear to its end

class WatchedSource final : public ByteSource {
 public:
  WatchedSource(std::unique_ptr<ByteSource> inner, ProgressMeter& meter)
      : inner_(std::move(inner)), meter_(meter) {}

  std::size_t read(char* buffer, std::size_t size) override {
    const std::size_t n = inner_->read(buffer, size);
    meter_.add_bytes(n);
    return n;
  }
  // Watching must not change how the bytes are read (the fast path for files).
  bool is_regular_file() const override { return inner_->is_regular_file(); }
  std::uint64_t size_hint() const override { return inner_->size_hint(); }
  bool can_stop_waiting() const override { return inner_->can_stop_waiting(); }
  void stop_waiting() override { inner_->stop_waiting(); }

 private:
  std::unique_ptr<ByteSource> inner_;
  ProgressMeter& meter_;
};

// 1536 -> "1.5 KiB"; bytes below 1 KiB as they are.
std::string human_bytes(double bytes) {
  static constexpr const char* kUnits[] = {"B", "KiB", "MiB", "GiB", "TiB"};
  std::size_t unit = 0;
  while (bytes >= 1024 && unit + 1 < std::size(kUnits)) {
    bytes /= 1024;
    ++unit;
  }
  return unit == 0 ? fmt::format("{:.0f} B", bytes) : fmt::format("{:.1f} {}", bytes, kUnits[unit]);
}

// 1234567 -> "1,234,567".
std::string grouped(std::uint64_t n) {
  std::string digits = std::to_string(n);
  for (std::size_t i = digits.size(); i > 3; i -= 3) digits.insert(i - 3, ",");
  return digits;
}

}  // namespace

std::unique_ptr<ProgressMeter> ProgressMeter::on_stderr(const std::string& path) {
  if (::isatty(STDERR_FILENO) != 1) return nullptr;
  std::uint64_t total = 0;
  struct stat st {};
  const int found = path == "-" ? ::fstat(STDIN_FILENO, &st) : ::stat(path.c_str(), &st);
  if (found == 0 && S_ISREG(st.st_mode)) total = static_cast<std::uint64_t>(st.st_size);
  return std::make_unique<ProgressMeter>(STDERR_FILENO, total, terminal_columns(STDERR_FILENO));
}

ProgressMeter::ProgressMeter(int fd, std::uint64_t total_bytes, std::size_t columns,
                             std::uint64_t threshold)
    : fd_(fd),
      total_(total_bytes),
      columns_(columns > 0 ? columns : 80),
      threshold_(threshold),
      start_(std::chrono::steady_clock::now()) {
  // A file known to be large shows at once; one known to be small never needs the thread.
  if (total_ > threshold_) draw();
  if (total_ == 0 || total_ > threshold_) ticker_ = std::thread([this] { tick(); });
}

ProgressMeter::~ProgressMeter() { finish(); }

std::unique_ptr<ByteSource> ProgressMeter::watch(std::unique_ptr<ByteSource> source) {
  return std::make_unique<WatchedSource>(std::move(source), *this);
}

void ProgressMeter::tick() {
  std::unique_lock<std::mutex> lock(mutex_);
  while (!wake_.wait_for(lock, kRedrawEvery, [this] { return finished_; })) draw();
}

void ProgressMeter::draw() {
  if (std::max(bytes_.load(std::memory_order_relaxed), total_) <= threshold_) return;
  write_all(fmt::format("\r{}\x1b[K", line(std::chrono::steady_clock::now() - start_)));
  drawn_ = true;
}

std::string ProgressMeter::line(std::chrono::steady_clock::duration elapsed) const {
  const std::uint64_t bytes = bytes_.load(std::memory_order_relaxed);
  const std::uint64_t records = records_.load(std::memory_order_relaxed);
  std::string text = "abp: read " + human_bytes(static_cast<double>(bytes));
  if (total_ > 0) {
    text += fmt::format(" of {} ({}%)", human_bytes(static_cast<double>(total_)),
                        std::min<std::uint64_t>(100, bytes * 100 / total_));
  }
  text += fmt::format(", {} rows", grouped(records));
  const double seconds = std::chrono::duration<double>(elapsed).count();
  if (seconds >= 0.5)
    text += fmt::format(", {}/s", human_bytes(static_cast<double>(bytes) / seconds));
  // Never as wide as the terminal: a line that wraps cannot be redrawn in place.
  if (text.size() >= columns_) text.resize(columns_ - 1);
  return text;
}

void ProgressMeter::finish() {
  {
    const std::lock_guard<std::mutex> lock(mutex_);
    if (finished_) return;
    finished_ = true;
  }
  wake_.notify_one();
  if (ticker_.joinable()) ticker_.join();
  if (drawn_) write_all(std::string(kErase));
}

void ProgressMeter::write_all(const std::string& text) const {
  // One write per update; a failed write to the terminal only loses a progress line.
  std::size_t done = 0;
  while (done < text.size()) {
    const ssize_t n = ::write(fd_, text.data() + done, text.size() - done);
    if (n <= 0) return;
    done += static_cast<std::size_t>(n);
  }
}

}  // namespace abp
