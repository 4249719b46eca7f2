// The kill -9 test of the event log (docs/serve-durability.md). One program,
// two roles:
//   wal_crash_test write DIR SEED   appends through a Committer from several
//       threads, forever, and prints "SEQ LENGTH XXH64" of every record whose
//       Submit returned (acknowledged), one write per batch's lines; now and
//       then a record of megabytes, whose write a kill can tear;
//   wal_crash_test [ROUNDS]         runs the writer on one log ROUNDS times
//       (default 40) and kills it with SIGKILL: every other round after a
//       varied delay (0 ms: during start-up and recovery, up to 250 ms:
//       mid-load), the others at an exact moment through a signal point
//       (common/signal_points.h) — a commit half written (wal-write-half,
//       which must leave a torn tail to cut), written but not synced
//       (wal-written), a new segment synced but not renamed (wal-roll);
//       two rounds in four with segments grown ahead in zeros. Then
//       it reopens the log and checks: every acknowledged seq is there with
//       its exact payload (length and XXH64); every record seen in an earlier
//       round is still there unchanged; seqs run 1..last without a gap; a
//       second open cuts nothing (recovery left the log ending at its last
//       whole record); and the next append gets last + 1.
// Exit 0 when every round passes; the outcome does not depend on timing.
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>
#include <xxhash.h>

#include <chrono>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <map>
#include <mutex>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "live/committer.h"
#include "live/event_log.h"

namespace acctseg {
namespace {

constexpr int kWriterThreads = 4;
constexpr uint64_t kSegmentBytes = 64 << 10;  // small, so that kills land in rolls too
constexpr int kWriterSeconds = 20;            // a writer nobody kills stops by itself

// What the writer prints and the checker compares for one record.
std::string Fingerprint(std::string_view payload) {
  return std::to_string(payload.size()) + " " +
         std::to_string(XXH64(payload.data(), payload.size(), 0));
}

int Write(const std::string& dir, unsigned seed) {
  EventLog::Options options;
  options.segment_bytes = kSegmentBytes;
  // Two rounds in four grow segments ahead in zeros (as the server does),
  // so kills land in zeroed segments, and in plain ones that follow them.
  if (seed / 2 % 2 == 1) options.zeroed_chunk_bytes = 16 << 10;
  EventLog::Recovery recovery;
  auto log = EventLog::Open(dir, &recovery, options);
  Committer committer(*log,
                      [](uint64_t seq, std::string_view) { return nlohmann::ordered_json(seq); });
  std::mutex out;
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(kWriterSeconds);
  std::vector<std::thread> threads;
  for (int t = 0; t < kWriterThreads; ++t)
    threads.emplace_back([&, t] {
      std::mt19937 random(seed * 131 + t);
      for (int n = 0; std::chrono::steady_clock::now() < deadline; ++n) {
        std::vector<std::string> payloads(1 + random() % 3);
        for (size_t i = 0; i < payloads.size(); ++i) {
          payloads[i] = "s" + std::to_string(seed) + "-t" + std::to_string(t) + "-" +
                        std::to_string(n) + "." + std::to_string(i) + "-";
          size_t filler = random() % 200 == 0 ? (1 << 20) + random() % (2 << 20) : random() % 600;
          payloads[i].append(filler, static_cast<char>('a' + random() % 26));
        }
        std::vector<nlohmann::ordered_json> seqs = committer.SubmitBatch(payloads);
        std::string lines;
        for (size_t i = 0; i < seqs.size(); ++i)
          lines += std::to_string(seqs[i].get<uint64_t>()) + " " + Fingerprint(payloads[i]) + "\n";
        std::lock_guard<std::mutex> lock(out);  // lines < PIPE_BUF: one write, never torn
        if (::write(1, lines.data(), lines.size()) != static_cast<ssize_t>(lines.size())) _exit(3);
      }
    });
  for (auto& thread : threads) thread.join();
  return 0;
}

// Starts the writer (killing itself at `signal_at` when not empty), kills it
// after `delay`, returns what it printed.
std::string RunAndKill(const std::string& dir, unsigned seed, const std::string& signal_at,
                       std::chrono::milliseconds delay) {
  int fds[2];
  if (::pipe2(fds, O_CLOEXEC) != 0) throw std::runtime_error("pipe failed");
  pid_t pid = ::fork();
  if (pid == 0) {
    ::dup2(fds[1], 1);
    if (!signal_at.empty()) ::setenv("ACCTSEG_TEST_SIGNAL_AT", signal_at.c_str(), 1);
    std::string seed_text = std::to_string(seed);
    ::execl("/proc/self/exe", "wal_crash_test", "write", dir.c_str(), seed_text.c_str(), nullptr);
    _exit(127);
  }
  ::close(fds[1]);
  std::string printed;
  char buffer[65536];
  auto kill_at = std::chrono::steady_clock::now() + delay;
  bool killed = false;
  for (;;) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        kill_at - std::chrono::steady_clock::now());
    if (!killed && left.count() <= 0) {
      ::kill(pid, SIGKILL);
      killed = true;
    }
    pollfd poll_fd{fds[0], POLLIN, 0};
    ::poll(&poll_fd, 1, killed ? -1 : static_cast<int>(left.count()));
    ssize_t got = ::read(fds[0], buffer, sizeof buffer);
    if (got > 0) printed.append(buffer, static_cast<size_t>(got));
    if (got == 0) break;  // the writer is dead (or exited) and everything it wrote is read
  }
  ::close(fds[0]);
  int status = 0;
  ::waitpid(pid, &status, 0);
  if (!(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL))
    std::fprintf(stderr, "note: the writer ended by itself (status %d)\n", status);
  return printed;
}

int Check(int rounds) {
  std::string pattern =
      (std::filesystem::temp_directory_path() / "acctseg-wal-crash-XXXXXX").string();
  std::string dir = ::mkdtemp(pattern.data());
  std::map<uint64_t, std::string>
      known;  // the fingerprint of every record acknowledged or seen so far
  int failures = 0, torn = 0;
  auto fail = [&](int round, const std::string& what) {
    std::fprintf(stderr, "round %d: %s\n", round, what.c_str());
    ++failures;
  };
  std::mt19937 random(14);
  EventLog::Options options;
  options.segment_bytes = kSegmentBytes;
  for (int round = 0; round < rounds && failures == 0; ++round) {
    static const char* const kPoints[] = {"wal-write-half", "wal-written", "wal-roll"};
    std::string signal_at;
    auto delay = std::chrono::milliseconds(round % 8 == 0 ? round % 3 : 5 + random() % 245);
    if (round % 2 == 1) {
      std::string point = kPoints[(round / 2) % 3];
      signal_at =
          point + "#" + std::to_string(1 + random() % (point == "wal-roll" ? 3 : 40)) + ":KILL";
      delay = std::chrono::milliseconds(10000);  // only if the point is never reached
    }
    std::string printed = RunAndKill(dir, round + 1, signal_at, delay);
    size_t acked = 0;
    for (size_t at = 0, end; (end = printed.find('\n', at)) != std::string::npos; at = end + 1) {
      std::string line = printed.substr(at, end - at);
      size_t space = line.find(' ');
      uint64_t seq = std::stoull(line.substr(0, space));
      std::string payload = line.substr(space + 1);
      auto [it, inserted] = known.emplace(seq, payload);
      if (!inserted && it->second != payload)
        fail(round, "seq " + std::to_string(seq) + " acknowledged twice");
      ++acked;
    }
    EventLog::Recovery recovery;
    auto log = EventLog::Open(dir, &recovery, options);
    if (recovery.truncated_bytes > 0) ++torn;
    if (signal_at.rfind("wal-write-half", 0) == 0 && recovery.truncated_bytes == 0)
      fail(round, "killed half way through a commit, yet no torn tail was cut");
    uint64_t expected_seq = 1;
    std::map<uint64_t, std::string> seen;
    log->Replay(0, [&](uint64_t seq, std::string_view payload) {
      if (seq != expected_seq)
        fail(round, "seq " + std::to_string(seq) + " after " + std::to_string(expected_seq - 1));
      expected_seq = seq + 1;
      seen.emplace(seq, Fingerprint(payload));
    });
    if (expected_seq - 1 != log->last_seq()) fail(round, "replay and last_seq disagree");
    for (const auto& [seq, payload] : known) {
      auto found = seen.find(seq);
      if (found == seen.end())
        fail(round, "acknowledged seq " + std::to_string(seq) + " is lost");
      else if (found->second != payload)
        fail(round, "seq " + std::to_string(seq) + " changed");
    }
    known = seen;
    uint64_t next = log->AppendDurable({"driver-" + std::to_string(round)}).front();
    if (next != recovery.last_seq + 1)
      fail(round, "the next append got seq " + std::to_string(next));
    known.emplace(next, Fingerprint("driver-" + std::to_string(round)));
    log.reset();
    EventLog::Recovery again;
    EventLog::Open(dir, &again, options);
    if (again.truncated_bytes != 0)
      fail(round, "a second open cut " + std::to_string(again.truncated_bytes) + " bytes");
    std::string when =
        signal_at.empty() ? "after " + std::to_string(delay.count()) + " ms" : "at " + signal_at;
    std::printf("round %2d: killed %-24s %5zu acknowledged, log at seq %6llu; %s\n", round,
                when.c_str(), acked, static_cast<unsigned long long>(next),
                recovery.message.c_str());
  }
  std::printf("%s: %d rounds, %zu records, %d torn tails cut\n", failures == 0 ? "ok" : "FAILED",
              rounds, known.size(), torn);
  std::filesystem::remove_all(dir);
  return failures == 0 ? 0 : 1;
}

}  // namespace
}  // namespace acctseg

int main(int argc, char** argv) {
  try {
    if (argc == 4 && std::string(argv[1]) == "write")
      return acctseg::Write(argv[2], static_cast<unsigned>(std::stoul(argv[3])));
    return acctseg::Check(argc > 1 ? std::stoi(argv[1]) : 40);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "wal_crash_test: %s\n", e.what());
    return 2;
  }
}
