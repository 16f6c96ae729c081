#include "abp/io/byte_source.hpp"

#include <fcntl.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <future>
#include <string>
#include <thread>

#include <catch2/catch.hpp>

#include "abp/core/error.hpp"
#include "abp/fast/loader.hpp"
#include "support.hpp"

namespace {

// Both ends of a pipe, or of a stream socket: a writer that send()s to one with MSG_NOSIGNAL
// meets a closed reader as an error, not as SIGPIPE. Closed when the test ends.
struct Ends {
  enum Kind { kPipe, kSocket };
  int fds[2] = {-1, -1};
  explicit Ends(Kind kind) {
    REQUIRE((kind == kPipe ? ::pipe(fds) : ::socketpair(AF_UNIX, SOCK_STREAM, 0, fds)) == 0);
  }
  ~Ends() {
    for (const int fd : fds) {
      if (fd >= 0) ::close(fd);
    }
  }
  void close_end(int i) {
    ::close(fds[i]);
    fds[i] = -1;
  }
};

// Sends `bytes` to a stream socket, stopping early when its reader has gone.
void send_all(int fd, const std::string& bytes) {
  std::size_t sent = 0;
  while (sent < bytes.size()) {
    const ssize_t n = ::send(fd, bytes.data() + sent, bytes.size() - sent, MSG_NOSIGNAL);
    if (n <= 0) return;
    sent += static_cast<std::size_t>(n);
  }
}

}  // namespace

TEST_CASE("byte source: who can have a reader on a thread of its own", "[byte_source]") {
  Ends pipe(Ends::kPipe);
  CHECK(abp::make_fd_source(pipe.fds[0], "pipe")->can_stop_waiting());
  CHECK_FALSE(abp::make_fd_source(pipe.fds[0], "pipe")->is_regular_file());

  std::FILE* file = std::tmpfile();
  REQUIRE(file != nullptr);
  CHECK(abp::make_fd_source(::fileno(file), "file")->can_stop_waiting());
  std::fclose(file);

  // Bytes in memory never wait, but their reader stays on the caller's thread: a small
  // input should not pay for one.
  CHECK_FALSE(abp::make_memory_source("a,b,c\n")->can_stop_waiting());
}

TEST_CASE("byte source: stop_waiting ends a pipe read that waits for its writer", "[byte_source]") {
  Ends pipe(Ends::kPipe);
  const auto source = abp::make_fd_source(pipe.fds[0], "pipe");
  char buffer[16];
  REQUIRE(::write(pipe.fds[1], "abc", 3) == 3);
  CHECK(source->read(buffer, sizeof buffer) == 3);  // input there: read as before

  // The writer stays, silent: the read waits until stop_waiting() is called elsewhere.
  auto waiting = std::async(std::launch::async, [&] { return source->read(buffer, 16); });
  CHECK(waiting.wait_for(std::chrono::milliseconds(100)) == std::future_status::timeout);
  source->stop_waiting();
  const bool ended = waiting.wait_for(std::chrono::seconds(10)) == std::future_status::ready;
  if (!ended) pipe.close_end(1);  // the end of input ends a read that still waits: fail, not hang
  CHECK(ended);
  CHECK(waiting.get() == 0);
  if (!ended) return;

  // From then on every read is the end, even with input there.
  REQUIRE(::write(pipe.fds[1], "def", 3) == 3);
  CHECK(source->read(buffer, sizeof buffer) == 0);
}

TEST_CASE("byte source: a pipe's end and its bytes reach the reader as before", "[byte_source]") {
  Ends pipe(Ends::kPipe);
  const auto source = abp::make_fd_source(pipe.fds[0], "pipe");
  REQUIRE(::write(pipe.fds[1], "xyz", 3) == 3);
  pipe.close_end(1);
  char buffer[16];
  CHECK(source->read(buffer, sizeof buffer) == 3);
  CHECK(std::string(buffer, 3) == "xyz");
  CHECK(source->read(buffer, sizeof buffer) == 0);
}

TEST_CASE("line source: a large stream is read by the block reader, which can be stopped",
          "[line_source][byte_source]") {
  // What the loader asks before it reads records on a second thread.
  Ends pair(Ends::kSocket);
  const std::string rows(3u << 20, '\n');  // past what is read ahead into memory
  std::thread writer([&] {
    send_all(pair.fds[1], rows);
    ::shutdown(pair.fds[1], SHUT_WR);
  });
  abp::LineSource large(abp::make_fd_source(pair.fds[0], "<stdin>"), "<stdin>");
  CHECK(large.can_stop_waiting());
  abp::PhysicalLine line;
  std::size_t lines = 0;
  while (large.next(line)) ++lines;
  writer.join();
  CHECK(lines == rows.size());

  // A stream read ahead whole into memory never waits, and fccp's reader cannot be stopped.
  Ends small(Ends::kPipe);
  REQUIRE(::write(small.fds[1], "a,b\n", 4) == 4);
  small.close_end(1);
  CHECK_FALSE(
      abp::LineSource(abp::make_fd_source(small.fds[0], "<stdin>"), "<stdin>").can_stop_waiting());
  CHECK_FALSE(
      abp::LineSource(abp::make_memory_source(rows), "mem.csv", abp::LineReading::kLineReader)
          .can_stop_waiting());
}

TEST_CASE("loader: a large stream gives the catalogue of the same bytes in memory",
          "[loader][byte_source]") {
  std::string csv = "author,title,publisher\n";
  for (int i = 0; i < 40000; ++i) {
    csv += "Author " + std::to_string(i % 997) + ",\"Title, " + std::to_string(i) + "\",Press " +
           std::to_string(i % 13) + "\n";
  }
  REQUIRE(csv.size() > (1u << 20));  // past what is read ahead into memory

  Ends pair(Ends::kSocket);
  std::thread writer([&] {
    send_all(pair.fds[1], csv);
    ::shutdown(pair.fds[1], SHUT_WR);
  });
  const abp::Catalogue from_stream =
      abp::load_catalogue(abp::make_fd_source(pair.fds[0], "<stdin>"), "<stdin>", {})
          .catalogue.finish();
  writer.join();
  CHECK(abp_test::triples(from_stream) == abp_test::triples(abp_test::catalogue_from(csv)));
}

TEST_CASE("loader: an error in a stream whose writer goes on ends the load at once",
          "[loader][byte_source]") {
  // A bad record early, then more than the MiB read ahead, and the writer keeps its end open
  // until the load has returned: the reading thread must not be left waiting for it.
  std::string csv = "author,title,publisher\nonly,two\n";
  while (csv.size() < (3u << 20)) csv += "An Author,A Title,A Press\n";

  Ends pair(Ends::kSocket);
  std::promise<void> released;
  std::thread writer([&, done = released.get_future()] {
    send_all(pair.fds[1], csv);
    done.wait();
    ::shutdown(pair.fds[1], SHUT_WR);  // the end of the stream
  });
  auto load = std::async(std::launch::async, [&] {
    return abp_test::error_of(
        [&] { abp::load_catalogue(abp::make_fd_source(pair.fds[0], "<stdin>"), "<stdin>", {}); });
  });
  const bool ended = load.wait_for(std::chrono::seconds(20)) == std::future_status::ready;
  // Let the writer end its stream, so that even a load that waits for it returns. A load that
  // has returned reads no more: close its end, or the writer's send() would wait for it.
  released.set_value();
  if (ended) pair.close_end(0);
  load.wait();
  writer.join();
  CHECK(ended);
  const abp::Error error = load.get();
  CHECK(error.code() == abp::ExitCode::kDataErr);
  CHECK(error.line() == 2);
}
