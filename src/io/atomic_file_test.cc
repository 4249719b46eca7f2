#include "io/atomic_file.h"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <thread>

#include "common/error.h"
#include "util/store_fixtures.h"
#include "util/table_text.h"

namespace acctseg {
namespace {

// Bytes whose every position differs from its neighbours', so a block
// written twice, dropped or shifted shows.
std::string Pattern(size_t size, size_t seed) {
  std::string bytes(size, '\0');
  for (size_t i = 0; i < size; ++i)
    bytes[i] = static_cast<char>((i * 131 + seed * 7 + i / 4096) % 251);
  return bytes;
}

class AtomicFileTest : public ::testing::TestWithParam<AtomicFile::Caching> {
 protected:
  size_t Entries() const {
    const std::filesystem::path dir = std::filesystem::path(dir_.File("x")).parent_path();
    return static_cast<size_t>(std::distance(std::filesystem::directory_iterator(dir),
                                             std::filesystem::directory_iterator()));
  }

  testing::TempDir dir_;
};

// Sizes around the direct writes' 4096-byte blocks and 4 MiB staging
// buffer, written in pieces of every shape: the file holds exactly the
// bytes, in order.
TEST_P(AtomicFileTest, WritesExactlyTheBytesInPiecesOfAnySize) {
  const size_t kStaged = size_t{4} << 20;
  for (size_t total : {size_t{0}, size_t{1}, size_t{4095}, size_t{4096}, size_t{4097}, kStaged - 1,
                       kStaged, kStaged + 4096 + 3, 3 * kStaged + 12345}) {
    for (size_t piece : {size_t{1} << 30, size_t{4096}, size_t{1000}, size_t{kStaged + 1}}) {
      if (piece < 4096 && total > kStaged) continue;  // slow, and the 1000 case covers it below
      const std::string path = dir_.File("out.csv");
      const std::string bytes = Pattern(total, piece);
      {
        AtomicFile file(path, GetParam());
        for (size_t at = 0; at < total; at += piece)
          file.Write(std::string_view(bytes).substr(at, piece));
        file.Commit();
      }
      EXPECT_EQ(testing::FileText(path), bytes) << total << " bytes in pieces of " << piece;
      EXPECT_EQ(Entries(), 1u);
    }
  }
}

TEST_P(AtomicFileTest, ManySmallWritesAcrossTheStagingBuffer) {
  const std::string path = dir_.File("out.csv");
  std::string expected;
  {
    AtomicFile file(path, GetParam());
    for (size_t i = 0; expected.size() < (size_t{9} << 20); ++i) {
      const std::string line = Pattern(1 + i % 300, i);
      file.Write(line);
      expected += line;
    }
    file.Commit();
  }
  EXPECT_EQ(testing::FileText(path), expected);
}

// Sync leaves an unaligned tail on disk; the writes after it still land
// after it, in order.
TEST_P(AtomicFileTest, WritesAfterASyncFollowIt) {
  const std::string path = dir_.File("out.csv");
  const std::string first = Pattern((size_t{5} << 20) + 17, 1), second = Pattern(9000, 2);
  {
    AtomicFile file(path, GetParam());
    file.Write(first);
    file.Sync();
    file.Write(second);
    file.Write(first);
    file.Commit();
  }
  EXPECT_EQ(testing::FileText(path), first + second + first);
}

TEST_P(AtomicFileTest, AnUncommittedFileLeavesTheTargetAsItWas) {
  const std::string path = dir_.File("out.csv");
  { std::ofstream(path) << "before\n"; }
  {
    AtomicFile file(path, GetParam());
    file.Write(Pattern(size_t{6} << 20, 3));
  }
  EXPECT_EQ(testing::FileText(path), "before\n");
  EXPECT_EQ(Entries(), 1u);
}

// An overwritten file keeps its mode, owner and group (a nightly job run by
// root over a file a group reads); a new one is this process's. Needs root
// to give a file away (CI and this project's machines run tests as root).
TEST_P(AtomicFileTest, AnOverwrittenFileKeepsItsModeOwnerAndGroup) {
  if (::geteuid() != 0) GTEST_SKIP() << "giving a file to another owner needs root";
  const std::string path = dir_.File("out.csv");
  { std::ofstream(path) << "before\n"; }
  ASSERT_EQ(::chown(path.c_str(), 65534, 65534), 0);  // nobody:nogroup
  ASSERT_EQ(::chmod(path.c_str(), 0640), 0);
  {
    AtomicFile file(path, GetParam());
    file.Write("after\n");
    file.Commit();
  }
  struct stat info;
  ASSERT_EQ(::stat(path.c_str(), &info), 0);
  EXPECT_EQ(testing::FileText(path), "after\n");
  EXPECT_EQ(info.st_mode & 07777, 0640u);
  EXPECT_EQ(info.st_uid, 65534u);
  EXPECT_EQ(info.st_gid, 65534u);
  const std::string fresh = dir_.File("new.csv");
  {
    AtomicFile file(fresh, GetParam());
    file.Commit();
  }
  ASSERT_EQ(::stat(fresh.c_str(), &info), 0);
  EXPECT_EQ(info.st_uid, ::geteuid());
}

// A pipe (or a device: /dev/null) is written in place: a rename would put
// a regular file where it was, as root /dev/null itself. The reader gets
// every byte, and the FIFO is still a FIFO.
TEST_P(AtomicFileTest, WritesAPipeInPlace) {
  const std::string path = dir_.File("fifo");
  ASSERT_EQ(::mkfifo(path.c_str(), 0600), 0);
  const std::string bytes = Pattern(300000, 5);
  std::string received;
  std::thread reader([&] { received = testing::FileText(path); });
  {
    AtomicFile file(path, GetParam());
    EXPECT_EQ(file.temp_path(), "");
    file.Write(bytes);
    file.Commit();
  }
  reader.join();
  EXPECT_EQ(received, bytes);
  EXPECT_TRUE(std::filesystem::is_fifo(path));
  EXPECT_EQ(Entries(), 1u);
}

// Through a link, the file it leads to is replaced and the link stays.
TEST_P(AtomicFileTest, ReplacesTheFileALinkLeadsTo) {
  const std::string real = dir_.File("real.csv"), link = dir_.File("link.csv");
  { std::ofstream(real) << "before\n"; }
  std::filesystem::create_symlink("real.csv", link);
  {
    AtomicFile file(link, GetParam());
    EXPECT_EQ(std::filesystem::path(file.temp_path()).parent_path(),
              std::filesystem::path(real).parent_path());
    file.Write("after\n");
    file.Commit();
  }
  EXPECT_TRUE(std::filesystem::is_symlink(link));
  EXPECT_EQ(testing::FileText(real), "after\n");
  EXPECT_EQ(Entries(), 2u);
}

// A directory is refused before anything is written, naming it.
TEST_P(AtomicFileTest, RefusesADirectory) {
  const std::string path = dir_.File("adir");
  std::filesystem::create_directory(path);
  try {
    AtomicFile file(path, GetParam());
    FAIL() << "a directory was taken as an output";
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::kIo);
    EXPECT_NE(std::string(e.what()).find("adir\": Is a directory"), std::string::npos) << e.what();
  }
  EXPECT_TRUE(std::filesystem::is_empty(path));
  EXPECT_EQ(Entries(), 1u);
}

TEST_P(AtomicFileTest, NamesAMissingDirectory) {
  // It said "cannot create a temporary file for ...: No such file or directory".
  const std::string path = dir_.File("nodir/out.csv");
  try {
    AtomicFile file(path, GetParam());
    FAIL() << "a file in a missing directory was opened";
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::kIo);
    EXPECT_EQ(std::string(e.what()), "cannot write \"" + path + "\": its directory " +
                                         dir_.File("nodir") + " does not exist (mkdir -p " +
                                         dir_.File("nodir") + ")");
  }
}

INSTANTIATE_TEST_SUITE_P(Caching, AtomicFileTest,
                         ::testing::Values(AtomicFile::Caching::kPageCache,
                                           AtomicFile::Caching::kBypass,
                                           AtomicFile::Caching::kPaced),
                         [](const auto& info) {
                           switch (info.param) {
                             case AtomicFile::Caching::kBypass:
                               return "Bypass";
                             case AtomicFile::Caching::kPaced:
                               return "Paced";
                             default:
                               return "PageCache";
                           }
                         });

// A file system without O_DIRECT (tmpfs) takes the bytes the ordinary way.
// Killed writers' temporaries go, of one target or of a whole directory;
// other files, and names that only look alike, stay.
TEST(RemoveStaleTemporariesTest, OfATargetOrOfADirectory) {
  testing::TempDir dir;
  const std::string a = dir.File("a.csv"), b = dir.File("outputs-7.csv");
  for (const std::string& name :
       {a + ".acctseg-Ab12Cd.tmp", b + ".acctseg-Xy34Zw.tmp", a, dir.File("notes.acctseg-.tmp")})
    std::ofstream(name) << "x";
  EXPECT_EQ(RemoveStaleTemporaries(a), 1u);
  EXPECT_FALSE(std::filesystem::exists(a + ".acctseg-Ab12Cd.tmp"));
  EXPECT_TRUE(std::filesystem::exists(b + ".acctseg-Xy34Zw.tmp"));
  EXPECT_EQ(RemoveStaleTemporariesIn(std::filesystem::path(a).parent_path().string()), 1u);
  EXPECT_FALSE(std::filesystem::exists(b + ".acctseg-Xy34Zw.tmp"));
  EXPECT_TRUE(std::filesystem::exists(a));
  EXPECT_TRUE(std::filesystem::exists(dir.File("notes.acctseg-.tmp")));
}

TEST(AtomicFileBypassTest, FallsBackWhereDirectWritesAreRefused) {
  const std::filesystem::path shm = "/dev/shm";
  if (!std::filesystem::is_directory(shm)) GTEST_SKIP() << "no /dev/shm here";
  std::string pattern = (shm / "atomic_file_test.XXXXXX").string();
  if (mkdtemp(pattern.data()) == nullptr) GTEST_SKIP() << "cannot write to /dev/shm";
  const std::string path = pattern + "/out.csv";
  const std::string bytes = Pattern((size_t{4} << 20) + 4099, 4);
  {
    AtomicFile file(path, AtomicFile::Caching::kBypass);
    file.Write(bytes);
    file.Commit();
  }
  const std::string written = testing::FileText(path);
  std::filesystem::remove_all(pattern);
  EXPECT_EQ(written, bytes);
}

}  // namespace
}  // namespace acctseg
