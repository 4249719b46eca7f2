#include "steps/predict_scoring.h"

#include <gtest/gtest.h>

#include <bit>
#include <chrono>
#include <cmath>
#include <functional>
#include <future>
#include <mutex>
#include <new>
#include <stdexcept>
#include <thread>

#include "common/error.h"
#include "common/parallel.h"

namespace acctseg {
namespace {

// Inputs this small are scored in the smallest pieces (PieceRowsFor), for
// two threads as for more.
constexpr size_t kPiece = PredictScoring::kFewestPieceRows;
constexpr size_t kRows = 10 * kPiece + 123;  // 11 pieces, the last short
constexpr size_t kFeatures = 4, kTop = 3;
constexpr int kThreads = 2;  // what the scorings are made for

double ProbabilityOf(size_t row) { return static_cast<double>(row * 7919 % 1001) / 1000.0; }
uint32_t FeatureOf(size_t row, size_t k) { return static_cast<uint32_t>((row + k) % kFeatures); }
uint32_t CodeOf(size_t row, size_t k) { return static_cast<uint32_t>(row % 500 * 2 + k); }

// A scorer whose results are a plain function of the row, and which tells
// the test which pieces it is asked for: the first call of a piece may be
// held until the test lets it go, a piece may have a contribution without
// a code, or throw.
class TestScorer final : public ScoringModel::ColumnScorer {
 public:
  void ScoreInto(size_t begin, size_t end, double* probability, RowTexts*) const override {
    Enter(begin);
    for (size_t row = begin; row < end; ++row) probability[row - begin] = ProbabilityOf(row);
  }
  bool ScoreCodesInto(size_t begin, size_t end, double* probability, ReasonCodes& reasons,
                      size_t reasons_row) const override {
    Enter(begin);
    if (begin == uncoded_begin) return false;
    for (size_t row = begin; row < end; ++row) {
      probability[row - begin] = ProbabilityOf(row);
      for (size_t k = 0; k < kTop; ++k)
        reasons.Set(reasons_row + row - begin, k, FeatureOf(row, k), false, CodeOf(row, k));
    }
    return true;
  }
  std::vector<ScoringModel::Score> Scores(size_t, size_t) const override { return {}; }
  void Prepare() const override {
    if (prepare_throws) throw std::bad_alloc();
  }

  size_t Calls() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return calls_;
  }

  size_t held_begin = SIZE_MAX;      // the first call for this row waits for `release`
  size_t uncoded_begin = SIZE_MAX;   // a piece with a contribution without a code
  size_t throwing_begin = SIZE_MAX;  // a piece whose scoring throws
  bool prepare_throws = false;       // the one-time set-up fails
  std::promise<void> held_entered;
  std::shared_future<void> release;

 private:
  void Enter(size_t begin) const {
    bool hold = false;
    {
      std::lock_guard<std::mutex> lock(mutex_);
      ++calls_;
      hold = begin == held_begin && !held_once_;
      held_once_ |= hold;
    }
    if (hold) {
      const_cast<std::promise<void>&>(held_entered).set_value();
      release.wait();
    }
    if (begin == throwing_begin) throw Error(ErrorKind::kInternal, "the test scorer's error");
  }
  mutable std::mutex mutex_;
  mutable size_t calls_ = 0;
  mutable bool held_once_ = false;
};

class TestModel final : public ScoringModel {
 public:
  const std::string& reference() const override { return reference_; }
  const std::vector<Feature>& features() const override { return features_; }
  std::unique_ptr<const ColumnScorer> Bind(const std::vector<const Column*>&, size_t,
                                           bool) const override {
    return nullptr;
  }

 private:
  std::string reference_ = "test@1";
  std::vector<Feature> features_;
};

struct Scored {
  const TestScorer* scorer = nullptr;
  std::shared_ptr<PredictScoring> scoring;
};

Scored MakeScoring(bool reasons, const std::function<void(TestScorer&)>& configure = {},
                   size_t rows = kRows) {
  auto scorer = std::make_unique<TestScorer>();
  if (configure) configure(*scorer);
  std::shared_ptr<ReasonCodes> codes;
  std::vector<std::shared_ptr<const Column>> columns;
  if (reasons) {
    std::vector<ReasonCodes::Feature> features;
    for (size_t f = 0; f < kFeatures; ++f) {
      columns.push_back(std::make_shared<Column>(Column::Make(DataType::Int64(), rows, false)));
      features.push_back({"f" + std::to_string(f), columns.back(), false});
    }
    codes = std::make_shared<ReasonCodes>(std::move(features), kTop, rows);
  }
  Scored setup;
  setup.scorer = scorer.get();
  setup.scoring = std::make_shared<PredictScoring>(std::make_shared<TestModel>(), std::move(scorer),
                                                   columns, rows, kThreads, codes);
  return setup;
}

// Every row as the scorer scores it: the probability to six decimals and,
// with reasons, every code.
void ExpectEveryRow(PredictScoring& scoring, bool reasons, size_t rows = kRows) {
  const std::shared_ptr<Column> probability = scoring.TakeProbabilities(2);
  ASSERT_EQ(probability->size(), rows);
  for (size_t row = 0; row < rows; ++row)
    ASSERT_EQ(probability->ints[row], std::llround(ProbabilityOf(row) * 1e6)) << "row " << row;
  if (!reasons) return;
  const ReasonCodes& codes = *scoring.codes();
  for (size_t row = 0; row < rows; ++row)
    for (size_t k = 0; k < kTop; ++k) {
      ASSERT_EQ(codes.FeatureCode(row, k), FeatureOf(row, k) * 2) << "row " << row;
      ASSERT_EQ(codes.ContributionCode(row, k), CodeOf(row, k)) << "row " << row;
    }
}

// The thread ahead scores only while a core is idle beside the test's.
#define SKIP_ON_ONE_CORE() \
  if (HardwareThreads() < 2) GTEST_SKIP() << "one core: the thread ahead never scores"

// Waits (up to a minute: a failure, not a timing) for `done`.
void WaitFor(const std::function<bool()>& done) {
  for (int i = 0; i < 6000 && !done(); ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  ASSERT_TRUE(done());
}

// The scorer's call count once the thread ahead has let go of the
// scoring (it holds a share until it stops).
size_t CallsOnceTheThreadAheadStops(const Scored& setup) {
  WaitFor([&] { return setup.scoring.use_count() == 1; });
  return setup.scorer->Calls();
}

TEST(PredictScoring, TheTurnAloneScoresEveryPiece) {
  for (bool reasons : {false, true}) {
    Scored setup = MakeScoring(reasons);
    setup.scoring->Finish(3);
    EXPECT_TRUE(setup.scoring->coded());
    EXPECT_EQ(setup.scorer->Calls(), 11u);
    EXPECT_EQ(setup.scoring->pieces(), 11u);
    EXPECT_EQ(setup.scoring->pieces_scored_ahead(), 0u);
    ExpectEveryRow(*setup.scoring, reasons);
  }
}

// Pieces grow with the input, up to the Shapley pass's block, keeping
// eight of them a thread.
TEST(PredictScoring, PiecesGrowWithTheInput) {
  using P = PredictScoring;
  EXPECT_EQ(P::PieceRowsFor(0, 2), P::kFewestPieceRows);
  EXPECT_EQ(P::PieceRowsFor(kRows, 2), P::kFewestPieceRows);
  EXPECT_EQ(P::PieceRowsFor(16 * 8192 - 1, 2), 4096u);
  EXPECT_EQ(P::PieceRowsFor(16 * 8192, 2), 8192u);
  EXPECT_EQ(P::PieceRowsFor(1'000'000, 2), 32768u);
  EXPECT_EQ(P::PieceRowsFor(1'000'000, 16), 4096u);
  EXPECT_EQ(P::PieceRowsFor(10'000'000, 2), P::kMostPieceRows);
  EXPECT_EQ(P::PieceRowsFor(10'000'000, 16), P::kMostPieceRows);
  EXPECT_EQ(P::PieceRowsFor(SIZE_MAX, 1), P::kMostPieceRows);
  EXPECT_EQ(P::PieceRowsFor(1'000'000, 0), P::PieceRowsFor(1'000'000, 1));  // no threads: one
  for (int threads : {1, 2, 3, 16}) {
    const size_t pieces = P::kPiecesAThread * static_cast<size_t>(threads);
    for (size_t rows = 1; rows < 40'000'000; rows = rows * 3 + 1) {
      const size_t piece = P::PieceRowsFor(rows, threads);
      EXPECT_TRUE(std::has_single_bit(piece)) << rows;
      EXPECT_GE(piece, P::kFewestPieceRows) << rows;
      EXPECT_LE(piece, P::kMostPieceRows) << rows;
      // The largest that leaves eight pieces a thread, where the bounds allow.
      if (piece > P::kFewestPieceRows) {
        EXPECT_GE(rows / piece, pieces) << rows << " rows, " << threads << " threads";
      }
      if (piece < P::kMostPieceRows) {
        EXPECT_LT(rows / (2 * piece), pieces) << rows << " rows, " << threads << " threads";
      }
    }
  }
}

// A turn's thread takes 16,384 rows' worth of small pieces, and one piece
// when they are larger (never none: it would take the same piece forever).
TEST(PredictScoring, ATurnTakesOneLargePieceOrSeveralSmallOnes) {
  EXPECT_EQ(PredictScoring::PiecesATurnTakes(4096), 4u);
  EXPECT_EQ(PredictScoring::PiecesATurnTakes(8192), 2u);
  EXPECT_EQ(PredictScoring::PiecesATurnTakes(16384), 1u);
  EXPECT_EQ(PredictScoring::PiecesATurnTakes(32768), 1u);
  EXPECT_EQ(PredictScoring::PiecesATurnTakes(PredictScoring::kMostPieceRows), 1u);
}

// An input of pieces larger than a turn's share is scored whole, each
// piece once, the last one short.
TEST(PredictScoring, TheTurnScoresLargePieces) {
  constexpr size_t kLargeRows = 16 * 32768 + 7;
  ASSERT_EQ(PredictScoring::PieceRowsFor(kLargeRows, kThreads), 32768u);
  Scored setup = MakeScoring(true, {}, kLargeRows);
  setup.scoring->Finish(kThreads);
  EXPECT_EQ(setup.scorer->Calls(), 17u);
  ExpectEveryRow(*setup.scoring, true, kLargeRows);
}

// The thread ahead scores every piece before the turn: the turn scores
// none again, it takes in what was scored ahead.
TEST(PredictScoring, TheTurnTakesInWhatTheThreadAheadScored) {
  SKIP_ON_ONE_CORE();
  for (bool reasons : {false, true}) {
    Scored setup = MakeScoring(reasons);
    ASSERT_TRUE(PredictScoring::StartAhead(setup.scoring));
    ASSERT_EQ(CallsOnceTheThreadAheadStops(setup), 11u);
    setup.scoring->Finish(2);
    EXPECT_EQ(setup.scorer->Calls(), 11u);
    EXPECT_EQ(setup.scoring->pieces_scored_ahead(), 11u);
    EXPECT_TRUE(setup.scoring->coded());
    ExpectEveryRow(*setup.scoring, reasons);
  }
}

// The scoring started ahead, its thread held inside its first piece until
// `release` is set (as a thread of low priority is while other processes
// keep the cores busy).
Scored StartedAndHeldInTheFirstPiece(bool reasons, std::promise<void>& release) {
  Scored setup = MakeScoring(reasons, [&](TestScorer& scorer) {
    scorer.held_begin = 0;
    scorer.release = release.get_future().share();
  });
  std::future<void> entered = const_cast<TestScorer*>(setup.scorer)->held_entered.get_future();
  if (!PredictScoring::StartAhead(setup.scoring)) {
    ADD_FAILURE() << "no thread ahead";
    return setup;
  }
  entered.wait();
  return setup;
}

// The thread ahead is held inside its first piece: the turn does not wait
// for it, it scores that piece itself, and the thread's late results are
// dropped.
TEST(PredictScoring, TheTurnTakesOverAPieceTheThreadAheadHasNotFinished) {
  SKIP_ON_ONE_CORE();
  for (bool reasons : {false, true}) {
    std::promise<void> release;
    Scored setup = StartedAndHeldInTheFirstPiece(reasons, release);
    setup.scoring->Finish(2);
    EXPECT_EQ(setup.scorer->Calls(), 12u);  // every piece by the turn, piece 0 again
    EXPECT_EQ(setup.scoring->pieces_scored_ahead(), 0u);
    ExpectEveryRow(*setup.scoring, reasons);
    release.set_value();
    // It finishes piece 0, finds it taken, and finds no piece left.
    EXPECT_EQ(CallsOnceTheThreadAheadStops(setup), 12u);
  }
}

// A piece whose contribution has no code, met ahead: left to the turn,
// which meets the same and says so.
TEST(PredictScoring, AnUncodedPieceAheadIsTheTurnsToReport) {
  SKIP_ON_ONE_CORE();
  Scored setup = MakeScoring(true, [](TestScorer& scorer) { scorer.uncoded_begin = 0; });
  ASSERT_TRUE(PredictScoring::StartAhead(setup.scoring));
  EXPECT_EQ(CallsOnceTheThreadAheadStops(setup), 1u);  // it stopped there
  setup.scoring->Finish(2);
  EXPECT_FALSE(setup.scoring->coded());
}

// An error met ahead is the turn's to throw: it scores the piece again and
// meets the error itself.
TEST(PredictScoring, AnErrorAheadIsThrownInTheTurn) {
  SKIP_ON_ONE_CORE();
  Scored setup = MakeScoring(true, [](TestScorer& scorer) { scorer.throwing_begin = 3 * kPiece; });
  ASSERT_TRUE(PredictScoring::StartAhead(setup.scoring));
  EXPECT_EQ(CallsOnceTheThreadAheadStops(setup), 4u);  // pieces 0-2, then 3 threw
  try {
    setup.scoring->Finish(2);
    FAIL() << "Finish did not throw the piece's error";
  } catch (const Error& e) {
    EXPECT_STREQ(e.what(), "the test scorer's error");
  }
}

// The set-up fails in the thread ahead (out of memory for the tables, say):
// the process lives on (nothing leaves a detached thread), and the turn
// scores every piece.
TEST(PredictScoring, ASetUpThatFailsAheadLeavesEveryPieceToTheTurn) {
  SKIP_ON_ONE_CORE();
  Scored setup = MakeScoring(true, [](TestScorer& scorer) { scorer.prepare_throws = true; });
  ASSERT_TRUE(PredictScoring::StartAhead(setup.scoring));
  EXPECT_EQ(CallsOnceTheThreadAheadStops(setup), 0u);
  setup.scoring->Finish(2);
  EXPECT_EQ(setup.scorer->Calls(), 11u);
  ExpectEveryRow(*setup.scoring, true);
}

// A run abandoned before the step's turn: the thread ahead takes no new
// piece after the one it is in, and lets go.
TEST(PredictScoring, StopAheadStopsTheThread) {
  SKIP_ON_ONE_CORE();
  std::promise<void> release;
  Scored setup = StartedAndHeldInTheFirstPiece(true, release);
  setup.scoring->StopAhead();
  release.set_value();
  EXPECT_EQ(CallsOnceTheThreadAheadStops(setup), 1u);
}

}  // namespace
}  // namespace acctseg
