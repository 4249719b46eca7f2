// The function registry: every function of the policy language, registered
// once with its name, arity, type rule, kernel factory, NULL behaviour and
// documentation (as Arrow compute's FunctionRegistry and DuckDB's catalog
// do). The binder looks a call's name up here; nothing else in acctseg
// spells a function's name (except docs and tests). Adding a function is a
// registration (functions_*.cc) and a kernel (nodes_*.cc).
//
// Words (docs/glossary.md): a *function* is what the policy calls by name;
// its *type rule* checks the arguments' types and decides the result type at
// bind time; its *kernel* is the evaluation node (a BoundExpr) the *kernel
// factory* builds from the bound arguments.
//
// A FunctionRegistry is immutable once built; reads from any thread are safe.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "expr/nodes.h"
#include "expr/type_rules.h"

namespace acctseg {

struct ParsedExpr;

// Scalar functions compute each row from that row's arguments; family
// aggregates reduce an argument over every member of the row's family, and
// need a family step before; table aggregates fold the rows of a related
// input onto its accounts, only in an aggregate step (they have no kernel:
// the step computes them).
enum class FunctionKind { kScalar, kFamilyAggregate, kTableAggregate };

// kPropagates: a NULL argument makes the result NULL. kHandlesNull: the
// function gives NULL its own meaning (COALESCE skips it, an aggregate
// leaves it out, LIST_EXCEPT removes nothing).
enum class NullHandling { kPropagates, kHandlesNull };

inline constexpr size_t kVariadic = SIZE_MAX;

// One argument of a call, as the type rule sees it.
struct CallArgument {
  DataType type;              // bound type; Null for an argument read as written
  const ParsedExpr* written;  // the argument as the policy wrote it
  size_t offset;              // where it starts in the expression text
};

struct Call {
  std::string_view name;
  size_t offset;  // of the call in the expression text
  std::vector<CallArgument> args;
};

// What a type rule decides: the result type, the constants the kernel needs
// from arguments read as written (FAMILY_MAX's ranking), or the mistake.
struct CallType {
  CallType(DataType result) : type(result) {}                 // NOLINT: a rule returns a type
  CallType(TypeError mistake) : error(std::move(mistake)) {}  // NOLINT: or a mistake

  DataType type;
  std::vector<std::string> constants;
  std::optional<TypeError> error;
};
using TypeRule = std::function<CallType(const Call&)>;

// What a kernel factory gets: the typed call and its bound arguments;
// `new_id` numbers the nodes it makes (each node needs one).
struct KernelInput {
  std::string_view name;
  CallType typed;
  std::vector<ExprPtr> args;
  std::function<int()> new_id;
};
using KernelFactory = std::function<ExprPtr(KernelInput)>;

// One row of the function's table in docs/policy-language.md: a form of the
// call, what it takes, what it gives.
struct FunctionDoc {
  std::string call;       // COALESCE(a, b, …)
  std::string arguments;  // ≥ 1, one common type (not list)
  std::string result;     // the first non-NULL argument
};

struct FunctionDef {
  std::string name;  // upper case, as the parser gives it
  FunctionKind kind = FunctionKind::kScalar;
  size_t min_args = 0;
  size_t max_args = 0;  // kVariadic: no limit
  // Arguments from this index on are not bound as expressions: the type
  // rule reads them as written (ROUND's digits, FAMILY_MAX's ranking).
  size_t bound_args = kVariadic;
  NullHandling nulls = NullHandling::kPropagates;
  TypeRule type_rule;
  KernelFactory kernel;
  std::vector<FunctionDoc> docs;  // one line per form, at least one
};

class FunctionRegistry {
 public:
  // Takes the definitions in order (the order of suggestions and of the
  // docs' tables). A repeated name is a programmer error (Error kInternal).
  explicit FunctionRegistry(std::vector<FunctionDef> functions);
  FunctionRegistry(const FunctionRegistry&) = delete;  // by_name_ points into functions_
  FunctionRegistry& operator=(const FunctionRegistry&) = delete;

  // Every function of the policy language.
  static const FunctionRegistry& Default();

  // nullptr if no function has this (upper-case) name.
  const FunctionDef* Find(std::string_view name) const;
  const std::vector<FunctionDef>& functions() const { return functions_; }
  const std::vector<std::string>& names() const { return names_; }

 private:
  std::vector<FunctionDef> functions_;
  std::vector<std::string> names_;
  std::unordered_map<std::string_view, size_t> by_name_;
};

// A type rule for arguments of fixed types: checks each argument in order
// against `wanted` (a type and the argument's role in messages: "LIST_JOIN
// second argument expects a string, found integer"), then gives `result`.
struct WantedArgument {
  TypeId type;
  std::string role;
};
TypeRule Expecting(std::vector<WantedArgument> wanted, DataType result);

// The registrations, one file per family of functions.
void RegisterScalarFunctions(std::vector<FunctionDef>& out);
void RegisterListFunctions(std::vector<FunctionDef>& out);
void RegisterDateFunctions(std::vector<FunctionDef>& out);
void RegisterFamilyAggregates(std::vector<FunctionDef>& out);
void RegisterTableAggregates(std::vector<FunctionDef>& out);
void RegisterNormalizeFunctions(std::vector<FunctionDef>& out);  // COUNTRY_CODE, ...

// The Markdown table of the functions of `kind` (docs/policy-language.md
// embeds it; functions_doc_test.cc keeps the two equal).
std::string FunctionTableMarkdown(const FunctionRegistry& registry, FunctionKind kind);

}  // namespace acctseg
