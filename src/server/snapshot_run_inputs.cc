#include "server/snapshot_run_inputs.h"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <filesystem>
#include <functional>
#include <optional>
#include <string_view>
#include <vector>

#include "live/event_log_file.h"

namespace acctseg::server {
namespace {

// SEQ of "KIND-SEQ.csv", else nothing.
std::optional<uint64_t> SeqOf(std::string_view name, std::string_view kind) {
  const std::string prefix = std::string(kind) + "-";
  constexpr std::string_view kSuffix = ".csv";
  if (name.size() <= prefix.size() + kSuffix.size() || name.substr(0, prefix.size()) != prefix ||
      name.substr(name.size() - kSuffix.size()) != kSuffix)
    return std::nullopt;
  const std::string_view digits =
      name.substr(prefix.size(), name.size() - prefix.size() - kSuffix.size());
  uint64_t seq = 0;
  const auto [end, error] = std::from_chars(digits.data(), digits.data() + digits.size(), seq);
  if (error != std::errc() || end != digits.data() + digits.size()) return std::nullopt;
  return seq;
}

std::string AccountsName(uint64_t seq) { return fmt::format("accounts-{}.csv", seq); }

}  // namespace

std::string SnapshotRunInputs::PathFor(uint64_t seq) const {
  MakeOwnerOnlyDirectories(dir_);
  return JoinPath(dir_, AccountsName(seq));
}

size_t SnapshotRunInputs::Prune() const {
  namespace fs = std::filesystem;
  std::error_code error;
  if (!fs::is_directory(dir_, error)) return 0;
  std::vector<uint64_t> seqs;
  std::vector<fs::path> doomed;
  for (const fs::directory_entry& entry : fs::directory_iterator(dir_, error)) {
    const std::string name = entry.path().filename().string();
    if (std::optional<uint64_t> seq = SeqOf(name, "accounts")) seqs.push_back(*seq);
    if (SeqOf(name, "outputs")) doomed.push_back(entry.path());
  }
  std::sort(seqs.begin(), seqs.end(), std::greater<>());
  for (size_t i = keep_; i < seqs.size(); ++i)
    doomed.push_back(fs::path(dir_) / AccountsName(seqs[i]));
  size_t removed = 0;
  for (const fs::path& path : doomed) removed += fs::remove(path, error) ? 1 : 0;
  return removed;
}

}  // namespace acctseg::server
