// The SIGBUS guard of mapped input files (see mapped_file.h): a fixed table
// of the live mappings that a signal handler can search without locks or
// allocation. Internal to src/io.
#pragma once

#include <cstddef>
#include <string>

namespace acctseg {

// Registers [data, data + size) as the mapping of `path`; installs the
// handler on first use. Returns the slot to pass to UnguardMapping, or -1
// when the table is full (the mapping then simply is not guarded).
int GuardMapping(const char* data, size_t size, const std::string& path);
void UnguardMapping(int slot);

}  // namespace acctseg
