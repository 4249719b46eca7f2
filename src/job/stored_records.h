// What the jobs that save and read versioned records (models, plans) share:
// opening the run store ("" = the default location) and the provenance a
// new record carries.
// Errors: acctseg::Error (kStore), as RunStore::Open.
#pragma once

#include <memory>
#include <string>

#include "plan/plan.h"
#include "store/run_store.h"

namespace acctseg {

// Opens, creating and migrating if needed, the store at `store`.
std::unique_ptr<RunStore> OpenStoreOrDefault(const std::string& store);
// Opens an existing store for reading (a missing SQLite file is an error).
std::unique_ptr<RunStore> OpenExistingStoreOrDefault(const std::string& store);

// A record named `name` of `kind`, made now by this user on this host with
// this acctseg, from `plan`'s policy read at `policy_path`; version, info
// and payload are left for the caller and the store. Error(kUsage) for a
// name the store cannot take (VersionedNameProblem).
VersionedRecord NewVersionedRecord(const std::string& name, const std::string& kind,
                                   const Plan& plan, const std::string& policy_path);

}  // namespace acctseg
