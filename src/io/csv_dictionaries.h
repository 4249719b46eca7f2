// How ReadCsv turns the chunks' strings into one Dictionary per column.
//
// Two strategies, because a Dictionary's cost is its random probes: a column
// with few distinct values is interned per chunk (small, cache-resident
// tables) and the chunk dictionaries are merged, codes in order of first
// appearance. A column with mostly distinct values (ids, names) would make
// both steps miss cache on every row, so chunks only hash each row's text,
// and the final dictionary is filled in order of hash slot, which turns its
// probes into a sequential sweep; its codes are in that (deterministic)
// order. Either way the result does not depend on chunking or threads.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <vector>

#include "io/csv_chunk_parser.h"
#include "table/dictionary.h"

namespace acctseg {

// How each field is stored, from a bounded sample of the rows after
// `begin` (malformed input ends the sample): string fields whose sampled
// rows are mostly distinct are high_cardinality; every field's parse_width
// is chosen with room above the sampled values (a chunk keeps the few that
// do not fit aside).
void ChooseStorage(const char* data, size_t size, size_t begin, char delimiter,
                   std::vector<CsvFieldPlan>* fields);

// Merges the chunk dictionaries of output `column`, filling each chunk's
// remap table and freeing its dictionary.
std::shared_ptr<Dictionary> MergeChunkDictionaries(std::vector<CsvChunk>& chunks, size_t column);

}  // namespace acctseg
