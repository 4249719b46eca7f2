#include "server/warning_throttle.h"

#include <fmt/format.h>

namespace acctseg::server {

WarningThrottle::WarningThrottle(Write write, int64_t interval_ms)
    : write_(std::move(write)), interval_ms_(interval_ms) {}

void WarningThrottle::Warn(const std::string& line, int64_t now_ms) {
  std::string text;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (written_ && now_ms - last_written_ms_ < interval_ms_) {
      ++suppressed_;
      return;
    }
    text = suppressed_ == 0 ? line
                            : fmt::format("{} ({} more like it since the last one not shown)", line,
                                          suppressed_);
    written_ = true;
    last_written_ms_ = now_ms;
    suppressed_ = 0;
  }
  write_(text);  // outside the lock: a slow stderr holds no other caller
}

}  // namespace acctseg::server
