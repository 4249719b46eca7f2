// Errors that stop a command. acctseg uses one exception type, caught only by
// the front ends (apps/), which print the message and exit with the code of
// its kind. Row-level problems that a policy tolerates are never errors: they
// become issue codes in the output (see steps/).
#pragma once

#include <atomic>
#include <cstddef>
#include <stdexcept>
#include <string>

namespace acctseg {

// The kinds of failure, each with its documented process exit code
// (docs/cli.md). Values follow BSD sysexits where one fits.
enum class ErrorKind {
  kUsage = 64,         // bad command line
  kInput = 65,         // malformed or invalid input data (CSV, tables)
  kPolicy = 66,        // the policy does not parse or bind
  kNotFound = 69,      // an account id or run id that does not exist
  kIo = 74,            // a file cannot be opened, read or written
  kStore = 75,         // the run store is unavailable, locked, corrupt or too new
  kInterrupted = 130,  // stopped by Ctrl-C or SIGTERM; nothing half-written remains
  kInternal = 70,      // a bug in acctseg
};

class Error : public std::runtime_error {
 public:
  Error(ErrorKind kind, std::string message)
      : std::runtime_error(std::move(message)), kind_(kind) {}

  ErrorKind kind() const { return kind_; }
  int exit_code() const { return static_cast<int>(kind_); }

 private:
  ErrorKind kind_;
};

// A problem evaluating one row (a numeric overflow) that stops the run:
// what() says what went wrong, row() which row. Kernels throw it with the
// row's place in the batch they evaluate; ForEachBatch (expr/) re-throws it
// with the row of the run, and the plan adds the step, the account and the
// input line (plan/run.cc). Rare by nature: thrown, never checked per row.
class RowError : public Error {
 public:
  RowError(size_t row, std::string problem)
      : Error(ErrorKind::kInput, std::move(problem)), row_(row) {}

  size_t row() const { return row_; }
  // Where in the policy it failed, when a step knows better than its own
  // place ("policy.yaml:132:7: compute potential"); empty otherwise.
  const std::string& where() const { return where_; }

  // The same problem at another row (a batch's rows, rebased to the run's).
  RowError AtRow(size_t row) const {
    RowError moved(row, what());
    moved.where_ = where_;
    return moved;
  }
  // The same problem, placed at `where`.
  RowError Within(std::string where) const {
    RowError placed = *this;
    placed.where_ = std::move(where);
    return placed;
  }

 private:
  size_t row_;
  std::string where_;
};

// Error(kInterrupted) when `cancelled` is set (by a signal handler): called
// between stages of work, before anything is published, so the message can
// promise that nothing was written or recorded.
void ThrowIfCancelled(const std::atomic<bool>* cancelled);

// "file:line:column: message" — the shape of every located message; "file:
// message" for line 0 (no line holds it: an account an event created).
std::string Located(const std::string& file, size_t line, size_t column,
                    const std::string& message);

}  // namespace acctseg
