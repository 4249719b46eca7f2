// DATA_DIR/runs/: the accounts file each snapshot recorded as a run read,
// accounts-SEQ.csv. It is a hard link to its snapshot's accounts.csv, so it
// costs no disk while that snapshot is kept (the newest two are) and the
// snapshot's accounts' size after. `acctseg diff` reads it again to explain
// the moves of that run; nothing else does (the run's outputs are in the
// run store: the run writes none here).
//
// Kept: the files of the newest `keep` snapshot runs, by seq. Older ones are
// removed, and with them the outputs-SEQ.csv files that servers before this
// one wrote beside them; a diff of such a run still compares its outputs and
// says "input ... is gone: explanations left out". Anything else in the
// directory is left alone.
// Errors: Error(kIo) naming the directory when it cannot be made. Not
// thread-safe: the service records one snapshot run at a time.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

namespace acctseg::server {

class SnapshotRunInputs {
 public:
  SnapshotRunInputs(std::string dir, size_t keep) : dir_(std::move(dir)), keep_(keep) {}

  // DIR/accounts-SEQ.csv; DIR is made (owner-only) if it is missing.
  std::string PathFor(uint64_t seq) const;
  // Removes what is past the retention (above); a file that cannot be
  // removed is left for the next time. Returns how many were removed.
  size_t Prune() const;

 private:
  std::string dir_;
  size_t keep_;
};

}  // namespace acctseg::server
