// gen_accounts: tests/data/gen_accounts.py, fast. Same command line, and the
// same bytes for every --rows and --seed (e2e.generator_matches_python
// compares them), so large benchmark universes need not wait on Python.
//
//   gen_accounts --rows 100000000 --seed 1 --out bench/data/accounts-100000000.csv

#include <CLI/CLI.hpp>
#include <cstdint>
#include <cstdio>
#include <exception>
#include <stdexcept>
#include <string>

#include "common/parallel.h"
#include "universe.h"
#include "universe_csv.h"

int main(int argc, char** argv) {
  CLI::App app{
      "Generate a synthetic B2B account universe as CSV, byte-identical to "
      "tests/data/gen_accounts.py."};
  int64_t rows = 100000;
  std::string seed = "1";
  std::string out_path = "-";
  app.add_option("--rows", rows, "number of accounts")->capture_default_str();
  app.add_option("--seed", seed, "random seed, an integer")->capture_default_str();
  app.add_option("--out", out_path, "output file, - for stdout")->capture_default_str();
  CLI11_PARSE(app, argc, argv);

  try {
    if (rows < 0) throw std::invalid_argument("--rows must not be negative");
    gen_accounts::Universe universe = gen_accounts::GenerateUniverse(rows, seed);
    std::FILE* out = out_path == "-" ? stdout : std::fopen(out_path.c_str(), "wb");
    if (!out) throw std::runtime_error("cannot open " + out_path + " for writing");
    gen_accounts::WriteUniverseCsv(universe, out, acctseg::HardwareThreads());
    if (out != stdout && std::fclose(out) != 0) {
      throw std::runtime_error("writing " + out_path + " failed");
    }
  } catch (const std::exception& e) {
    std::fprintf(stderr, "gen_accounts: %s\n", e.what());
    return 1;
  }
  return 0;
}
