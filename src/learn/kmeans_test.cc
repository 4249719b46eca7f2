#include "learn/kmeans.h"

#include <gtest/gtest.h>

#include "common/error.h"
#include "learn/cluster_test_data.h"
#include "learn/silhouette.h"

namespace acctseg::learn {
namespace {

using testing::MakeBlobs;
using testing::SamePartition;

ClusterPoints NumericPoints(const RowMatrix& x) {
  ClusterPoints points;
  points.numeric = x;
  points.categorical.resize(x.rows(), 0);
  return points;
}

TEST(KMeans, RecoversWellSeparatedBlobsAtTheirInertia) {
  auto blobs = MakeBlobs({{0, 0}, {10, 0}, {0, 10}, {10, 10}}, 60, 1.0, 7);
  ClusterFitOptions options;
  options.k = 4;
  ClusterFit fit = FitClusters(NumericPoints(blobs.points), options);
  EXPECT_TRUE(SamePartition(fit.labels, blobs.blob));
  // The blobs' own means are the optimum: nothing lower exists.
  EXPECT_NEAR(fit.cost, blobs.inertia, 1e-9 * blobs.inertia);
  EXPECT_EQ(fit.centers.rows(), 4);
}

TEST(KMeans, SameSeedSameResultWhateverTheThreads) {
  auto blobs = MakeBlobs({{0, 0, 0}, {3, 1, 0}, {1, 3, 2}}, 5000, 2.0, 11);
  ClusterPoints points = NumericPoints(blobs.points);
  ClusterFitOptions options;
  options.k = 5;
  options.seed = 3;
  options.threads = 1;
  ClusterFit one = FitClusters(points, options);
  options.threads = 2;
  ClusterFit two = FitClusters(points, options);
  EXPECT_EQ(one.labels, two.labels);
  EXPECT_EQ(one.cost, two.cost);  // bit for bit: sums reduce in a fixed order
  EXPECT_EQ(one.centers, two.centers);
}

TEST(KMeans, RejectsKOutsideTwoToRows) {
  ClusterPoints points = NumericPoints(MakeBlobs({{0}, {5}}, 2, 0.1, 1).points);
  ClusterFitOptions options;
  options.k = 1;
  EXPECT_THROW(FitClusters(points, options), Error);
  options.k = 5;
  EXPECT_THROW(FitClusters(points, options), Error);
}

TEST(Silhouette, MatchesAHandComputedExample) {
  // 1-D points 0, 1 | 4, 6. Row 0: a = 1, b = (4 + 6) / 2 = 5, s = 0.8;
  // row 1: a = 1, b = 4, s = 0.75; row 2: a = 2, b = 3.5, s = 1.5 / 3.5;
  // row 3: a = 2, b = 5.5, s = 3.5 / 5.5.
  RowMatrix x(4, 1);
  x << 0, 1, 4, 6;
  double expected = (0.8 + 0.75 + 1.5 / 3.5 + 3.5 / 5.5) / 4;
  EXPECT_NEAR(MeanSilhouette(NumericPoints(x), {0, 0, 1, 1}, 2, SilhouetteRows(4, 10, 1), 2),
              expected, 1e-12);
}

TEST(Silhouette, SamplesAFixedSetOfRowsAboveTheLimit) {
  std::vector<size_t> sample = SilhouetteRows(100000, 5000, 1);
  EXPECT_EQ(sample.size(), 5000u);
  EXPECT_EQ(sample, SilhouetteRows(100000, 5000, 1));
  EXPECT_TRUE(std::is_sorted(sample.begin(), sample.end()));
  EXPECT_EQ(SilhouetteRows(3, 5000, 1), (std::vector<size_t>{0, 1, 2}));
}

TEST(KPrototypes, SeparatesGroupsThatOnlyACategoryTellsApart) {
  // Three groups: x near 0 with "a", x near 0 with "b", x near 10 with "a".
  auto blobs = MakeBlobs({{0}, {0}, {10}}, 40, 1.0, 5);
  LearningFrame frame;
  std::vector<double> x;
  std::vector<int32_t> codes;
  for (size_t r = 0; r < blobs.blob.size(); ++r) {
    x.push_back(blobs.points(r, 0));
    codes.push_back(blobs.blob[r] == 1 ? 1 : 0);
    frame.outcome.push_back(0);
  }
  frame.features = {Feature::Numeric("x", x), Feature::Categorical("kind", {"a", "b"}, codes),
                    Feature::Numeric("same", std::vector<double>(x.size(), 1.0))};
  ClusterInput input = PrepareClusterInput(frame, true);
  EXPECT_EQ(input.features.numeric, (std::vector<size_t>{0}));
  EXPECT_EQ(input.features.categorical, (std::vector<size_t>{1}));
  ASSERT_EQ(input.features.notes.size(), 1u);  // the constant feature
  EXPECT_EQ(input.features.notes[0], "same: constant, not a clustering feature");
  EXPECT_NEAR(input.points.gamma, 0.5, 1e-12);  // half the sd of z-scores
  ClusterFitOptions options;
  options.k = 3;
  ClusterFit fit = FitClusters(input.points, options);
  EXPECT_TRUE(SamePartition(fit.labels, blobs.blob));
  EXPECT_EQ(fit.modes.cols(), 1);
}

TEST(ClusterInput, ImputesMissingValuesWithTheMeanAndRejectsNothingToCluster) {
  LearningFrame frame;
  frame.outcome = {0, 1, 0};
  frame.features = {Feature::Numeric("x", {1, NAN, 3})};
  ClusterInput input = PrepareClusterInput(frame, false);
  EXPECT_EQ(input.features.imputed, (std::vector<size_t>{1}));
  EXPECT_EQ(input.points.numeric(1, 0), 0.0);  // the mean is z = 0
  EXPECT_NEAR(input.points.numeric(0, 0), -1.0, 1e-12);
  frame.features = {Feature::Numeric("flat", {2, 2, 2}),
                    Feature::Categorical("c", {"a", "b"}, {0, 1, 0})};
  try {
    PrepareClusterInput(frame, false);
    FAIL();
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("no numeric feature for --method kmeans"),
              std::string::npos);
  }
}

}  // namespace
}  // namespace acctseg::learn
