#include "io/utf8.h"

#include <gtest/gtest.h>

#include <string>

namespace acctseg {
namespace {

// The ASCII fast path skips 32 and then 8 bytes at a time: a bad byte, or
// a valid multi-byte character, at every offset of buffers of every length
// around those strides is found (or passed) at its exact place.
TEST(Utf8Test, FindsTheFirstInvalidByteAtEveryOffset) {
  for (size_t size = 1; size <= 100; ++size)
    for (size_t bad = 0; bad < size; ++bad) {
      std::string text(size, 'a');
      text[bad] = '\xFF';
      EXPECT_EQ(FindInvalidUtf8(text.data(), text.size()), bad) << size << " " << bad;
    }
  EXPECT_EQ(FindInvalidUtf8("", 0), 0u);
}

// A NUL is found at its place too, past the fast path's strides: valid
// UTF-8, but no table's text (a binary or UTF-16 file).
TEST(Utf8Test, FindsANulByteAtEveryOffset) {
  for (size_t size = 1; size <= 100; ++size)
    for (size_t nul = 0; nul < size; ++nul) {
      std::string text(size, 'a');
      text[nul] = '\0';
      ASSERT_EQ(FindInvalidUtf8(text.data(), text.size()), nul) << size << " " << nul;
    }
  EXPECT_NE(InvalidUtf8Message(0, EncodingAdvice::kDeclare).find("a NUL byte (0x00)"),
            std::string::npos);
}

TEST(Utf8Test, PassesValidCharactersAtEveryOffsetAndStopsAtTruncatedOnes) {
  const std::string characters[] = {"\xC3\xA9", "\xE2\x82\xAC", "\xF0\x9F\x98\x80"};
  for (const std::string& character : characters)
    for (size_t at = 0; at < 70; ++at) {
      std::string text = std::string(at, 'x') + character + std::string(40, 'y');
      EXPECT_EQ(FindInvalidUtf8(text.data(), text.size()), text.size()) << at;
      // Cut inside the character: the lead byte is where it goes wrong.
      EXPECT_EQ(FindInvalidUtf8(text.data(), at + character.size() - 1), at) << at;
    }
  // Overlong forms and surrogates are not UTF-8.
  for (const std::string& bad : {std::string("\xC0\xAF"), std::string("\xE0\x80\xAF"),
                                 std::string("\xED\xA0\x80"), std::string("\xF4\x90\x80\x80")}) {
    std::string text = std::string(33, 'z') + bad;
    EXPECT_EQ(FindInvalidUtf8(text.data(), text.size()), 33u);
  }
}

}  // namespace
}  // namespace acctseg
