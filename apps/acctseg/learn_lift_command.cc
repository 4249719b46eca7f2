// `acctseg learn lift`: win rate, lift and (optionally) won amount and days
// to close per attribute value, with intervals and corrected significance
// (docs/learning/lift.md). Flags only; the work is learn::ComputeLift.
#include <chrono>
#include <cstdio>
#include <memory>
#include <sstream>

#include "command_line.h"
#include "common/counted.h"
#include "common/stopwatch.h"
#include "feedback.h"
#include "io/atomic_file.h"
#include "learn/lift_render.h"
#include "learn_commands.h"

namespace acctseg::cli {
namespace {

struct LiftCommandOptions {
  LearnDataOptions data;
  std::string by;
  learn::LiftOptions lift;
  std::string format = "text";
  std::string output = "-";
  bool quiet = false;
};

std::vector<std::string> CommaList(const std::string& text) {
  std::vector<std::string> names;
  std::stringstream stream(text);
  for (std::string name; std::getline(stream, name, ',');)
    if (!name.empty()) names.push_back(name);
  return names;
}

int RunLift(const LiftCommandOptions& options) {
  auto start = std::chrono::steady_clock::now();
  LearnDataOptions prepare = options.data;
  prepare.outputs = {options.output};
  LearnData data = PrepareLearnData(prepare);
  if (!options.quiet) PrintLearnNotes(data);
  learn::LiftOptions lift = options.lift;
  lift.by = CommaList(options.by);
  learn::LiftReport report = learn::ComputeLift(data.build.frame, lift);
  std::ostringstream text;
  if (options.format == "csv")
    learn::RenderLiftCsv(report, text);
  else if (options.format == "json")
    learn::RenderLiftJson(report, text);
  else if (options.format == "html")
    learn::RenderLiftHtml(report, text);
  else
    learn::RenderLiftText(report, text);
  AtomicFile file(options.output.empty() ? "-" : options.output);
  file.Write(text.str());
  file.Commit();
  if (!options.quiet)
    std::fprintf(stderr, "acctseg: lift of %s over %s in %.2f s -> %s\n",
                 Counted(report.attributes.size(), "attribute").c_str(),
                 Counted(report.deals, "deal").c_str(), SecondsSince(start),
                 file.path() == "-" ? "standard output" : file.path().c_str());
  return 0;
}

}  // namespace

LearnSubcommand AddLearnLiftCommand(CLI::App& learn) {
  auto options = std::make_shared<LiftCommandOptions>();
  CLI::App* app = learn.add_subcommand(
      "lift",
      "Win rate and lift per attribute value, with 95% intervals and corrected "
      "significance; average won amount and days to close with --amount/--cycle");
  AddLearnDataFlags(*app, options->data);
  app->add_option("--by", options->by,
                  "Attributes to tabulate, comma-separated features (default: every feature)");
  app->add_option("--bins", options->lift.bins, "Quantile bins per numeric attribute")
      ->default_val(5);
  app->add_option("--min-deals", options->lift.min_deals,
                  "Rows with fewer deals get no interval or test; rarer categories are merged "
                  "into (other)")
      ->default_val(30)
      ->check(ZeroOrMore());
  app->add_option("--format,-f", options->format, "text, csv, json or html")
      ->transform(CLI::IsMember({"text", "csv", "json", "html"}, CLI::ignore_case));
  app->add_option("--output,-o", options->output, "Report file; - for standard output")
      ->default_val("-");
  app->add_flag("--quiet,-q", options->quiet, "No notes or summary line on standard error");
  return {app, [options] { return RunLift(*options); }};
}

}  // namespace acctseg::cli
