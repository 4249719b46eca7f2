// A run's check that its inputs did not change while it read them
// (job/inputs.h CheckUnchanged).
#include "job/inputs.h"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <chrono>
#include <fstream>
#include <thread>

#include "common/error.h"
#include "store/content_hash.h"

namespace acctseg {
namespace {

class CheckUnchangedTest : public ::testing::Test {
 protected:
  void SetUp() override {
    char dir[] = "/tmp/inputs_test.XXXXXX";
    ASSERT_NE(::mkdtemp(dir), nullptr);
    dir_ = dir;
    path_ = dir_ + "/in.csv";
    std::ofstream(path_, std::ios::binary) << "id\nK0,1\n";
    before_ = StampOf(path_);
    hash_ = HashFile(path_);
    // File times come from a coarse clock (a few ms): let it move on.
    std::this_thread::sleep_for(std::chrono::milliseconds(30));
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  std::string dir_, path_, hash_;
  FileStamp before_;
};

// A chmod or a link made to the file moves only its status-change time:
// its bytes are the same, and the run goes on.
TEST_F(CheckUnchangedTest, AChmodOrALinkIsNoChange) {
  ASSERT_EQ(::chmod(path_.c_str(), 0600), 0);
  ASSERT_EQ(::link(path_.c_str(), (dir_ + "/link.csv").c_str()), 0);
  ASSERT_NE(StampOf(path_), before_);
  EXPECT_NO_THROW(CheckUnchanged(path_, before_, hash_));
  EXPECT_NO_THROW(CheckUnchanged(path_, before_));
}

// An edit of the same size with its modification time set back: only the
// status-change time tells, and the bytes confirm it.
TEST_F(CheckUnchangedTest, AnEditWithItsTimeSetBackStopsTheRun) {
  struct stat info;
  ASSERT_EQ(::stat(path_.c_str(), &info), 0);
  std::ofstream(path_, std::ios::binary | std::ios::trunc) << "id\nK0,9\n";
  const timespec times[2] = {info.st_atim, info.st_mtim};
  ASSERT_EQ(::utimensat(AT_FDCWD, path_.c_str(), times, 0), 0);
  try {
    CheckUnchanged(path_, before_, hash_);
    ADD_FAILURE() << "an edit went unseen";
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::kInput);
    EXPECT_NE(std::string(e.what()).find("the file changed while it was read"), std::string::npos);
  }
}

// A plain edit (another size) is a change whatever hash there is.
TEST_F(CheckUnchangedTest, AnEditOfAnotherSizeStopsTheRun) {
  std::ofstream(path_, std::ios::binary | std::ios::app) << "K1,2\n";
  EXPECT_THROW(CheckUnchanged(path_, before_), Error);
}

}  // namespace
}  // namespace acctseg
