#include "policy/step_outputs.h"

namespace acctseg {

std::vector<const Named*> StepOutputs(const Step& step) {
  std::vector<const Named*> outputs;
  switch (step.kind) {
    case Step::Kind::kFamily:
      break;
    case Step::Kind::kClassify:
      outputs.push_back(&step.classify.output);
      break;
    case Step::Kind::kLookup:
      for (const auto& [output, column] : step.lookup.columns) outputs.push_back(&output);
      break;
    case Step::Kind::kScore:
      outputs.push_back(&step.score.output);
      break;
    case Step::Kind::kTier:
      outputs.push_back(&step.tier.output);
      break;
    case Step::Kind::kCompute:
      for (const auto& [name, expr] : step.compute.columns) outputs.push_back(&name);
      break;
    case Step::Kind::kAggregate:
      for (const AggregateColumn& column : step.aggregate.columns) outputs.push_back(&column.name);
      break;
    case Step::Kind::kNormalize:
      for (const NormalizeOutput& output : step.normalize.outputs)
        outputs.push_back(&output.output);
      break;
    case Step::Kind::kDedupe:
      outputs.push_back(&step.dedupe.cluster);
      if (step.dedupe.duplicate_of) outputs.push_back(&*step.dedupe.duplicate_of);
      break;
    case Step::Kind::kPredict:
      outputs.push_back(&step.predict.output);
      if (step.predict.reasons) outputs.push_back(&*step.predict.reasons);
      break;
  }
  return outputs;
}

}  // namespace acctseg
