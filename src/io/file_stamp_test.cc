#include "io/file_stamp.h"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <fstream>
#include <thread>

namespace acctseg {
namespace {

void WriteFile(const std::string& path, const std::string& text) {
  std::ofstream(path, std::ios::binary | std::ios::trunc) << text;
}

// A file edited in place to the same size, its modification time set back
// (as `touch -d` or a tool preserving times does): the stamp still differs,
// so neither the input cache nor a run's check takes it for unchanged.
TEST(FileStamp, AnEditWithItsModificationTimeSetBackIsSeen) {
  char dir[] = "/tmp/file_stamp_test.XXXXXX";
  ASSERT_NE(::mkdtemp(dir), nullptr);
  const std::string path = std::string(dir) + "/in.csv";
  WriteFile(path, "id\nK0,1\n");
  const FileStamp before = StampOf(path);
  EXPECT_TRUE(before.regular);
  EXPECT_EQ(StampOf(path), before);
  // File times come from a coarse clock (a few ms): let it move on.
  std::this_thread::sleep_for(std::chrono::milliseconds(30));
  struct stat info;
  ASSERT_EQ(::stat(path.c_str(), &info), 0);
  WriteFile(path, "id\nK0,9\n");
  const timespec times[2] = {info.st_atim, info.st_mtim};
  ASSERT_EQ(::utimensat(AT_FDCWD, path.c_str(), times, 0), 0);
  const FileStamp after = StampOf(path);
  EXPECT_EQ(after.size, before.size);
  EXPECT_EQ(after.modified_ns, before.modified_ns);
  EXPECT_NE(after, before);
  EXPECT_FALSE(StampOf(std::string(dir) + "/none.csv").regular);
  std::remove(path.c_str());
  ::rmdir(dir);
}

}  // namespace
}  // namespace acctseg
