#include "io/text_source.h"

#include <fmt/format.h>

#include <algorithm>
#include <string_view>

#include "common/error.h"
#include "common/utf8_decode.h"
#include "io/utf8.h"

namespace acctseg {

namespace {

// A file whose bytes say it is in another encoding than the one it is read
// in: UTF-16 (Excel's "Unicode text") in any, and UTF-8 where the policy
// declares a single-byte encoding, which would turn "é" into "Ã©" without
// a word (a team on encoding: windows-1252, and one export saved as CSV
// UTF-8).
void RefuseOtherEncoding(std::string_view bytes, TextEncoding encoding, const std::string& path) {
  if (bytes.starts_with("\xFF\xFE") || bytes.starts_with("\xFE\xFF"))
    throw Error(ErrorKind::kInput,
                path +
                    ": begins with a UTF-16 byte order mark (Excel's \"Unicode text\"): save it "
                    "as CSV UTF-8, or convert it: iconv -f utf-16 -t utf-8");
  if (encoding == TextEncoding::kUtf8) return;
  const std::string declared =
      std::string("the policy declares encoding: ") + TextEncodingName(encoding);
  if (bytes.starts_with("\xEF\xBB\xBF"))
    throw Error(ErrorKind::kInput, path + ": begins with a UTF-8 byte order mark, but " + declared +
                                       ": the file is UTF-8; leave out encoding:");
  if (FindInvalidUtf8(bytes.data(), bytes.size()) != bytes.size()) return;
  const auto first = std::find_if(bytes.begin(), bytes.end(),
                                  [](char c) { return static_cast<unsigned char>(c) >= 0x80; });
  if (first == bytes.end()) return;  // ASCII: the same in every encoding
  const auto line = 1 + std::count(bytes.begin(), first, '\n');
  const size_t start = first - bytes.begin();
  size_t end = start;
  DecodeUtf8(bytes, &end);  // past the character
  throw Error(ErrorKind::kInput,
              fmt::format("{}:{}: the file is UTF-8 (\"{}\" here, and all of it reads as "
                          "UTF-8), but {}, which would read it as other characters; leave out "
                          "encoding:",
                          path, line, bytes.substr(start, end - start), declared));
}

}  // namespace

TextSource TextSource::Open(const std::string& path, TextEncoding encoding) {
  TextSource source;
  source.file_ = std::make_unique<MappedFile>(path);
  source.source_bytes_ = source.file_->size();
  std::string_view bytes(source.file_->data(), source.file_->size());
  RefuseOtherEncoding(bytes, encoding, path);
  // Only the first line end is looked at: a UTF-8 file with ordinary line
  // ends must stay a zero-copy mapping.
  const bool classic_mac = HasClassicMacLineEnds(bytes);
  if (encoding == TextEncoding::kUtf8 && !classic_mac) return source;
  source.text_ = ConvertToUtf8(bytes, encoding, classic_mac);
  source.columns_are_characters_ = encoding != TextEncoding::kUtf8;
  source.file_.reset();
  return source;
}

TextSource TextSource::FromMemory(std::string text) {
  TextSource source;
  source.source_bytes_ = text.size();
  source.text_ = std::move(text);
  return source;
}

}  // namespace acctseg
