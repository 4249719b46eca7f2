# Writes a C++ file that holds INPUT's bytes as a std::string_view named
# acctseg::SYMBOL, so data files (data/) are part of the binary and need no
# install path. Run at build time by acctseg_embed() in CMakeLists.txt:
#   cmake -DINPUT=data/countries.csv -DOUTPUT=build/embedded/x.cc -DSYMBOL=kCountriesCsv -P embed_file.cmake
file(READ "${INPUT}" hex HEX)
string(LENGTH "${hex}" hex_length)
math(EXPR size "${hex_length} / 2")
# 16 bytes a line (CMake's regular expressions have no {n}), so the
# generated file stays readable.
string(REGEX REPLACE "(................................)" "\\1\n    " hex "${hex}")
string(REGEX REPLACE "([0-9a-f][0-9a-f])" "0x\\1," bytes "${hex}")
file(WRITE "${OUTPUT}.tmp"
"// Generated from ${INPUT} by cmake/embed_file.cmake; do not edit.
#include <string_view>

namespace acctseg {
namespace {
const unsigned char kBytes[] = {
    ${bytes}0};
}  // namespace
extern const std::string_view ${SYMBOL};
const std::string_view ${SYMBOL}(reinterpret_cast<const char*>(kBytes), ${size});
}  // namespace acctseg
")
file(COPY_FILE "${OUTPUT}.tmp" "${OUTPUT}" ONLY_IF_DIFFERENT)
file(REMOVE "${OUTPUT}.tmp")
