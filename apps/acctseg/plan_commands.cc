#include "plan_commands.h"

namespace acctseg::cli {

std::vector<LearnSubcommand> AddPlanCommands(CLI::App& app, const std::string& store_help) {
  CLI::App* plan = app.add_subcommand(
      "plan", "Plan from a segmentation: capacity, territories, stored plans (docs/planning.md)");
  plan->require_subcommand(1);
  std::vector<LearnSubcommand> commands;
  // One line per subcommand (plan_*_command.cc).
  commands.push_back(AddPlanCapacityCommand(*plan, store_help));
  for (LearnSubcommand& c : AddPlanStoreCommands(*plan, store_help)) commands.push_back(c);
  commands.push_back(AddPlanTerritoriesCommand(*plan, store_help));
  return commands;
}

}  // namespace acctseg::cli
