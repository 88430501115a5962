// Writing output files all at once: the bytes go to a temporary file next to the target, which
// is renamed over it only when complete. An interrupted run (error, Ctrl-C, SIGTERM) leaves the
// old file, or none, never a half-written one. A symlink is followed; something that is not a
// regular file (/dev/null, /dev/stdout, a FIFO) is written in place, never replaced.
#pragma once

#include <string>
#include <string_view>

#include "absl/status/status.h"

namespace tokenmill {

// Errors name `path`.
absl::Status WriteFileAtomically(const std::string& path, std::string_view contents);

}  // namespace tokenmill
