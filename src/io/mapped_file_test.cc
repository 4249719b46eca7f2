// MappedFile: pipes are read whole, and a mapped file truncated under the
// reader is a clear error (exit 65 naming the file), not a SIGBUS crash.
#include "io/mapped_file.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>

namespace acctseg {
namespace {

TEST(MappedFileTest, ReadsAPipeToItsEnd) {
  int fds[2];
  ASSERT_EQ(::pipe(fds), 0);
  std::string text = "id,employees\n";
  for (int i = 0; i < 1000; ++i) text += "A" + std::to_string(i) + ",5\n";
  ASSERT_EQ(::write(fds[1], text.data(), text.size()), static_cast<ssize_t>(text.size()));
  ::close(fds[1]);
  MappedFile file("/proc/self/fd/" + std::to_string(fds[0]));
  ::close(fds[0]);
  EXPECT_EQ(std::string(file.data(), file.size()), text);
  file.ReleasePages(0, file.size());  // nothing to release; must not touch the heap copy
  EXPECT_EQ(std::string(file.data(), file.size()), text);
}

TEST(MappedFileDeathTest, ATruncatedInputIsAnErrorNamingTheFile) {
  std::string path = (std::filesystem::temp_directory_path() /
                      ("acctseg-truncated-" + std::to_string(::getpid()) + ".csv"))
                         .string();
  std::ofstream(path) << std::string(1 << 20, 'x');
  EXPECT_EXIT(
      {
        MappedFile file(path);
        std::filesystem::resize_file(path, 0);
        volatile char last = file.data()[file.size() - 1];
        (void)last;
      },
      ::testing::ExitedWithCode(65),
      "truncated-.*\\.csv: the file was truncated while it was read");
  std::remove(path.c_str());
}

}  // namespace
}  // namespace acctseg
