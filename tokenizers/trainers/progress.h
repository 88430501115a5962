// Progress of a long job on stderr: phase, items done (of a total when known), rate and ETA,
// redrawn in place a few times a second. Silent when asked (--quiet) or when stderr is not a
// terminal; the one-line summaries (Note) are printed unless quiet.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <mutex>
#include <string>
#include <string_view>

namespace tokenmill {

class Progress {
 public:
  enum class Mode { kAuto, kAlways, kQuiet };
  // kAuto draws only when stderr is a terminal (summaries are printed either way).
  explicit Progress(Mode mode = Mode::kAuto);
  // A reporter that prints nothing at all.
  static Progress& Silent();

  // Starts a phase; `total` 0 means unknown. `unit` names the items ("lines", "MB", "merges");
  // `scale` divides counts for display (1e6 for bytes shown as MB).
  void Start(std::string_view phase, uint64_t total, std::string_view unit, double scale = 1);
  // Thread-safe; redraws at most every 200 ms.
  void Advance(uint64_t n = 1);
  void Set(uint64_t done);
  // Ends the phase: a final line with the items, the time and the rate.
  void Finish();
  // A summary or warning line (not drawn in place), unless quiet.
  void Note(std::string_view line);

  bool drawing() const { return draw_; }
  bool quiet() const { return quiet_; }

 private:
  void Draw(bool final_line);

  bool draw_ = false;
  bool quiet_ = false;
  std::string phase_;
  std::string unit_;
  double scale_ = 1;
  uint64_t total_ = 0;
  std::atomic<uint64_t> done_{0};
  std::atomic<int64_t> next_draw_ns_{0};
  std::chrono::steady_clock::time_point start_;
  std::mutex draw_mutex_;
};

}  // namespace tokenmill
