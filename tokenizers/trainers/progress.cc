#include "tokenizers/trainers/progress.h"

#include <unistd.h>

#include <cstdio>

#include "absl/strings/str_format.h"

namespace tokenmill {
namespace {

constexpr int64_t kRedrawNs = 200'000'000;

int64_t NowNs() {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(
             std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

std::string FormatSeconds(double s) {
  if (s < 60) return absl::StrFormat("%.1fs", s);
  const int64_t total = static_cast<int64_t>(s + 0.5);
  if (total < 3600) return absl::StrFormat("%dm%02ds", total / 60, total % 60);
  return absl::StrFormat("%dh%02dm", total / 3600, (total % 3600) / 60);
}

std::string FormatCount(double v) {
  if (v >= 100) return absl::StrFormat("%.0f", v);
  return absl::StrFormat("%.1f", v);
}

// Resident memory now, in MB (0 if unknown).
double ResidentMb() {
  std::FILE* f = std::fopen("/proc/self/statm", "r");
  if (f == nullptr) return 0;
  long pages = 0, resident = 0;
  const int n = std::fscanf(f, "%ld %ld", &pages, &resident);
  std::fclose(f);
  return n == 2 ? resident * (sysconf(_SC_PAGE_SIZE) / 1e6) : 0;
}

}  // namespace

Progress::Progress(Mode mode) {
  quiet_ = mode == Mode::kQuiet;
  draw_ = mode == Mode::kAlways || (mode == Mode::kAuto && isatty(STDERR_FILENO));
}

Progress& Progress::Silent() {
  static Progress* silent = new Progress(Mode::kQuiet);
  return *silent;
}

void Progress::Start(std::string_view phase, uint64_t total, std::string_view unit, double scale) {
  std::lock_guard<std::mutex> lock(draw_mutex_);
  phase_ = std::string(phase);
  unit_ = std::string(unit);
  scale_ = scale;
  total_ = total;
  done_.store(0);
  start_ = std::chrono::steady_clock::now();
  next_draw_ns_.store(NowNs());
}

void Progress::Advance(uint64_t n) {
  const uint64_t done = done_.fetch_add(n, std::memory_order_relaxed) + n;
  (void)done;
  if (!draw_) return;
  const int64_t now = NowNs();
  int64_t next = next_draw_ns_.load(std::memory_order_relaxed);
  if (now < next) return;
  if (!next_draw_ns_.compare_exchange_strong(next, now + kRedrawNs)) return;
  Draw(false);
}

void Progress::Set(uint64_t done) {
  const uint64_t before = done_.load(std::memory_order_relaxed);
  if (done > before) Advance(done - before);
}

void Progress::Finish() {
  if (quiet_) return;
  if (draw_) {
    Draw(true);
    return;
  }
}

void Progress::Note(std::string_view line) {
  if (quiet_) return;
  std::lock_guard<std::mutex> lock(draw_mutex_);
  std::fprintf(stderr, "%s%.*s\n", draw_ ? "\r\033[K" : "", static_cast<int>(line.size()),
               line.data());
  std::fflush(stderr);
}

void Progress::Draw(bool final_line) {
  std::lock_guard<std::mutex> lock(draw_mutex_);
  const double elapsed =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
  const double done = static_cast<double>(done_.load(std::memory_order_relaxed));
  const double rate = elapsed > 0 ? done / elapsed : 0;
  std::string line = absl::StrFormat("%-16s %s", phase_, FormatCount(done / scale_));
  if (total_ > 0) line += absl::StrFormat("/%s", FormatCount(total_ / scale_));
  line += absl::StrFormat(" %s  %s %s/s", unit_, FormatCount(rate / scale_), unit_);
  if (final_line) {
    line += absl::StrFormat("  in %s  (RSS %.0f MB)", FormatSeconds(elapsed), ResidentMb());
  } else if (total_ > 0 && rate > 0 && done < total_) {
    line += absl::StrFormat("  ETA %s", FormatSeconds((total_ - done) / rate));
  }
  std::fprintf(stderr, "\r\033[K%s%s", line.c_str(), final_line ? "\n" : "");
  std::fflush(stderr);
}

}  // namespace tokenmill
