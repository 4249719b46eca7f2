#include "store/run_store.h"

#include <cstdlib>
#include <filesystem>

#include "common/error.h"
#include "store/postgres_store.h"
#include "store/sqlite_store.h"

namespace acctseg {

namespace {

bool IsPostgresUri(const std::string& location) {
  return location.rfind("postgresql://", 0) == 0 || location.rfind("postgres://", 0) == 0;
}

}  // namespace

std::unique_ptr<RunStore> RunStore::Open(const std::string& location,
                                         std::function<void()> on_long_wait) {
  if (IsPostgresUri(location)) return std::make_unique<PostgresStore>(location);
  SqliteOptions options;
  options.on_long_wait = std::move(on_long_wait);
  return std::make_unique<SqliteStore>(location, options);
}

std::unique_ptr<RunStore> RunStore::OpenExisting(const std::string& location, bool to_change) {
  std::error_code error;
  // An empty file is no store either: opening it would make one there,
  // and a command that only reads must not write.
  if (!IsPostgresUri(location) && (!std::filesystem::exists(location, error) ||
                                   std::filesystem::file_size(location, error) == 0))
    throw Error(ErrorKind::kStore, "no run store at " + location +
                                       " (acctseg run records runs there; --store or "
                                       "$ACCTSEG_STORE names another store)");
  if (IsPostgresUri(location)) return std::make_unique<PostgresStore>(location, true);
  SqliteOptions options;
  options.read_only = !to_change;
  return std::make_unique<SqliteStore>(location, options);
}

std::string RunStore::DefaultLocation() {
  const char* configured = std::getenv("ACCTSEG_STORE");
  if (configured != nullptr && *configured != '\0') return configured;
  return "acctseg-runs.sqlite";
}

}  // namespace acctseg
