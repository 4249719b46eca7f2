#include "job/stored_records.h"

#include "common/error.h"
#include "history/capture.h"
#include "store/content_hash.h"

namespace acctseg {

std::unique_ptr<RunStore> OpenStoreOrDefault(const std::string& store) {
  return RunStore::Open(store.empty() ? RunStore::DefaultLocation() : store);
}

std::unique_ptr<RunStore> OpenExistingStoreOrDefault(const std::string& store) {
  return RunStore::OpenExisting(store.empty() ? RunStore::DefaultLocation() : store);
}

VersionedRecord NewVersionedRecord(const std::string& name, const std::string& kind,
                                   const Plan& plan, const std::string& policy_path) {
  if (const std::string problem = VersionedNameProblem(name); !problem.empty())
    throw Error(ErrorKind::kUsage, kind.empty() ? "name " + problem : kind + " name " + problem);
  VersionedRecord record;
  record.name = name;
  record.kind = kind;
  record.created_at_ms = NowMs();
  record.user = UserName();
  record.host = HostName();
  record.code_version = ACCTSEG_CODE_VERSION;
  record.policy_path = Absolute(policy_path);
  record.policy_hash = HashString(plan.policy().source->text);
  return record;
}

}  // namespace acctseg
