#include "tokenizers/base/atomic_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>

#include "absl/strings/str_format.h"

namespace tokenmill {
namespace {

// The temporary file being written, for the signal handler (async-signal-safe: a fixed
// buffer and unlink).
char g_temp_path[4096];
std::atomic<bool> g_temp_active{false};
struct sigaction g_old_int, g_old_term;

void RemoveTempAndReraise(int sig) {
  if (g_temp_active.load()) unlink(g_temp_path);
  sigaction(SIGINT, &g_old_int, nullptr);
  sigaction(SIGTERM, &g_old_term, nullptr);
  raise(sig);
}

class TempFileGuard {
 public:
  explicit TempFileGuard(const std::string& temp) {
    std::snprintf(g_temp_path, sizeof g_temp_path, "%s", temp.c_str());
    g_temp_active.store(true);
    struct sigaction action {};
    action.sa_handler = RemoveTempAndReraise;
    sigemptyset(&action.sa_mask);
    sigaction(SIGINT, &action, &g_old_int);
    sigaction(SIGTERM, &action, &g_old_term);
  }
  ~TempFileGuard() {
    g_temp_active.store(false);
    sigaction(SIGINT, &g_old_int, nullptr);
    sigaction(SIGTERM, &g_old_term, nullptr);
  }
};

absl::Status WriteAll(int fd, std::string_view contents) {
  while (!contents.empty()) {
    const ssize_t n = write(fd, contents.data(), contents.size());
    if (n < 0) {
      if (errno == EINTR) continue;
      return absl::DataLossError(std::strerror(errno));
    }
    contents.remove_prefix(static_cast<size_t>(n));
  }
  return absl::OkStatus();
}

// Writes straight into something that is not a regular file (/dev/null, /dev/stdout, a FIFO):
// renaming over it would replace the device.
absl::Status WriteInPlace(const std::string& path, std::string_view contents) {
  const int fd = open(path.c_str(), O_WRONLY | O_CLOEXEC);
  if (fd < 0) {
    return absl::PermissionDeniedError(
        absl::StrFormat("%s: cannot write file: %s", path, std::strerror(errno)));
  }
  absl::Status status = WriteAll(fd, contents);
  close(fd);
  if (!status.ok()) {
    return absl::Status(status.code(),
                        absl::StrFormat("%s: write failed: %s", path, status.message()));
  }
  return absl::OkStatus();
}

}  // namespace

absl::Status WriteFileAtomically(const std::string& requested, std::string_view contents) {
  // A symlink is followed (the link stays, its target is replaced).
  std::string path = requested;
  if (char* resolved = realpath(requested.c_str(), nullptr)) {
    path = resolved;
    free(resolved);
  }
  struct stat st;
  if (stat(path.c_str(), &st) == 0 && !S_ISREG(st.st_mode)) {
    if (S_ISDIR(st.st_mode)) {
      return absl::InvalidArgumentError(absl::StrFormat("%s: is a directory", requested));
    }
    return WriteInPlace(path, contents);
  }
  const std::string temp = absl::StrFormat("%s.tmp-%d", path, getpid());
  TempFileGuard guard(temp);
  const int fd = open(temp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) {
    return absl::PermissionDeniedError(
        absl::StrFormat("%s: cannot write file: %s", path, std::strerror(errno)));
  }
  absl::Status status = WriteAll(fd, contents);
  if (status.ok() && fsync(fd) != 0) status = absl::DataLossError(std::strerror(errno));
  if (close(fd) != 0 && status.ok()) status = absl::DataLossError(std::strerror(errno));
  if (status.ok() && rename(temp.c_str(), path.c_str()) != 0) {
    status = absl::PermissionDeniedError(std::strerror(errno));
  }
  if (!status.ok()) {
    unlink(temp.c_str());
    return absl::Status(status.code(),
                        absl::StrFormat("%s: write failed: %s", path, status.message()));
  }
  return absl::OkStatus();
}

}  // namespace tokenmill
