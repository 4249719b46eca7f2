#include "command_line.h"

#include <fmt/format.h>

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <stdexcept>

#include "common/did_you_mean.h"
#include "common/error.h"
#include "io/file_extension.h"

namespace acctseg::cli {
namespace {

// How far the words of the line name commands: the deepest command named,
// and the first word after it that names none of its commands (`runz`, or
// `lst` in `runs lst`), "" when none does. CLI11 said only "A subcommand is
// required" for `runs lst`, and for `runs` alone.
struct CommandsNamed {
  const CLI::App* deepest;
  std::string unknown;

  std::vector<std::string> Subcommands() const {
    std::vector<std::string> names;
    for (const CLI::App* command : deepest->get_subcommands([](const CLI::App*) { return true; }))
      names.push_back(command->get_name());
    return names;
  }
};

CommandsNamed WalkCommands(const CLI::App& app, int argc, char** argv) {
  const CLI::App* level = &app;
  for (int i = 1; i < argc && argv[i][0] != '-'; ++i) {
    const std::vector<const CLI::App*> commands =
        level->get_subcommands([](const CLI::App*) { return true; });
    if (commands.empty()) break;  // a command's own arguments
    auto named = std::find_if(commands.begin(), commands.end(), [&](const CLI::App* command) {
      return command->check_name(argv[i]);
    });
    if (named == commands.end()) return {level, argv[i]};
    level = *named;
  }
  return {level, ""};
}

// The first option on the line that the command given does not have, with
// a did-you-mean over the ones it has; "" when none. CLI11 reports a missing
// required option first, so `run -p P --threds 2` said "--input is
// required" and nothing of the typo.
std::string UnknownOption(const CLI::App& app) {
  const CLI::App* command = &app;
  for (;;) {
    std::vector<CLI::App*> parsed = command->get_subcommands();
    if (parsed.empty()) break;
    command = parsed.front();
  }
  for (const std::string& argument : command->remaining(true)) {
    if (argument.size() < 2 || argument[0] != '-') continue;
    const std::string name = argument.substr(0, argument.find('='));
    std::vector<std::string> known;
    for (const CLI::Option* option : command->get_options())
      for (const std::string& long_name : option->get_lnames()) known.push_back("--" + long_name);
    return "unknown option \"" + name + "\"" + DidYouMean(name, known);
  }
  return "";
}

// CLI11's other messages, said as the rest of acctseg says things:
// "--policy: 1 required TEXT missing", "Could not convert: --threads = abc",
// "--policy: At least 2 required but received 1", and a bare "A subcommand
// is required" that named none.
std::string InPlainWords(const CommandsNamed& named, const std::string& message) {
  if (const size_t at = message.find(": 1 required ");
      at != std::string::npos && message.ends_with(" missing"))
    return message.substr(0, at) + " needs a value";
  if (message.starts_with("Could not convert: ")) {
    const std::string rest = message.substr(std::string_view("Could not convert: ").size());
    if (const size_t eq = rest.find(" = "); eq != std::string::npos)
      return rest.substr(0, eq) + ": expected a number, not " + rest.substr(eq + 3);
  }
  constexpr std::string_view kAtLeast = ": At least ", kAtMost = ": At Most ",
                             kReceived = " required but received ";
  if (const size_t at = message.find(kAtLeast); at != std::string::npos)
    if (const size_t but = message.find(kReceived, at); but != std::string::npos)
      return message.substr(0, at) + ": expected " +
             message.substr(at + kAtLeast.size(), but - at - kAtLeast.size()) + " or more, got " +
             message.substr(but + kReceived.size());
  // "--output: At Most 1 required but received 2" (whatif's --policy takes 2).
  if (const size_t at = message.find(kAtMost); at != std::string::npos)
    if (const size_t but = message.find(kReceived, at); but != std::string::npos) {
      const std::string allowed = message.substr(at + kAtMost.size(), but - at - kAtMost.size());
      // "at most": with the "N or more" above for too few, whatif's
      // --policy says both that it needs 2 and no more.
      return message.substr(0, at) + " is given " + message.substr(but + kReceived.size()) +
             " times; give it at most " + (allowed == "1" ? "once" : allowed + " times");
    }
  // A choice: "--format: XML not in {text,json,html}".
  if (const size_t in = message.find(" not in {");
      in != std::string::npos && message.ends_with("}")) {
    const size_t colon = message.find(": ");
    if (colon != std::string::npos && colon < in) {
      std::string choices = message.substr(in + 9, message.size() - in - 10);
      if (const size_t last = choices.rfind(','); last != std::string::npos)
        choices.replace(last, 1, " or ");
      size_t comma = 0;
      while ((comma = choices.find(',', comma)) != std::string::npos) {
        choices.replace(comma, 1, ", ");
        comma += 2;
      }
      return message.substr(0, colon) + " " + message.substr(colon + 2, in - colon - 2) +
             ": expected " + choices;
    }
  }
  // "The following argument was not expected: extra".
  constexpr std::string_view kNotExpected = "The following argument was not expected: ";
  if (message.starts_with(kNotExpected))
    return "unexpected argument \"" + message.substr(kNotExpected.size()) +
           "\" (inputs go with -i, options start with --)";
  // A size's unit: "q unit not recognized. Allowed values: {b,e,eb,...}".
  // ("--cache-max-bytes: q unit not recognized. ...").
  if (const size_t at = message.find(" unit not recognized."); at != std::string::npos) {
    const size_t colon = message.rfind(": ", at);
    const size_t unit = colon == std::string::npos ? 0 : colon + 2;
    return message.substr(0, unit) + "\"" + message.substr(unit, at - unit) +
           "\" is not a size unit: give bytes or a number with K, M, G or T (500M, 8G)";
  }
  // A missing positional argument: "after is required".
  if (message.ends_with(" is required") && message.find(' ') == message.rfind(" is required"))
    return "missing the argument " + message.substr(0, message.size() - 12);
  if (message == "A subcommand is required") {
    std::string names;
    for (const std::string& name : named.Subcommands()) names += (names.empty() ? "" : ", ") + name;
    return "give a command: " + names;
  }
  return message;
}

}  // namespace

int ReportParseError(const CLI::App& app, const CLI::ParseError& error, int argc, char** argv) {
  // --help and --version are "errors" that CLI11 prints itself, exit 0.
  if (error.get_exit_code() == 0) return const_cast<CLI::App&>(app).exit(error);
  std::string message = error.what();
  const CommandsNamed named = WalkCommands(app, argc, argv);
  if (!named.unknown.empty()) {
    message = "unknown command \"" + named.unknown + "\"" +
              DidYouMean(named.unknown, named.Subcommands());
  } else if (const std::string option = UnknownOption(app); !option.empty()) {
    message = option;
  } else {
    message = InPlainWords(named, message);
  }
  std::fprintf(stderr, "acctseg: error: %s\nRun with --help for more information.\n",
               message.c_str());
  return static_cast<int>(ErrorKind::kUsage);
}

CLI::Validator ZeroOrMore() {
  return CLI::Validator(
      [](std::string& value) -> std::string {
        const size_t first = value.find_first_not_of(" \t");
        if (first != std::string::npos && value[first] == '-')
          return "expected 0 or more, not " + value;
        return "";
      },
      "N >= 0");
}

CLI::Option* AddOffFlag(CLI::App& command, const std::string& name, bool& setting,
                        const std::string& help) {
  return command.add_flag_callback(
      name, [&setting] { setting = false; }, help);
}

CLI::Validator NotEmpty(const std::string& what) {
  return CLI::Validator(
      [what](std::string& value) -> std::string {
        return value.empty() ? "expected " + what + ", not an empty value" : "";
      },
      "");
}

void AddTableOutputFlags(CLI::App& command, std::string& output, std::string& format,
                         bool& escape_formulas, std::string& delimiter, std::string& decimal_mark) {
  command.add_option("--output,-o", output, "Output file; - for standard output")->default_val("-");
  command.add_option("--format,-f", format,
                     "csv or jsonl (default: from the output's extension, else csv)");
  command.add_flag("--escape-formulas", escape_formulas,
                   "CSV for a spreadsheet: put ' before a text cell starting with = + - @ "
                   "TAB or CR, so that it is not run as a formula");
  command.add_option("--delimiter", delimiter,
                     "CSV: what separates fields: , ; | or tab (default ,)");
  command.add_option("--decimal-mark", decimal_mark,
                     "CSV: what separates a decimal's fraction: . or , (default .; with , give "
                     "--delimiter \";\", as a spreadsheet in German or French reads it)");
}

CLI::Option* AddAsOfOption(CLI::App& command, std::string& as_of) {
  return command
      .add_option("--as-of", as_of,
                  "The date AS_OF stands for, YYYY-MM-DD (default: the policy's as_of, else "
                  "today in UTC)")
      ->check(NotEmpty("a date, YYYY-MM-DD"));
}

CLI::Validator FiniteNumber(double low, bool low_inclusive, double high, bool high_inclusive) {
  const bool bounded_below = low > std::numeric_limits<double>::lowest();
  const std::string range =
      "a finite number" +
      (bounded_below ? fmt::format(" {} {}", low_inclusive ? ">=" : ">", low) : std::string()) +
      (high < std::numeric_limits<double>::max()
           ? fmt::format(" and {} {}", high_inclusive ? "<=" : "<", high)
           : "");
  return CLI::Validator(
      [=](std::string& value) -> std::string {
        double number = 0;
        try {
          size_t used = 0;
          number = std::stod(value, &used);
          if (used != value.size()) return "expected " + range + ", not " + value;
        } catch (const std::exception&) {
          return "expected " + range + ", not " + value;
        }
        const bool in_range = std::isfinite(number) &&
                              (low_inclusive ? number >= low : number > low) &&
                              (high_inclusive ? number <= high : number < high);
        return in_range ? "" : "expected " + range + ", not " + value;
      },
      range);
}

std::string ReportFormat(const CLI::App& command, const std::string& format,
                         const std::string& output, const std::vector<std::string>& formats) {
  if (command.count("--format") > 0 || output == "-") return format;
  std::string extension = LowercaseExtension(output);
  if (extension == ".htm") extension = ".html";
  if (extension.size() > 1 &&
      std::find(formats.begin(), formats.end(), extension.substr(1)) != formats.end())
    return extension.substr(1);
  return format;
}

void FinishStandardOutput() {
  errno = 0;
  const bool flushed = std::fflush(stdout) == 0;
  const int error = errno;
  if (flushed && !std::ferror(stdout)) return;
  throw Error(ErrorKind::kIo, std::string("cannot write standard output") +
                                  (error != 0 ? std::string(": ") + std::strerror(error) : ""));
}

}  // namespace acctseg::cli
