#include "common/signal_points.h"

#include <atomic>
#include <csignal>
#include <cstdlib>
#include <string>

namespace acctseg {
namespace {

struct SignalPlan {
  bool armed = false;
  std::string point;
  long occurrence = 1;
  int signal = 0;
  std::atomic<long> seen{0};
};

SignalPlan& Plan() {
  static SignalPlan* plan = [] {
    auto* p = new SignalPlan;
    const char* spec = std::getenv("ACCTSEG_TEST_SIGNAL_AT");
    if (spec == nullptr) return p;
    std::string text = spec;
    size_t colon = text.rfind(':');
    if (colon == std::string::npos) return p;
    std::string name = text.substr(colon + 1);
    p->signal = name == "INT" ? SIGINT : name == "TERM" ? SIGTERM : name == "KILL" ? SIGKILL : 0;
    p->point = text.substr(0, colon);
    size_t hash = p->point.find('#');
    if (hash != std::string::npos) {
      p->occurrence = std::atol(p->point.c_str() + hash + 1);
      p->point.resize(hash);
    }
    p->armed = p->signal != 0 && p->occurrence > 0;
    return p;
  }();
  return *plan;
}

}  // namespace

bool SignalPointsArmed() { return Plan().armed; }

void SignalPoint(std::string_view point) {
  SignalPlan& plan = Plan();
  if (!plan.armed || point != plan.point) return;
  if (plan.seen.fetch_add(1) + 1 == plan.occurrence) std::raise(plan.signal);
}

}  // namespace acctseg
