// Fuzzes the expression language (docs/testing.md): any text must parse,
// bind against a small table (every column type, NULLs included) and
// evaluate, or fail with a diagnostic. Arithmetic overflow must be an issue
// or NULL, never undefined behaviour (UBSan checks that).
#include <string>

#include "expr/binder.h"
#include "fuzz/fuzz_util.h"

namespace acctseg {
namespace {

struct Fixture {
  RunData run;
  Scope scope;

  Fixture() {
    auto words = std::make_shared<Dictionary>();
    auto name = std::make_shared<Column>(Column::Make(DataType::String(), 3, true));
    name->codes = {words->Intern("Acme"), words->Intern(""), words->Intern("core; SEC ;x")};
    name->nulls = {0, 0, 1};
    name->dictionary = words;
    auto n = std::make_shared<Column>(Column::Make(DataType::Int64(), 3, true));
    n->ints = {INT64_MAX, INT64_MIN, 0};
    n->nulls = {0, 0, 1};
    auto d = std::make_shared<Column>(Column::Make(DataType::Decimal(2), 3, false));
    d->ints = {250, -250, 1};
    auto flag = std::make_shared<Column>(Column::Make(DataType::Bool(), 3, true));
    flag->ints = {1, 0, 0};
    flag->nulls = {0, 0, 1};
    run.row_count = 3;
    run.slots = {name, n, d, flag};
    scope.columns["name"] = {DataType::String(), 0};
    scope.columns["n"] = {DataType::Int64(), 1};
    scope.columns["d"] = {DataType::Decimal(2), 2};
    scope.columns["flag"] = {DataType::Bool(), 3};
  }
};

void Run(const std::string& text) {
  static Fixture fixture;
  Diagnostics diagnostics;
  ExprBinder binder(&diagnostics);
  ExprPtr e = binder.Bind(ExprText{text, {}, true, {}}, fixture.scope);
  if (!e) {
    if (diagnostics.empty()) {
      std::fprintf(stderr, "Bind failed without a diagnostic\n");
      std::abort();
    }
    diagnostics.ThrowIfAny();  // renders them too; a kPolicy error
    return;
  }
  RunData& run = fixture.run;
  run.node_count = binder.node_count();
  run.prepared.assign(run.node_count, nullptr);
  EvalScratch scratch;
  InitScratch(scratch, binder.node_count());
  Batch batch{run, 0, run.row_count, scratch};
  Vector out;
  e->Eval(batch, out);
}

}  // namespace
}  // namespace acctseg

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string text(reinterpret_cast<const char*>(data), size);
  acctseg::fuzz::ExpectOnlyUserErrors([&] { acctseg::Run(text); });
  return 0;
}
