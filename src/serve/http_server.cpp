// The one file that sees the HTTP library (cpp-httplib 0.11, Debian's libcpp-httplib-dev).
//
// Debian ships the library compiled, so its compile-time limits are fixed (8 KiB request
// line, 8 KiB header line, 8 KiB urlencoded form, listen backlog 5, select(2)). Everything
// else is set here, and the connections are run here rather than by the library, which would
// hold a thread per idle keep-alive connection (polling every 10 ms) for as long as the
// keep-alive lasts and give a client that sends one byte every few seconds a thread for ever:
// - each connection reads through Connection below: a deadline for the whole request, a
//   silence limit per read, a byte budget per request;
// - between requests a connection waits without a thread being busy-polled, and gives its
//   thread up as soon as another connection waits for one;
// - the pool grows with the connections, up to kMostThreads.
// This file is the HTTP module, abp-http.so (include/abp/serve/http_module.hpp): it reaches
// abp only through the HttpHost it is given, and exports abp_http_module_serve and
// abp_http_module_stamp.
#include "abp/serve/http_module.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <pthread.h>
#include <sys/socket.h>
#include <unistd.h>

#include <httplib.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <chrono>
#include <condition_variable>
#include <csignal>
#include <ctime>
#include <deque>
#include <mutex>
#include <thread>
#include <vector>

#include <fmt/format.h>

namespace abp {
namespace {

using Clock = std::chrono::steady_clock;

constexpr int kKeepAliveSeconds = 5;              // an idle connection waits this long at most
constexpr std::size_t kKeepAliveRequests = 1000;  // then it is closed and opened again
constexpr int kSilenceMs = 5000;     // a request that stops coming this long is dropped
constexpr int kRequestSeconds = 10;  // the whole request, head and body
constexpr int kWriteMs = 5000;       // a client that stops reading the answer
constexpr std::size_t kRequestBytes = 128 * 1024;  // head and body of one request
constexpr std::size_t kMostThreads = 256;
constexpr int kBacklog = 1024;

// Set while a request is answered when its connection must not be used again: a malformed
// or refused request whose rest was not read. Read by the connection's loop on this thread.
thread_local bool t_close_connection = false;

// A thread pool that grows while connections wait for a thread, up to kMostThreads.
class ConnectionPool final : public httplib::TaskQueue {
 public:
  void enqueue(std::function<void()> job) override {
    std::lock_guard<std::mutex> lock(mutex_);
    jobs_.push_back(std::move(job));
    waiting_ = jobs_.size();
    if (idle_ < jobs_.size() && threads_.size() < kMostThreads) {
      threads_.emplace_back([this] { work(); });
    } else {
      ready_.notify_one();
    }
  }

  void shutdown() override {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      stopping_ = true;
    }
    ready_.notify_all();
    for (std::thread& thread : threads_) thread.join();
  }

  /// True while a connection waits for a thread: idle ones should give theirs up.
  bool crowded() const { return waiting_.load(std::memory_order_relaxed) > 0; }

 private:
  void work() {
    for (;;) {
      std::function<void()> job;
      {
        std::unique_lock<std::mutex> lock(mutex_);
        ++idle_;
        ready_.wait(lock, [this] { return stopping_ || !jobs_.empty(); });
        --idle_;
        if (jobs_.empty()) return;  // stopping, and nothing left to do
        job = std::move(jobs_.front());
        jobs_.pop_front();
        waiting_ = jobs_.size();
      }
      job();
    }
  }

  std::mutex mutex_;
  std::condition_variable ready_;
  std::deque<std::function<void()>> jobs_;
  std::vector<std::thread> threads_;
  std::size_t idle_ = 0;
  bool stopping_ = false;
  std::atomic<std::size_t> waiting_{0};
};

// Waits up to `ms` for `events` on `sock`; false on timeout or error.
bool wait_for(int sock, short events, int ms) {
  pollfd fd{sock, events, 0};
  for (;;) {
    const int n = ::poll(&fd, 1, ms);
    if (n > 0) return true;
    if (n == 0 || errno != EINTR) return false;
  }
}

void address_of(int sock, bool peer, std::string& ip, int& port) {
  sockaddr_storage address{};
  socklen_t length = sizeof address;
  auto* raw = reinterpret_cast<sockaddr*>(&address);
  if ((peer ? ::getpeername(sock, raw, &length) : ::getsockname(sock, raw, &length)) != 0) return;
  char text[INET6_ADDRSTRLEN] = {};
  if (address.ss_family == AF_INET) {
    const auto* v4 = reinterpret_cast<const sockaddr_in*>(&address);
    ::inet_ntop(AF_INET, &v4->sin_addr, text, sizeof text);
    port = ntohs(v4->sin_port);
  } else if (address.ss_family == AF_INET6) {
    const auto* v6 = reinterpret_cast<const sockaddr_in6*>(&address);
    ::inet_ntop(AF_INET6, &v6->sin6_addr, text, sizeof text);
    port = ntohs(v6->sin6_port);
  }
  ip = text;
}

// One client connection as the library reads and writes it, with the limits above.
class Connection final : public httplib::Stream {
 public:
  explicit Connection(int sock) : sock_(sock) {
    address_of(sock, true, remote_ip_, remote_port_);
    address_of(sock, false, local_ip_, local_port_);
  }

  // A new request begins: its deadline and byte budget start now.
  void start_request() {
    deadline_ = Clock::now() + std::chrono::seconds(kRequestSeconds);
    budget_ = kRequestBytes;
  }
  bool has_buffered() const { return at_ < size_; }

  bool is_readable() const override {
    return has_buffered() || wait_for(sock_, POLLIN, kSilenceMs);
  }
  bool is_writable() const override { return wait_for(sock_, POLLOUT, kWriteMs); }

  ssize_t read(char* out, size_t size) override {
    if (!has_buffered()) {
      if (budget_ == 0) return -1;
      const auto left =
          std::chrono::duration_cast<std::chrono::milliseconds>(deadline_ - Clock::now());
      const int wait = static_cast<int>(std::min<long long>(kSilenceMs, left.count()));
      if (wait <= 0 || !wait_for(sock_, POLLIN, wait)) return -1;
      ssize_t n;
      do {
        n = ::recv(sock_, buffer_, std::min(sizeof buffer_, budget_), 0);
      } while (n < 0 && errno == EINTR);
      if (n <= 0) return n;
      budget_ -= static_cast<std::size_t>(n);
      at_ = 0;
      size_ = static_cast<std::size_t>(n);
    }
    const std::size_t n = std::min(size, size_ - at_);
    std::memcpy(out, buffer_ + at_, n);
    at_ += n;
    return static_cast<ssize_t>(n);
  }

  ssize_t write(const char* data, size_t size) override {
    if (!wait_for(sock_, POLLOUT, kWriteMs)) return -1;
    ssize_t n;
    do {
      n = ::send(sock_, data, size, MSG_NOSIGNAL);
    } while (n < 0 && errno == EINTR);
    return n;
  }

  void get_remote_ip_and_port(std::string& ip, int& port) const override {
    ip = remote_ip_;
    port = remote_port_;
  }
  void get_local_ip_and_port(std::string& ip, int& port) const override {
    ip = local_ip_;
    port = local_port_;
  }
  socket_t socket() const override { return sock_; }

 private:
  int sock_;
  char buffer_[16 * 1024];
  std::size_t at_ = 0;
  std::size_t size_ = 0;
  std::size_t budget_ = kRequestBytes;
  Clock::time_point deadline_ = Clock::now();
  std::string remote_ip_;
  std::string local_ip_;
  int remote_port_ = 0;
  int local_port_ = 0;
};

// The library's server with abp's connection handling (see the top of this file).
class Server final : public httplib::Server {
 public:
  Server() {
    new_task_queue = [this] {
      auto* pool = new ConnectionPool;
      pool_ = pool;
      return pool;
    };
  }

  // The library listens with a backlog of 5 (compiled in): a burst of connections would
  // see their SYNs dropped and wait a second to retry. Listening again raises it.
  void raise_backlog() { ::listen(svr_sock_, kBacklog); }

 private:
  bool stopping() const { return svr_sock_ == INVALID_SOCKET; }

  // Waits for the next request on an idle connection, giving up when the keep-alive time is
  // over, the server stops, or another connection waits for a thread. A new connection's
  // first request gets kFirstRequestMs even then: its client is still sending it.
  bool next_request_comes(int sock, bool first) const {
    constexpr int kStepMs = 50;
    constexpr int kFirstRequestMs = 1000;
    for (int waited = 0; waited < kKeepAliveSeconds * 1000; waited += kStepMs) {
      if (wait_for(sock, POLLIN, kStepMs)) return true;
      if (stopping()) return false;
      const ConnectionPool* pool = pool_.load();
      if (pool != nullptr && pool->crowded() && (!first || waited >= kFirstRequestMs)) {
        return false;
      }
    }
    return false;
  }

  bool process_and_close_socket(socket_t sock) override {
    // An answer goes out in several writes: with Nagle's algorithm the next waits for the
    // client's delayed ACK (hundreds of requests a second, not tens of thousands). Set on each
    // connection here; the library's set_tcp_nodelay sets only the listening socket.
    const int on = 1;
    ::setsockopt(sock, IPPROTO_TCP, TCP_NODELAY, &on, sizeof on);
    bool ok = true;
    try {
      Connection connection(sock);
      for (std::size_t served = 0; served < kKeepAliveRequests; ++served) {
        if (!connection.has_buffered() && !next_request_comes(sock, served == 0)) break;
        connection.start_request();
        t_close_connection = false;
        const bool last = served + 1 == kKeepAliveRequests || stopping();
        bool closed = false;
        ok = process_request(connection, last, closed, nullptr);
        if (!ok || closed || last || t_close_connection) break;
      }
    } catch (...) {
      ok = false;  // nothing more can be said on this connection
    }
    // Closing with unread bytes would reset the connection, and the client might lose the
    // answer (a 413 for a body it is still sending): stop writing, read what still comes for
    // a moment, then close.
    ::shutdown(sock, SHUT_WR);
    char sink[16 * 1024];
    std::size_t drained = 0;
    const auto until = Clock::now() + std::chrono::seconds(1);
    while (drained < (16u << 20) && Clock::now() < until && wait_for(sock, POLLIN, 200)) {
      const ssize_t n = ::recv(sock, sink, sizeof sink, 0);
      if (n <= 0) break;
      drained += static_cast<std::size_t>(n);
    }
    ::close(sock);
    return ok;
  }

  std::atomic<const ConnectionPool*> pool_{nullptr};
};

HttpRequest to_request(const httplib::Request& request) {
  HttpRequest out;
  out.method = request.method;
  const std::size_t query = request.target.find('?');
  out.path = request.target.substr(0, query);
  if (query != std::string::npos) out.query = request.target.substr(query + 1);
  for (const auto& [name, value] : request.headers) {
    // The library adds these for handlers; a client's own would be taken for them.
    if (name == "REMOTE_ADDR" || name == "REMOTE_PORT" || name == "LOCAL_ADDR" ||
        name == "LOCAL_PORT") {
      continue;
    }
    out.headers.emplace_back(name, value);
  }
  out.remote_address = request.remote_addr;
  return out;
}

bool has_body(const httplib::Request& request) {
  return request.has_header("Transfer-Encoding") ||
         request.get_header_value<std::uint64_t>("Content-Length") > 0;
}

void apply(const HttpHost& app, HttpResponse response, httplib::Response& out) {
  out.status = response.status;
  for (const auto& [name, value] : response.headers) out.set_header(name, value);
  if (t_close_connection) out.set_header("Connection", "close");
  if (response.stream) {
    out.set_chunked_content_provider(
        response.content_type,
        [&app, stream = std::move(response.stream)](std::size_t, httplib::DataSink& sink) {
          const bool whole = app.stream(stream, [&sink](std::string_view bytes) {
            return sink.write(bytes.data(), bytes.size());
          });
          if (!whole) return false;  // the client went away
          sink.done();
          return true;
        });
  } else {
    out.set_content(response.body, response.content_type);
  }
}

// The message for a refusal the library made itself (its body is empty).
const char* library_refusal(int status) {
  switch (status) {
    case 400:
      return "the request could not be read: it is not well-formed HTTP, or its head is over "
             "128 KiB";
    case 413:
      return "the request body is over 64 KiB";
    case 414:
      return "the address is over 8 KiB long";
    case 415:
      return "the request body is compressed in a way this server does not read";
    case 416:
      return "the Range header asks for bytes this answer does not have";
    default:
      return "the request was refused";
  }
}

// One line in the common log format:
// 127.0.0.1 - - [02/Dec/2026:10:00:00 +0000] "GET / HTTP/1.1" 200 2326
std::string access_line(const HttpHost& app, const httplib::Request& request,
                        const httplib::Response& response) {
  char when[64] = "-";
  const std::time_t now = std::time(nullptr);
  std::tm local{};
  if (::localtime_r(&now, &local) != nullptr) {
    std::strftime(when, sizeof when, "%d/%b/%Y:%H:%M:%S %z", &local);
  }
  std::string line = request.remote_addr.empty() ? "-" : request.remote_addr;
  line += " - - [";
  line += when;
  line += "] \"";
  std::string request_line = request.method.empty()
                                 ? std::string("-")
                                 : request.method + " " + request.target + " " + request.version;
  if (request_line.size() > 2000) request_line = request_line.substr(0, 2000) + "...";
  for (const char c : request_line) {
    if (c == '"' || c == '\\') line += '\\';
    line += c;
  }
  std::string safe = app.terminal_safe(line);
  safe += fmt::format("\" {} ", response.status);
  safe += response.body.empty() ? std::string("-") : std::to_string(response.body.size());
  safe += '\n';
  return safe;
}

void write_stderr(const std::string& line) {
  [[maybe_unused]] const ssize_t n = ::write(STDERR_FILENO, line.data(), line.size());
}

// `options.host` is an address (HttpServer::run checks it): never a name to look up.
void serve(const HttpHost& app, const HttpServerOptions& options) {
  // SIGINT and SIGTERM are taken by a thread of our own (sigwait), not by a handler: every
  // thread started from here on inherits the blocked set.
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGINT);
  sigaddset(&stop_signals, SIGTERM);
  sigaddset(&stop_signals, SIGUSR1);  // our own: the server ended without a signal
  sigset_t old_mask;
  pthread_sigmask(SIG_BLOCK, &stop_signals, &old_mask);
  struct RestoreMask {
    sigset_t mask;
    ~RestoreMask() { pthread_sigmask(SIG_SETMASK, &mask, nullptr); }
  } restore{old_mask};

  Server server;
  // The library's default also sets SO_REUSEPORT, which lets a second server take the same
  // port and share its connections: a port in use must be an error instead.
  server.set_socket_options([](socket_t sock) {
    const int on = 1;
    ::setsockopt(sock, SOL_SOCKET, SO_REUSEADDR, &on, sizeof on);
  });
  server.set_payload_max_length(kMaxBody);
  // process_and_close_socket() above keeps connections alive itself; the library still words
  // the Keep-Alive header of each answer from these, which must say what that loop does.
  server.set_keep_alive_timeout(kKeepAliveSeconds);
  server.set_keep_alive_max_count(kKeepAliveRequests);
  server.set_read_timeout(kSilenceMs / 1000, 0);
  server.set_write_timeout(kWriteMs / 1000, 0);
  server.set_default_headers({
      {"Content-Security-Policy",
       "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; form-action 'self'; "
       "base-uri 'none'; frame-ancestors 'none'"},
      {"X-Content-Type-Options", "nosniff"},
      {"Referrer-Policy", "same-origin"},
      {"X-Frame-Options", "DENY"},
      {"Cache-Control", "no-store"},
  });
  // Every method but POST is answered here, before the library would read a body into
  // memory without a limit (a chunked one has none): such a request's connection is closed.
  server.set_pre_routing_handler(
      [&app](const httplib::Request& request, httplib::Response& response) {
        if (request.method == "POST") return httplib::Server::HandlerResponse::Unhandled;
        if (has_body(request)) t_close_connection = true;
        apply(app, app.handle(to_request(request)), response);
        return httplib::Server::HandlerResponse::Handled;
      });
  server.Post(".*", [&app](const httplib::Request& request, httplib::Response& response,
                           const httplib::ContentReader& read_body) {
    HttpRequest in = to_request(request);
    if (request.is_multipart_form_data()) {
      t_close_connection = true;
      apply(app,
            app.refuse(in, 415,
                       "send the fields urlencoded (application/x-www-form-urlencoded), not "
                       "as multipart"),
            response);
      return;
    }
    bool too_big = false;
    const bool read = read_body([&](const char* data, std::size_t size) {
      if (in.body.size() + size > kMaxBody) {
        too_big = true;
        return false;
      }
      in.body.append(data, size);
      return true;
    });
    if (!read) {
      t_close_connection = true;
      const bool over = too_big || response.status == 413;
      apply(app,
            app.refuse(
                in, over ? 413 : 400,
                over ? "the request body is over 64 KiB" : "the request body could not be read"),
            response);
      return;
    }
    apply(app, app.handle(in), response);
  });
  // curl and others ask before sending a large body: refuse one over the limit before it comes.
  server.set_expect_100_continue_handler(
      [](const httplib::Request& request, httplib::Response& response) {
        if (request.get_header_value<std::uint64_t>("Content-Length") > kMaxBody) {
          t_close_connection = true;
          response.status = 413;  // 0.11 writes the response's status, not the one returned
          return 413;
        }
        return 100;
      });
  server.set_error_handler(httplib::Server::HandlerWithResponse(
      [&app](const httplib::Request& request, httplib::Response& response) {
        if (!response.body.empty()) return httplib::Server::HandlerResponse::Unhandled;
        t_close_connection = true;  // the rest of this connection's bytes cannot be trusted
        HttpResponse refusal =
            app.refuse(to_request(request), response.status, library_refusal(response.status));
        response.set_content(refusal.body, refusal.content_type);
        response.set_header("Connection", "close");
        return httplib::Server::HandlerResponse::Handled;
      }));
  server.set_exception_handler(
      [&app](const httplib::Request& request, httplib::Response& response, std::exception_ptr) {
        t_close_connection = true;
        apply(app,
              app.refuse(to_request(request), 500,
                         "something went wrong in the server; nothing was changed"),
              response);
      });
  if (!options.quiet) {
    server.set_logger([&app](const httplib::Request& request, const httplib::Response& response) {
      write_stderr(access_line(app, request, response));
    });
  }

  int port = options.port;
  errno = 0;
  const bool bound = port == 0 ? (port = server.bind_to_any_port(options.host)) > 0
                               : server.bind_to_port(options.host, port);
  if (!bound) {
    const int err = errno;
    const std::string where = fmt::format("{}:{}", options.host, options.port);
    if (err == EADDRINUSE) {
      app.fail(ExitCode::kTempFail,
               fmt::format("abp serve: {} is in use: stop what listens there, or choose "
                           "another --port (0 picks a free one)",
                           where));
    }
    app.fail(err == EACCES ? ExitCode::kCantCreate : ExitCode::kIoErr,
             fmt::format("abp serve: cannot listen on {}: {}", where,
                         err == 0 ? std::string("unknown error") : app.errno_text(err)));
  }
  server.raise_backlog();
  app.ready(port);

  std::atomic<bool> done{false};
  std::thread waiter([&] {
    int signal = 0;
    sigwait(&stop_signals, &signal);
    if (signal == SIGUSR1) return;
    // listen_after_bind() may not have started yet, and stop() before it does nothing.
    while (!server.is_running() && !done.load()) {
      std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
    if (!done.load()) server.stop();
  });
  server.listen_after_bind();
  done = true;
  pthread_kill(waiter.native_handle(), SIGUSR1);
  waiter.join();
  // A second Ctrl-C, or our own wake-up, may still be pending: taken here, it cannot end the
  // process when the old mask comes back.
  const timespec now{0, 0};
  while (sigtimedwait(&stop_signals, nullptr, &now) > 0) {
  }
}

}  // namespace
}  // namespace abp

// What abp finds with dlsym (http_module.hpp). Nothing else of this module is visible.
extern "C" __attribute__((visibility("default"))) const abp::HttpModuleStamp abp_http_module_stamp =
    abp::http_module_stamp(ABP_VERSION_STRING);

extern "C" __attribute__((visibility("default"))) void abp_http_module_serve(
    const abp::HttpHost& host, const abp::HttpServerOptions& options) {
  abp::serve(host, options);
}
