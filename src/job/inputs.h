// The files a job reads and writes: input arguments matched to the
// policy's input names, and the checks that keep a job from destroying its
// own input or reading a file that changes under it.
#pragma once

#include <atomic>
#include <string>
#include <vector>

#include "io/file_stamp.h"
#include "plan/plan.h"

namespace acctseg {

// The path of each of the policy's inputs among NAME=PATH arguments; a bare
// PATH is the accounts input (the first). Error(kUsage) if one is missing
// (naming where the policy declares it), given twice, or not the policy's.
InputPaths ResolveInputPaths(const std::vector<std::string>& inputs,
                             const std::vector<PlanInput>& wanted);
// Every path of `paths`, in no particular order.
std::vector<std::string> PathsOf(const InputPaths& paths);

// Error(kUsage) if `output` names the same file as any of `reads` (by
// identity, so ./a.csv and a symlink to it count): writing it would replace
// the data being read, the policy or the run store. "-" is never refused.
void RefuseOutputOverReads(const std::string& output, const std::vector<std::string>& reads);

// Before a job's work, for every file it will write ("" = not written):
// RefuseOutputOverReads; Error(kUsage) if two of them are one file ("-"
// twice too: two documents on standard output; a device such as /dev/null
// may take several); Error(kIo) if one is a
// directory, which AtomicFile would refuse only when the work is done.
void RefuseOutputs(const std::vector<std::string>& outputs, const std::vector<std::string>& reads);
// The files a compiled policy reads besides its inputs: the policy file and
// its tables.
std::vector<std::string> PolicyFiles(const Plan& plan);
// The files of the run store at `location` ("" = the default): a SQLite
// file and its journals; none for PostgreSQL.
std::vector<std::string> StoreFiles(const std::string& location);

// Error(kInput) if `path` is no longer what `before` describes. Where only
// the status-change time moved (a chmod, a link made or removed, or an edit
// whose modification time was set back), the file's bytes decide: hashed
// again and compared with `content_hash`, the hash taken before the read
// ("" when none was: then it counts as unchanged).
void CheckUnchanged(const std::string& path, const FileStamp& before,
                    const std::string& content_hash = "");

}  // namespace acctseg
