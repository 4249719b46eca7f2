// Content fingerprints for the run store: XXH3-128 of a file's bytes or of
// a string, written "xxh3-128:<32 lowercase hex digits>". Fast (several
// GB/s), not cryptographic: it tells "same input" from "changed input", it
// does not defend against someone forging a collision.
#pragma once

#include <string>
#include <string_view>

namespace acctseg {

// Hash of the bytes of the file at `path`, read in streaming chunks.
// Throws Error(kIo) naming the path if it cannot be opened or read.
std::string HashFile(const std::string& path);

std::string HashString(std::string_view text);

inline constexpr std::string_view kContentHashPrefix = "xxh3-128:";

}  // namespace acctseg
