// An LD_PRELOAD library for tests/scripts/io_faults.sh: it makes the file-system calls the
// appender relies on fail as a failing disk would, so the test can check that every failure
// is undone or reported truthfully (SQLite's I/O-error tests, scaled to abp).
//
// ABP_FAULT is a comma-separated list of:
//   write_eio      write(2) or pwrite(2) to a file fails with EIO, nothing written
//   short_write    the first write(2) to a file takes half the bytes, later ones fail (EIO)
//   fsync_eio      fsync(2) or fdatasync(2) fails with EIO (after the data reached the file)
//   ftruncate_eio  ftruncate(2) fails with EIO (the undo of a failed append)
//   pause_mid_write  a write(2) of more than one byte to a file writes half, waits 1.5 s, then
//                  writes the rest: the moment a SIGKILL can cut a write between two pages
// Only regular files abp opened itself are affected: standard input, output and error (which a
// test may redirect to files) work as usual.
#include <dlfcn.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>

namespace {

bool faulty(const char* name) {
  const char* list = std::getenv("ABP_FAULT");
  if (list == nullptr) return false;
  const std::size_t n = std::strlen(name);
  for (const char* p = list; (p = std::strstr(p, name)) != nullptr; p += n) {
    const bool starts = p == list || p[-1] == ',';
    const bool ends = p[n] == '\0' || p[n] == ',';
    if (starts && ends) return true;
  }
  return false;
}

bool data_file(int fd) {
  struct stat st {};
  return fd > STDERR_FILENO && ::fstat(fd, &st) == 0 && S_ISREG(st.st_mode);
}

template <typename Function>
Function next(const char* name) {
  return reinterpret_cast<Function>(::dlsym(RTLD_NEXT, name));
}

int fail_with(int err) {
  errno = err;
  return -1;
}

}  // namespace

extern "C" ssize_t write(int fd, const void* buffer, std::size_t size) {
  static const auto real = next<ssize_t (*)(int, const void*, std::size_t)>("write");
  static int writes = 0;
  if (data_file(fd)) {
    if (faulty("write_eio")) return fail_with(EIO);
    if (faulty("pause_mid_write") && size > 1) {
      const ssize_t first = real(fd, buffer, size / 2);
      if (first <= 0) return first;
      ::usleep(1500 * 1000);
      const auto done = static_cast<std::size_t>(first);
      const ssize_t rest = real(fd, static_cast<const char*>(buffer) + done, size - done);
      return rest < 0 ? first : first + rest;
    }
    if (faulty("short_write")) {
      if (writes++ == 0 && size > 1) return real(fd, buffer, size / 2);
      return fail_with(EIO);
    }
  }
  return real(fd, buffer, size);
}

// SQLite writes its pages with pwrite and syncs with fdatasync.
extern "C" ssize_t pwrite(int fd, const void* buffer, std::size_t size, off_t offset) {
  static const auto real = next<ssize_t (*)(int, const void*, std::size_t, off_t)>("pwrite");
  if (faulty("write_eio") && data_file(fd)) return fail_with(EIO);
  return real(fd, buffer, size, offset);
}

extern "C" ssize_t pwrite64(int fd, const void* buffer, std::size_t size, off64_t offset) {
  static const auto real = next<ssize_t (*)(int, const void*, std::size_t, off64_t)>("pwrite64");
  if (faulty("write_eio") && data_file(fd)) return fail_with(EIO);
  return real(fd, buffer, size, offset);
}

extern "C" int fdatasync(int fd) {
  static const auto real = next<int (*)(int)>("fdatasync");
  if (faulty("fsync_eio") && data_file(fd)) return fail_with(EIO);
  return real(fd);
}

extern "C" int fsync(int fd) {
  static const auto real = next<int (*)(int)>("fsync");
  if (faulty("fsync_eio") && data_file(fd)) return fail_with(EIO);
  return real(fd);
}

extern "C" int ftruncate(int fd, off_t length) {
  static const auto real = next<int (*)(int, off_t)>("ftruncate");
  if (faulty("ftruncate_eio")) return fail_with(EIO);
  return real(fd, length);
}
