#include "store/run_store.h"

#include <cstdlib>

#include "store/postgres_store.h"
#include "store/sqlite_store.h"

namespace acctseg {

std::unique_ptr<RunStore> RunStore::Open(const std::string& location) {
  if (location.rfind("postgresql://", 0) == 0 || location.rfind("postgres://", 0) == 0)
    return std::make_unique<PostgresStore>(location);
  return std::make_unique<SqliteStore>(location);
}

std::string RunStore::DefaultLocation() {
  const char* configured = std::getenv("ACCTSEG_STORE");
  if (configured != nullptr && *configured != '\0') return configured;
  return "acctseg-runs.sqlite";
}

}  // namespace acctseg
