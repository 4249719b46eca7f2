// The predict step's scoring of every row (steps/predict.cc), shared by
// the threads that take part: the run's, in the step's turn, and, where
// the step started ahead of its turn (CompiledStep::StartAhead), a thread
// of its own before it, which scores a piece whenever the steps before
// leave a core idle (WaitForAnIdleCore, common/parallel.h).
//
// Rows are scored in pieces (PieceRowsFor), handed out from one counter.
// The run's threads score theirs straight into the outputs. The thread
// ahead scores each piece into results of its own and publishes them when
// done; in the step's turn those are copied in. Nobody waits for the
// thread ahead: a piece it has begun but not finished when the turn has
// handed out every piece is taken from it and scored again by the run's
// threads (its late results are dropped), and the thread, detached, stops
// when it next finds no piece left. Each piece's results are the same
// whoever scores it (the scorer's contract), so the outputs are the bytes
// of a run without the thread ahead.
#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "steps/scoring_model.h"
#include "table/column.h"
#include "table/reason_codes.h"

namespace acctseg {

// A probability column of six decimals, written in place 4 bytes a row
// (Keep, from any thread, each its own rows) rather than made 8 bytes a
// row and narrowed into a second array after (80 + 40 MB at 10M
// accounts).
class Probabilities {
 public:
  // Six decimals: enough to rank ten million accounts without wholesale
  // ties, still readable.
  static constexpr int kScale = 6;
  // `model` names the model in an error.
  Probabilities(std::string model, size_t rows);
  // Rows [begin, begin + count): throws Error(kInternal) for a probability
  // outside 0 to 1 (NaN included), a model bug and not a value to wrap.
  void Keep(size_t begin, const double* probabilities, size_t count) const {
    Scale(probabilities, count, scaled_ + begin);
  }
  // The column's values of `count` probabilities into `out`, as Keep.
  void Scale(const double* probabilities, size_t count, int32_t* out) const;
  // Rows [begin, begin + scaled.size()) as Scale made them.
  void KeepScaled(size_t begin, const std::vector<int32_t>& scaled) const;
  // The column, narrowed; once, after every Keep.
  std::shared_ptr<Column> Done(int threads);

 private:
  std::string model_;
  std::shared_ptr<Column> column_ = std::make_shared<Column>();
  int32_t* scaled_ = nullptr;
};

class PredictScoring {
 public:
  // Rows handed out at a time (PieceRowsFor): the thread ahead takes one
  // piece, the run's threads at least kRowsATurnTakes rows' worth
  // (PiecesATurnTakes). A piece is one call of the scorer, and the exact
  // Shapley pass fetches its tables (~11 MB for the benchmark's 60 trees)
  // once per call's block of up to 65,536 rows (learn/exact_shap.cc): in a
  // run's profile, pieces of 4,096 rows cost the pass ~40-90% more CPU than
  // pieces of 16,384 or 65,536 (bench/learn/README.md, "Pieces as large as
  // the pass's blocks"). The largest power of two that leaves
  // kPiecesAThread pieces to each of the run's threads, kept from 4,096 (a
  // call of 4,096 rows or more takes its margins from the cells) to
  // 65,536: the threads share the last pieces evenly, and a piece the turn
  // takes from the thread ahead (which it scores again, on one thread) is
  // little work done twice.
  static constexpr size_t kFewestPieceRows = 4096;
  static constexpr size_t kMostPieceRows = 65536;
  static constexpr size_t kPiecesAThread = 8;
  static constexpr size_t kRowsATurnTakes = 16384;
  static size_t PieceRowsFor(size_t rows, int threads);
  // Pieces of `piece_rows` a turn's thread takes at a time: one, or as
  // many small ones as make kRowsATurnTakes.
  static size_t PiecesATurnTakes(size_t piece_rows);

  // Scores `rows` rows with `scorer`, the reasons as codes into `codes`
  // (null: probabilities alone), in pieces for `threads` threads (the
  // run's: Finish's). `model` is kept alive for the scorer, `columns` for
  // what it reads: the thread ahead may outlive the step.
  PredictScoring(std::shared_ptr<const ScoringModel> model,
                 std::unique_ptr<const ScoringModel::ColumnScorer> scorer,
                 std::vector<std::shared_ptr<const Column>> columns, size_t rows, int threads,
                 std::shared_ptr<ReasonCodes> codes);

  // Starts the thread ahead on `scoring`, which it holds until it stops.
  // It runs the scorer's one-time set-up (Prepare) first, then scores a
  // piece whenever a core is idle. False where the system would not start
  // a thread: the turn then scores every piece.
  static bool StartAhead(std::shared_ptr<PredictScoring> scoring);
  // The thread ahead takes no new piece after this (and stops waiting for
  // an idle core): a run abandoned before the step's turn.
  void StopAhead();

  // The step's turn, on up to `threads` threads: scores the pieces left,
  // takes in those the thread ahead finished and scores again those it
  // has not. Throws the first error a piece threw. Once.
  void Finish(int threads);
  // After Finish: false where a contribution had no code (the caller makes
  // the reasons as text instead).
  bool coded() const { return coded_.load(); }
  size_t pieces() const { return pieces_; }
  // After Finish: the pieces the thread ahead scored that the turn took in.
  size_t pieces_scored_ahead() const { return pieces_taken_in_.load(); }
  std::shared_ptr<Column> TakeProbabilities(int threads) { return probabilities_.Done(threads); }
  std::shared_ptr<const ReasonCodes> codes() const { return codes_; }

 private:
  // A piece scored ahead: its probabilities as the column holds them and,
  // with reasons, its codes.
  struct AheadResult {
    std::vector<int32_t> scaled;
    std::unique_ptr<ReasonCodes> codes;
  };
  // A piece's state. The thread ahead moves a piece it took from the
  // counter from kWaiting to kAheadScoring to kAheadDone; the turn moves
  // any piece it scores itself to kTurn, a piece of the thread ahead that
  // is not yet done included. Whoever's exchange succeeds owns the piece.
  enum PieceState : uint8_t { kWaiting, kAheadScoring, kAheadDone, kTurn };

  void ScoreAhead();
  // Scores a piece's rows: their probabilities into `probabilities` and,
  // with `codes`, their reasons from row `codes_row` of it. False where a
  // contribution had no code.
  bool ScoreRows(size_t piece, ReasonCodes* codes, size_t codes_row,
                 std::vector<double>& probabilities) const;
  // Scores a piece into `result`; false, leaving it to the turn, where a
  // contribution had no code.
  bool ScorePieceAhead(size_t piece, AheadResult& result) const;
  // Scores a piece into the outputs (a turn's thread).
  void ScorePiece(size_t piece);
  // Copies a piece the thread ahead finished into the outputs.
  void TakeInAheadResult(size_t piece);
  // Takes a piece from the thread ahead if it has not finished it (and
  // scores it), else takes in what it finished.
  void CompletePiece(size_t piece);
  size_t Begin(size_t piece) const { return piece * piece_rows_; }
  size_t End(size_t piece) const { return std::min(rows_, (piece + 1) * piece_rows_); }

  std::shared_ptr<const ScoringModel> model_;
  std::unique_ptr<const ScoringModel::ColumnScorer> scorer_;
  std::vector<std::shared_ptr<const Column>> columns_;  // what the scorer reads, held
  const size_t rows_, piece_rows_, pieces_;
  Probabilities probabilities_;
  std::shared_ptr<ReasonCodes> codes_;  // null: no reasons
  std::atomic<size_t> next_piece_{0};
  std::unique_ptr<std::atomic<uint8_t>[]> states_;  // PieceState, per piece
  // Per piece: what the thread ahead scored, set before its kAheadDone.
  std::vector<std::unique_ptr<AheadResult>> ahead_results_;
  std::atomic<bool> coded_{true};
  std::atomic<size_t> pieces_taken_in_{0};
};

}  // namespace acctseg
