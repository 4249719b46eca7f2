#include "cache_commands.h"

#include <fmt/format.h>

#include <cstdio>
#include <memory>

#include "command_line.h"
#include "common/counted.h"

namespace acctseg::cli {

void AddInputCacheFlags(CLI::App* command, InputCacheOptions& cache) {
  cache.enabled = true;
  AddOffFlag(*command, "--no-cache", cache.enabled,
             "Neither read nor write the input cache (docs/cache.md)");
  command->add_option("--cache-dir", cache.dir,
                      "Input cache directory (default: $ACCTSEG_CACHE_DIR, else "
                      "$XDG_CACHE_HOME/acctseg, else ~/.cache/acctseg)");
  command
      ->add_option("--cache-max-bytes", cache.max_bytes,
                   "Largest size of the input cache; the least recently used entries go first "
                   "(e.g. 500M, 8G; default 4G)")
      ->check(ZeroOrMore())
      ->transform(CLI::AsSizeValue(false));
}

std::vector<LearnSubcommand> AddCacheCommands(CLI::App& app) {
  CLI::App* cache = app.add_subcommand("cache", "The input cache: its entries, or empty it");
  cache->require_subcommand(1);
  auto dir = std::make_shared<std::string>();
  const char* dir_help = "Input cache directory (default as for run)";
  CLI::App* info = cache->add_subcommand("info", "Where the input cache is, its entries and size");
  info->add_option("--cache-dir", *dir, dir_help);
  CLI::App* clear = cache->add_subcommand("clear", "Remove every entry of the input cache");
  clear->add_option("--cache-dir", *dir, dir_help);
  auto print = [](const char* verb, const InputCacheUsage& usage) {
    std::printf("%s\n", fmt::format("{}{}, {} bytes ({:.1f} MB) in {}", verb,
                                    Counted(usage.entries, "entry", "entries"), usage.bytes,
                                    usage.bytes / 1e6,
                                    usage.dir.empty() ? "(no directory: set $HOME)" : usage.dir)
                            .c_str());
    return 0;
  };
  return {{info, [dir, print] { return print("", InspectInputCache(*dir)); }},
          {clear, [dir, print] { return print("removed ", ClearInputCache(*dir)); }}};
}

}  // namespace acctseg::cli
