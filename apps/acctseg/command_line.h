// What the command line itself gets wrong or leaves open, settled before a
// command runs: parse errors reported like every other error
// ("acctseg: error: ...", exit 64, an unknown command named with a
// did-you-mean), and a report's format taken from its output's extension
// when --format is not given (diff, whatif and quality wrote text into
// report.json).
#pragma once

#include <CLI/CLI.hpp>
#include <limits>
#include <string>
#include <vector>

namespace acctseg::cli {

// Prints `error` for `app` and returns the exit code: 0 for --help and
// --version, else kUsage (64).
int ReportParseError(const CLI::App& app, const CLI::ParseError& error, int argc, char** argv);

// `format` as given, or when `command` got no --format, the one `output`'s
// extension names among `formats` (.json, .csv, .html or .htm; any case),
// else `format` (its default).
std::string ReportFormat(const CLI::App& command, const std::string& format,
                         const std::string& output, const std::vector<std::string>& formats);

// A count, size or thread number: 0 or more. (CLI11's NonNegativeNumber
// names its range's upper end in 300 digits, and a negative --limit,
// --threads or --cache-max-bytes was taken where it did not check.)
CLI::Validator ZeroOrMore();

// A flag that turns `setting` off ("--no-cache"). CLI11's "!--no-cache"
// showed in --help as "--no-cache{false}", as if that were its name.
CLI::Option* AddOffFlag(CLI::App& command, const std::string& name, bool& setting,
                        const std::string& help);

// A text option that may not be empty ("--column ''" made a card whose
// score had no name); `what` says what it names.
CLI::Validator NotEmpty(const std::string& what);

// --as-of DATE, on `command`: the date AS_OF stands for. An empty value is
// refused here: the jobs read "" as "not given", so `--as-of "$DAY"` with
// DAY unset silently took the policy's date (the date's form is checked
// with the policy, which names it).
CLI::Option* AddAsOfOption(CLI::App& command, std::string& as_of);

// --output,-o (default "-"), --format,-f, --escape-formulas, --delimiter
// and --decimal-mark: how `run` and `runs export` write an account table.
void AddTableOutputFlags(CLI::App& command, std::string& output, std::string& format,
                         bool& escape_formulas, std::string& delimiter, std::string& decimal_mark);

// A finite number from `low` (or above it, when `low_inclusive` is false)
// to `high` (or below it). CLI11 reads "nan" and "inf" as numbers, and its
// Range lets NaN through: --l2 nan never finished, --pdo nan wrote points
// of -9223372036854775808, and --tolerance nan "proved optimal" a plan
// whose every rep was out of tolerance.
CLI::Validator FiniteNumber(double low, bool low_inclusive = true,
                            double high = std::numeric_limits<double>::max(),
                            bool high_inclusive = true);

// Flushes standard output; Error(kIo) when what a command printed there
// could not be written (a full disk, a closed pipe): `explain > /dev/full`
// and `check` lost their output and exited 0.
void FinishStandardOutput();

// The moved accounts a text report lists when --max-listed is not given: a
// terminal's worth. The other formats list 1,000 (DiffOptions).
inline constexpr size_t kTextMaxListed = 20;

}  // namespace acctseg::cli
