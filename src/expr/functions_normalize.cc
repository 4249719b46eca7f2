// The normalizer functions: COUNTRY_CODE, DOMAIN, NAME_KEY, PHONE_DIGITS
// (quality/normalizers.h does the work; docs/data-quality.md says what each
// gives). A call on a column is prepared once per run over the column's
// dictionary (each distinct value normalized once, normalize_column.h);
// otherwise each row is normalized into the batch's string arena.
#include "expr/functions.h"
#include "expr/normalize_column.h"

namespace acctseg {
namespace {

class NormalizeNode final : public UnaryNode {
 public:
  NormalizeNode(int id, NormalizerKind kind, ExprPtr arg)
      : UnaryNode(DataType::String(), id, std::move(arg)), kind_(kind) {}

  void Prepare(RunData& run) const override {
    BoundExpr::Prepare(run);
    if (static_cast<size_t>(id_) >= run.prepared.size()) return;
    auto values = children_[0]->DirectColumn(run);
    run.prepared[id_] = values && values->type.id == TypeId::kString
                            ? NormalizeColumn(kind_, *values, run.threads)
                            : nullptr;
  }

 protected:
  void Apply(const Vector& v, const Batch& batch, Vector& out) const override {
    const Column* prepared = static_cast<size_t>(id_) < batch.run.prepared.size()
                                 ? batch.run.prepared[id_].get()
                                 : nullptr;
    if (prepared && prepared->size() == batch.run.row_count) {
      for (size_t i = 0; i < batch.count; ++i) {
        const size_t row = batch.begin + i;
        out.null[i] = prepared->IsNull(row);
        out.str[i] = out.null[i] ? std::string_view() : prepared->StringAt(row);
      }
      return;
    }
    thread_local std::string buffer;  // reused: no allocation per row once warm
    for (size_t i = 0; i < batch.count; ++i) {
      out.str[i] = {};
      out.null[i] = 1;
      if (v.null[i]) continue;
      auto normalized = Normalize(kind_, v.str[i], buffer);
      if (!normalized) continue;
      out.null[i] = 0;
      // A country code views the static table; the others view `buffer`.
      out.str[i] = kind_ == NormalizerKind::kCountryCode ? *normalized
                                                         : batch.scratch.arena.Copy(*normalized);
    }
  }

 private:
  NormalizerKind kind_;
};

}  // namespace

void RegisterNormalizeFunctions(std::vector<FunctionDef>& out) {
  struct Normalizer {
    NormalizerKind kind;
    FunctionDoc doc;
  };
  const Normalizer normalizers[] = {
      {NormalizerKind::kCountryCode,
       {"COUNTRY_CODE(s)", "string",
        "ISO 3166-1 alpha-2 code of a country code, name or alias (`'U.S.A.'`, `'Deutschland'`, "
        "`'DEU'` → `'US'`, `'DE'`, `'DE'`); NULL if not recognized"}},
      {NormalizerKind::kDomain,
       {"DOMAIN(s)", "string",
        "registrable domain of a URL, host or e-mail (`'https://www.Acme.co.uk/x'` → "
        "`'acme.co.uk'`, `'jane@mail.acme.com'` → `'acme.com'`); NULL if none"}},
      {NormalizerKind::kNameKey,
       {"NAME_KEY(s)", "string",
        "company match key: folded, `&` → and, leading *the* and legal suffixes removed "
        "(`'The Acme Corp., Inc.'` → `'acme'`); NULL if no letters or digits"}},
      {NormalizerKind::kPhoneDigits,
       {"PHONE_DIGITS(s)", "string",
        "the digits, a leading `+` kept, an extension left out (`'+1 (555) 010-9999 x2'` → "
        "`'+15550109999'`), and of a field listing several numbers of 7 digits or more, apart by "
        "`/`, `,`, `;` or `|`, the first; NULL under 7 digits"}},
  };
  for (const Normalizer& n : normalizers) {
    const NormalizerKind kind = n.kind;
    out.push_back({NormalizerFunctionName(kind),
                   FunctionKind::kScalar,
                   1,
                   1,
                   kVariadic,
                   NullHandling::kPropagates,
                   Expecting({{TypeId::kString, "argument"}}, DataType::String()),
                   [kind](KernelInput in) -> ExprPtr {
                     return std::make_unique<NormalizeNode>(in.new_id(), kind,
                                                            std::move(in.args[0]));
                   },
                   {n.doc}});
  }
}

}  // namespace acctseg
