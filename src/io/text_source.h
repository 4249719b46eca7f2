// The text a reader parses: a file's bytes, or text already in memory (a
// database's COPY output), always as UTF-8 with '\n' or "\r\n" line ends.
//
// A UTF-8 file with ordinary line ends stays a zero-copy mapping
// (io/mapped_file.h). A file in a declared single-byte encoding, or with
// classic Mac (lone '\r') line ends, is converted into memory once
// (io/text_encoding.h), and the mapping is dropped right after.
// Movable, not copyable; thread-safe to read.
#pragma once

#include <cstddef>
#include <memory>
#include <string>

#include "io/mapped_file.h"
#include "io/text_encoding.h"

namespace acctseg {

class TextSource {
 public:
  // Throws Error (kIo) naming the path if it cannot be read.
  static TextSource Open(const std::string& path, TextEncoding encoding);
  // `text` must be UTF-8.
  static TextSource FromMemory(std::string text);

  const char* data() const { return file_ ? file_->data() : text_.data(); }
  size_t size() const { return file_ ? file_->size() : text_.size(); }
  // Bytes of the original (the file before any conversion).
  uint64_t source_bytes() const { return source_bytes_; }
  // True when the text was decoded from a single-byte encoding: one
  // character of the text is one byte of the file, so messages count
  // columns in characters to name the file's byte column.
  bool columns_are_characters() const { return columns_are_characters_; }

  // See MappedFile::ReleasePages; nothing for text in memory.
  void ReleasePages(size_t begin, size_t end) const {
    if (file_) file_->ReleasePages(begin, end);
  }

 private:
  std::unique_ptr<MappedFile> file_;  // null: the text is in text_
  std::string text_;
  uint64_t source_bytes_ = 0;
  bool columns_are_characters_ = false;
};

}  // namespace acctseg
