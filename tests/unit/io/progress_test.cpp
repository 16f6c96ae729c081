#include "abp/io/progress.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <chrono>
#include <string>
#include <thread>
#include <vector>

#include <catch2/catch.hpp>

namespace {

// Reads everything `source` gives, in small pieces.
void drain(abp::ByteSource& source) {
  std::vector<char> buffer(7);
  while (source.read(buffer.data(), buffer.size()) > 0) {
  }
}

// What was written to the read end of a pipe so far.
std::string take(int fd) {
  std::string text;
  char buffer[4096];
  ssize_t n;
  while ((n = ::read(fd, buffer, sizeof buffer)) > 0)
    text.append(buffer, static_cast<std::size_t>(n));
  return text;
}

struct Pipe {
  int fds[2];
  Pipe() {
    REQUIRE(::pipe(fds) == 0);
    ::fcntl(fds[0], F_SETFL, O_NONBLOCK);
  }
  ~Pipe() {
    ::close(fds[0]);
    ::close(fds[1]);
  }
};

}  // namespace

TEST_CASE("progress: the line tells bytes, share, rows and rate", "[progress]") {
  abp::ProgressMeter meter(-1, 3u << 20, 100, 0);
  auto source = meter.watch(abp::make_memory_source(std::string(1536, 'x')));
  drain(*source);
  meter.set_records(1234567);
  CHECK(meter.line(std::chrono::seconds(2)) ==
        "abp: read 1.5 KiB of 3.0 MiB (0%), 1,234,567 rows, 768 B/s");
  // no rate in the first half second, when it would mostly measure the first read-ahead
  CHECK(meter.line(std::chrono::milliseconds(100)) ==
        "abp: read 1.5 KiB of 3.0 MiB (0%), 1,234,567 rows");
  meter.finish();
}

TEST_CASE("progress: an unknown size shows no share, and the line never fills the width",
          "[progress]") {
  abp::ProgressMeter meter(-1, 0, 30, 0);
  meter.add_bytes(std::size_t{5} << 30);
  CHECK(meter.line(std::chrono::seconds(10)) == "abp: read 5.0 GiB, 0 rows, 51");
  CHECK(meter.line(std::chrono::seconds(10)).size() == 29);
  meter.finish();
}

TEST_CASE("progress: drawn in place while reading, erased when done", "[progress]") {
  Pipe pipe;
  abp::ProgressMeter meter(pipe.fds[1], 0, 80, 100);
  auto source = meter.watch(abp::make_memory_source(std::string(1000, 'x')));
  drain(*source);
  meter.set_records(10);
  std::this_thread::sleep_for(std::chrono::milliseconds(600));
  meter.finish();
  const std::string written = take(pipe.fds[0]);
  CHECK(written.rfind("\rabp: read 1000 B, 10 rows", 0) == 0);
  CHECK(written.find('\n') == std::string::npos);  // redrawn in place, never a new line
  CHECK(written.size() > 6);
  CHECK(written.substr(written.size() - 4) == "\r\x1b[K");
  meter.finish();  // a second finish writes nothing more
  CHECK(take(pipe.fds[0]).empty());
}

TEST_CASE("progress: nothing at all for a small input", "[progress]") {
  Pipe pipe;
  {
    abp::ProgressMeter meter(pipe.fds[1], 0, 80, 1u << 20);  // size unknown, stays small
    auto source = meter.watch(abp::make_memory_source(std::string(1000, 'x')));
    drain(*source);
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
  }
  {
    abp::ProgressMeter meter(pipe.fds[1], 1000, 80, 1u << 20);  // known to be small
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
  }
  CHECK(take(pipe.fds[0]).empty());
}

TEST_CASE("progress: an input known to be large shows at once", "[progress]") {
  Pipe pipe;
  { abp::ProgressMeter meter(pipe.fds[1], 2u << 20, 80, 1u << 20); }
  CHECK(take(pipe.fds[0]) == "\rabp: read 0 B of 2.0 MiB (0%), 0 rows\x1b[K\r\x1b[K");
}
