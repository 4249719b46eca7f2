#include "expr/functions.h"

#include "common/error.h"

namespace acctseg {

FunctionRegistry::FunctionRegistry(std::vector<FunctionDef> functions)
    : functions_(std::move(functions)) {
  for (size_t i = 0; i < functions_.size(); ++i) {
    const FunctionDef& def = functions_[i];
    if (!by_name_.emplace(def.name, i).second || def.docs.empty())
      throw Error(ErrorKind::kInternal,
                  "function " + def.name + " registered twice or undocumented");
    names_.push_back(def.name);
  }
}

const FunctionRegistry& FunctionRegistry::Default() {
  // Built on first use; C++ makes that initialization thread-safe, and the
  // registry is never changed afterwards.
  static const FunctionRegistry registry([] {
    std::vector<FunctionDef> functions;
    RegisterScalarFunctions(functions);
    RegisterListFunctions(functions);
    RegisterNormalizeFunctions(functions);
    RegisterDateFunctions(functions);
    RegisterFamilyAggregates(functions);
    RegisterTableAggregates(functions);
    return functions;
  }());
  return registry;
}

const FunctionDef* FunctionRegistry::Find(std::string_view name) const {
  auto it = by_name_.find(name);
  return it == by_name_.end() ? nullptr : &functions_[it->second];
}

TypeRule Expecting(std::vector<WantedArgument> wanted, DataType result) {
  return [wanted = std::move(wanted), result](const Call& call) -> CallType {
    for (size_t i = 0; i < wanted.size(); ++i) {
      const CallArgument& arg = call.args[i];
      std::string where = std::string(call.name) + " " + wanted[i].role;
      if (auto mistake = ExpectType(arg.type, arg.offset, wanted[i].type, where)) return *mistake;
    }
    return result;
  };
}

}  // namespace acctseg
