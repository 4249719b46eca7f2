#include "io/text_source.h"

#include <string_view>

namespace acctseg {

TextSource TextSource::Open(const std::string& path, TextEncoding encoding) {
  TextSource source;
  source.file_ = std::make_unique<MappedFile>(path);
  source.source_bytes_ = source.file_->size();
  std::string_view bytes(source.file_->data(), source.file_->size());
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
