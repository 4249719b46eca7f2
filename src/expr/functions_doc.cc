// The function tables of docs/policy-language.md (§4.6, §4.8), written from
// the registry so the reference cannot drift from what the binder accepts.
#include "expr/functions.h"

namespace acctseg {

std::string FunctionTableMarkdown(const FunctionRegistry& registry, FunctionKind kind) {
  std::string table = kind == FunctionKind::kScalar ? "| function | arguments | result |\n"
                                                    : "| aggregate | argument | result |\n";
  table += "| --- | --- | --- |\n";
  for (const FunctionDef& def : registry.functions()) {
    if (def.kind != kind) continue;
    for (const FunctionDoc& doc : def.docs)
      table += "| `" + doc.call + "` | " + doc.arguments + " | " + doc.result + " |\n";
  }
  return table;
}

}  // namespace acctseg
