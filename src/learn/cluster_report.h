// The `learn clusters` result for people and programs: a text report, JSON
// (field names in docs/learning/clusters.md; NaN written as null), and the
// clusters as a `classify:` step in YAML whose comments carry each
// cluster's profile, the silhouette and the rules' agreement rate.
#pragma once

#include <ostream>
#include <string>

#include "learn/cluster_rules.h"
#include "learn/cluster_search.h"

namespace acctseg::learn {

void RenderClusterText(const LearningFrame& frame, const ClusterResult& result, std::ostream& out);
void RenderClusterJson(const LearningFrame& frame, const ClusterResult& result, std::ostream& out);
std::string ClusterClassifyYaml(const LearningFrame& frame, const ClusterResult& result,
                                const ClassifyYamlOptions& options);

}  // namespace acctseg::learn
