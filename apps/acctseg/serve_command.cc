#include "serve_command.h"

#include <fcntl.h>
#include <fmt/format.h>
#include <unistd.h>

#include <cstdio>

#include "command_line.h"
#include "common/error.h"
#include "server/scopes.h"
#include "server/serve.h"
#include "server/token_file.h"

namespace acctseg::cli {
namespace {

struct TokenCommandOptions {
  std::string name;
  std::string scopes = "read";
  std::string append;  // a tokens file to add the line to
};

// Unless the tokens file at `path` is new: an error if it already has a
// token named `name` (the server would refuse the file), or if it does not
// read as a tokens file.
void CheckAppendable(const std::string& path, const std::string& name) {
  if (access(path.c_str(), F_OK) != 0) return;
  for (const server::TokenEntry& entry : server::TokenFile::ReadEntries(path))
    if (entry.name == name)
      throw Error(ErrorKind::kUsage,
                  fmt::format("{} already has a token named \"{}\": choose another --name, or "
                              "remove that line first to replace its token",
                              path, name));
}

// Appends `line` to `path`, created readable by its owner only, on a line
// of its own even when the file's last line has no newline.
void AppendTokenLine(const std::string& path, const std::string& line) {
  int fd = open(path.c_str(), O_RDWR | O_APPEND | O_CREAT, 0600);
  if (fd < 0) throw Error(ErrorKind::kIo, fmt::format("{}: cannot open the tokens file", path));
  char last = '\n';
  const off_t size = lseek(fd, 0, SEEK_END);
  if (size > 0 && pread(fd, &last, 1, size - 1) != 1) last = '\n';
  const std::string text = (last == '\n' ? "" : "\n") + line + "\n";
  bool ok = write(fd, text.data(), text.size()) == static_cast<ssize_t>(text.size());
  ok = fsync(fd) == 0 && ok;
  ok = close(fd) == 0 && ok;
  if (!ok) throw Error(ErrorKind::kIo, fmt::format("{}: cannot write the tokens file", path));
}

int TokenCommand(const TokenCommandOptions& options) {
  server::CheckTokenName(options.name, "--name");
  unsigned scopes = 0;
  try {
    scopes = server::ParseScopes(options.scopes, "--scopes");
  } catch (const Error& e) {
    // A mistake on the command line, not in a file (exit 64, not 65).
    throw Error(ErrorKind::kUsage, e.what());
  }
  if (!options.append.empty()) CheckAppendable(options.append, options.name);
  const std::string token = server::NewToken();
  const std::string line = server::TokenLine(options.name, scopes, token);
  // The file takes the line before the token is shown: a token it could
  // not take is never handed out.
  if (!options.append.empty()) AppendTokenLine(options.append, line);
  std::printf("%s\n%s\n", token.c_str(), line.c_str());
  std::fprintf(stderr,
               "acctseg: the first line is the token (shown once: give it to the client); the "
               "second is its line for the tokens file%s\n",
               options.append.empty() ? "" : (" (added to " + options.append + ")").c_str());
  return 0;
}

}  // namespace

std::vector<LearnSubcommand> AddServeCommands(CLI::App& app, const std::string& store_help) {
  auto options = std::make_shared<server::ServeOptions>();
  auto token = std::make_shared<TokenCommandOptions>();
  server::ServiceOptions& service = options->service;

  CLI::App* serve = app.add_subcommand(
      "serve", "Serve the policy live over HTTP: events, accounts, routing (docs/serve.md)");
  serve->require_subcommand(0, 1);
  serve->add_option("--policy,-p", service.policy_path, "Policy file (YAML)");
  serve->add_option("--input,-i", service.inputs, "Input as NAME=PATH, or PATH");
  serve->add_option("--listen", options->listen,
                    "HOST:PORT to listen on; port 0 picks a free one (default 127.0.0.1:8080)");
  serve->add_option("--data-dir", service.data_dir,
                    "Directory of the write-ahead log and the snapshots (created if missing)");
  serve->add_option("--tokens", options->tokens_path,
                    "Tokens file: NAME SCOPES HASH lines (acctseg serve token)");
  serve->add_flag("--insecure-no-auth", options->insecure_no_auth,
                  "Serve without tokens (loopback only)");
  serve->add_option("--assignments", service.assignments,
                    "Territory assignments CSV (acctseg plan territories): account owners");
  serve
      ->add_option("--domain-columns", service.domain_columns,
                   "Account columns holding a website, e-mail or domain, to match leads")
      ->delimiter(',');
  serve
      ->add_option("--snapshot-every", service.snapshot_every,
                   "Events between automatic snapshots; 0 = only on POST /v1/snapshot")
      ->default_val(100000)
      ->check(ZeroOrMore());
  serve
      ->add_option("--keep-snapshot-runs", service.keep_snapshot_runs,
                   "Snapshot runs whose accounts file DATA_DIR/runs keeps, for diff to explain "
                   "their moves (the newest N)")
      ->default_val(10)
      ->check(ZeroOrMore());
  serve->add_option("--store", service.store, store_help);
  serve->add_option("--max-body", options->max_body, "Largest request body in bytes")
      ->default_val(1 << 20)
      ->check(FiniteNumber(1));
  serve
      ->add_option("--rate-limit", options->rate_limit,
                   "Requests per second per token; 0 = no limit")
      ->default_val(20000)
      ->check(FiniteNumber(0));
  serve->add_option("--tls-cert", options->tls_cert, "TLS certificate (PEM): serve HTTPS");
  serve->add_option("--tls-key", options->tls_key, "TLS private key (PEM)");
  serve
      ->add_option("--http-threads", options->http_threads,
                   "Request threads (each open keep-alive connection holds one)")
      ->default_val(32)
      ->check(FiniteNumber(1));  // CLI::PositiveNumber printed a 300-digit range
  serve
      ->add_option("--threads,-t", service.threads,
                   "Worker threads of batch runs (default: all cores)")
      ->check(ZeroOrMore());
  AddAsOfOption(*serve, service.as_of);

  CLI::App* token_cmd =
      serve->add_subcommand("token", "Make a bearer token; prints it and its tokens-file line");
  token_cmd->add_option("--name", token->name, "Who the token is for (letters, digits, -_.)")
      ->required();
  token_cmd->add_option("--scopes", token->scopes, "read, write, admin, comma-separated")
      ->default_val("read");
  token_cmd->add_option("--append", token->append, "Also add the line to this tokens file");

  auto run_serve = [options]() {
    if (options->service.policy_path.empty())
      throw Error(ErrorKind::kUsage, "serve: --policy is required");
    if (options->service.inputs.empty())
      throw Error(ErrorKind::kUsage, "serve: --input is required");
    if (options->service.data_dir.empty())
      throw Error(ErrorKind::kUsage, "serve: --data-dir is required (the write-ahead log)");
    // Here, not only where the server is made: that came after the log was
    // made and the universe loaded.
    if (options->tls_cert.empty() != options->tls_key.empty())
      throw Error(ErrorKind::kUsage, "--tls-cert and --tls-key go together");
    return server::Serve(*options);
  };
  return {{token_cmd, [token] { return TokenCommand(*token); }}, {serve, run_serve}};
}

}  // namespace acctseg::cli
