// Fuzzes the policy parser and the binder (docs/testing.md): any text must
// parse and compile to a plan (and its routing: section to a router) or fail
// with a located policy error. Table
// files that the policy names are read relative to the current directory.
#include <string>

#include "fuzz/fuzz_util.h"
#include "plan/plan.h"
#include "policy/policy_ast.h"
#include "routing/router.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string text(reinterpret_cast<const char*>(data), size);
  acctseg::fuzz::ExpectOnlyUserErrors([&] {
    acctseg::PolicyAst policy = acctseg::ParsePolicyText("fuzz.yaml", text);
    auto plan = acctseg::Plan::Compile(policy);
    if (policy.routing) acctseg::Router::Compile(policy, *plan);
  });
  return 0;
}
