// What the input-reader harnesses (fuzz_csv, fuzz_jsonl) share: their
// scratch file and the decoding of an input's first bytes into read options.
// Byte 0: how many columns are requested (0-3) and the reader's knobs; then
// (type, flags) per column: name, type, trim, empty_is_null, not_null,
// invalid_issue, required. The rest of the input is the file.
#pragma once

#include <unistd.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <string>

#include "io/csv_reader.h"

namespace acctseg::fuzz {

// The harness's own file: one per process, rewritten for every input, and
// removed when the process ends.
inline const std::string& ScratchPath(const char* suffix) {
  static const std::string path =
      (std::getenv("TMPDIR") ? std::string(std::getenv("TMPDIR")) : std::string("/tmp")) +
      "/acctseg_fuzz_" + std::to_string(getpid()) + suffix;
  static struct RemoveAtExit {
    ~RemoveAtExit() { std::remove(path.c_str()); }
  } remove_at_exit;
  return path;
}

inline DataType TypeOf(uint8_t byte) {
  switch (byte % 5) {
    case 1:
      return DataType::Int64();
    case 2:
      return DataType::Decimal(byte / 5 % 4);
    case 3:
      return DataType::Bool();
    default:
      return DataType::String();
  }
}

// Decodes the options from the input's first bytes and writes the rest to
// the scratch file at `path`. False if the input is too short.
inline bool DecodeReadInput(const uint8_t* data, size_t size, const std::string& path,
                            CsvReadOptions* options) {
  if (size < 4) return false;
  uint8_t knobs = data[0];
  options->path = path;
  options->keep_other_columns = knobs & 4;
  options->trim_other_columns = knobs & 8;
  options->threads = (knobs & 16) ? 2 : 1;
  static const char* kNames[] = {"id", "name", "amount", "flag"};
  size_t requested = knobs & 3;
  size_t used = 1;
  for (size_t i = 0; i < requested && used + 1 < size; ++i, used += 2) {
    uint8_t type = data[used], flags = data[used + 1];
    CsvColumnRequest column;
    column.name = kNames[(flags >> 5) & 3];
    column.type = TypeOf(type);
    column.required = flags & 1;
    column.trim = flags & 2;
    column.empty_is_null = flags & 4;
    column.not_null = flags & 8;
    column.invalid_issue_bit = (flags & 16) ? type % 64 : -1;
    options->columns.push_back(column);
  }
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(reinterpret_cast<const char*>(data + used), static_cast<std::streamsize>(size - used));
  return true;
}

}  // namespace acctseg::fuzz
