// Wording and number formats shared by the lift renderers (text, CSV,
// HTML), so a finding reads the same everywhere. Internal to lift_*.cc.
#pragma once

#include <cstdint>
#include <string>

#include "learn/lift.h"

namespace acctseg::learn {

// 0.3124 -> "31.2%".
std::string Percent(double rate);
// 1.3612 -> "1.36" (3 significant digits, at least 2 decimals below 10).
std::string Ratio(double ratio);
// A p or q value: "< 0.001", else 2 significant digits ("0.023", "0.41").
std::string PValue(double p);
// 78025 -> "78,025".
std::string Count(uint64_t count);
// A mean amount or day count: grouped, 0 decimals from 100 up, else one
// decimal ("91,237", "42.5", "8.6"), 2 significant digits below 1.
std::string Amount(double value);
// "31.2% [30.5–31.9%]", "1.36 [1.31–1.41]": a value with its interval.
std::string RateWithInterval(double rate, const Interval& ci);
std::string RatioWithInterval(double ratio, const Interval& ci);
// A measure cell against the overall mean, for the "x overall" column: the
// ratio with its interval where known, else the signed difference
// ("diff -29.4") where the means have no ratio.
std::string MeasureVersusOverall(const MeasureCell& cell);
// A signed difference of means: "+12.5", "-29.4".
std::string Difference(double difference);

// "Route To Market = Reseller" or "Deal Size in [1, 3)".
std::string RowName(const LiftAttribute& attribute, const LiftRow& row);

// One finding in words. which 0: "win rate 31.2% vs 22.9% overall, lift
// 1.36 (1.31–1.41), q < 0.001"; 1: "average won amount 25% higher than
// overall (91,000 vs 72,800; ratio 1.25 (1.12–1.38)), q = 0.003"; 2:
// "closes 2.0x faster than overall (20.1 vs 40.2 days; ...)". Where either
// mean is 0 or less there is no ratio and the finding is a difference:
// "average won amount -51.3 vs -21.9 overall (difference -29.4)".
std::string FindingText(const LiftReport& report, const LiftFinding& finding, int which);

// The statistics in one paragraph, for the report's footer.
std::string MethodText(const LiftReport& report);

}  // namespace acctseg::learn
