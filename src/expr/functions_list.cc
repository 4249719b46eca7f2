// The functions over lists of strings (lists exist only inside an
// expression: SPLIT makes them, the others consume them).
#include "expr/functions.h"

namespace acctseg {

namespace {

// A kernel from a node factory over the call's two arguments.
KernelFactory Binary(ExprPtr (*make)(int, ExprPtr, ExprPtr)) {
  return [make](KernelInput in) {
    return make(in.new_id(), std::move(in.args[0]), std::move(in.args[1]));
  };
}

}  // namespace

void RegisterListFunctions(std::vector<FunctionDef>& out) {
  const auto kList = TypeId::kList;
  const auto kString = TypeId::kString;
  const auto kScalar = FunctionKind::kScalar;
  out.push_back({"SPLIT",
                 kScalar,
                 2,
                 2,
                 kVariadic,
                 NullHandling::kPropagates,
                 Expecting({{kString, "text"}, {kString, "separator"}}, DataType::List()),
                 Binary(MakeSplit),
                 {{"SPLIT(s, sep)", "string, string",
                   "list; `''` gives an empty list, `'a;;b;'` gives `a`,`''`,`b`,`''`; an empty "
                   "`sep` gives a one-item list"}}});
  out.push_back(
      {"LIST_EXCEPT",
       kScalar,
       2,
       2,
       kVariadic,
       NullHandling::kHandlesNull,
       Expecting({{kList, "first argument"}, {kList, "second argument"}}, DataType::List()),
       Binary(MakeListExcept),
       {{"LIST_EXCEPT(l, r)", "list, list",
         "items of `l` not in `r`, order kept; NULL `r` removes nothing"}}});
  out.push_back(
      {"LIST_JOIN",
       kScalar,
       2,
       2,
       kVariadic,
       NullHandling::kPropagates,
       Expecting({{kList, "first argument"}, {kString, "second argument"}}, DataType::String()),
       Binary(MakeListJoin),
       {{"LIST_JOIN(l, sep)", "list, string", "string; empty list gives `''`"}}});
  out.push_back(
      {"LIST_CONTAINS",
       kScalar,
       2,
       2,
       kVariadic,
       NullHandling::kPropagates,
       Expecting({{kList, "first argument"}, {kString, "second argument"}}, DataType::Bool()),
       Binary(MakeListContains),
       {{"LIST_CONTAINS(l, s)", "list, string", "boolean"}}});
  out.push_back({"LIST_LENGTH",
                 kScalar,
                 1,
                 1,
                 kVariadic,
                 NullHandling::kPropagates,
                 Expecting({{kList, "first argument"}}, DataType::Int64()),
                 [](KernelInput in) { return MakeListLength(in.new_id(), std::move(in.args[0])); },
                 {{"LIST_LENGTH(l)", "list", "integer"}}});
}

}  // namespace acctseg
