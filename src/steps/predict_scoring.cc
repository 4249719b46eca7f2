#include "steps/predict_scoring.h"

#include <fmt/format.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <algorithm>
#include <bit>
#include <cmath>
#include <system_error>
#include <thread>
#include <utility>

#include "common/error.h"
#include "common/parallel.h"
#include "table/decimal.h"

namespace acctseg {

Probabilities::Probabilities(std::string model, size_t rows) : model_(std::move(model)) {
  column_->type = DataType::Decimal(kScale);
  // No rows: wide, as an empty column is everywhere else.
  if (rows == 0) return;
  column_->ints = PackedInts::Zeros(sizeof(int32_t), rows);
  scaled_ = static_cast<int32_t*>(column_->ints.MutableBytes());
}

void Probabilities::Scale(const double* probabilities, size_t count, int32_t* out) const {
  const double scale = static_cast<double>(Pow10(kScale));
  for (size_t i = 0; i < count; ++i) {
    const double p = probabilities[i];
    // Written so that a NaN is refused too.
    if (!(p >= 0 && p <= 1))
      throw Error(ErrorKind::kInternal,
                  fmt::format("model {} gave a probability outside 0 to 1: {}", model_, p));
    out[i] = static_cast<int32_t>(std::llround(p * scale));
  }
}

void Probabilities::KeepScaled(size_t begin, const std::vector<int32_t>& scaled) const {
  std::copy(scaled.begin(), scaled.end(), scaled_ + begin);
}

std::shared_ptr<Column> Probabilities::Done(int threads) {
  column_->Narrow(threads);
  return std::move(column_);
}

PredictScoring::PredictScoring(std::shared_ptr<const ScoringModel> model,
                               std::unique_ptr<const ScoringModel::ColumnScorer> scorer,
                               std::vector<std::shared_ptr<const Column>> columns, size_t rows,
                               int threads, std::shared_ptr<ReasonCodes> codes)
    : model_(std::move(model)),
      scorer_(std::move(scorer)),
      columns_(std::move(columns)),
      rows_(rows),
      piece_rows_(PieceRowsFor(rows, threads)),
      pieces_((rows + piece_rows_ - 1) / piece_rows_),
      probabilities_(model_->reference(), rows),
      codes_(std::move(codes)),
      states_(std::make_unique<std::atomic<uint8_t>[]>(pieces_)),
      ahead_results_(pieces_) {
  for (size_t piece = 0; piece < pieces_; ++piece) states_[piece].store(kWaiting);
}

size_t PredictScoring::PieceRowsFor(size_t rows, int threads) {
  const size_t pieces = kPiecesAThread * static_cast<size_t>(std::max(threads, 1));
  return std::clamp(std::bit_floor(std::max<size_t>(rows / pieces, 1)), kFewestPieceRows,
                    kMostPieceRows);
}

size_t PredictScoring::PiecesATurnTakes(size_t piece_rows) {
  return std::max<size_t>(kRowsATurnTakes / piece_rows, 1);
}

namespace {

// A piece's probabilities, kept by the thread that scores it: a new vector
// a piece (512 KB at 65,536 rows) was new pages a piece, ~7% of a 10M exact
// run's page faults.
std::vector<double>& ThreadProbabilities() {
  thread_local std::vector<double> probabilities;
  return probabilities;
}

// Nice 19 for the thread ahead once its set-up is done: when a parallel
// loop starts while it is inside a piece, the loop's threads get the cores
// (CFS weighs nice 19 at 15 against 1024), rather than sharing them three
// ways for the rest of the piece. Not SCHED_IDLE, which under other
// processes' load gets next to no time at all (docs/architecture.md).
void LowerThisThreadsPriority() {
  setpriority(PRIO_PROCESS, static_cast<id_t>(syscall(SYS_gettid)), 19);
}

}  // namespace

bool PredictScoring::StartAhead(std::shared_ptr<PredictScoring> scoring) {
  try {
    // Detached: nobody waits for it (the turn takes over its pieces), and
    // it holds the scoring until it finds no piece left.
    std::thread([scoring = std::move(scoring)] { scoring->ScoreAhead(); }).detach();
    return true;
  } catch (const std::system_error&) {
    return false;  // no thread to be had: a speed-up, not the run's business
  }
}

void PredictScoring::StopAhead() {
  next_piece_.store(pieces_);
  WakeIdleCoreWaiters();
}

void PredictScoring::ScoreAhead() {
  try {
    // The one-time set-up first, which the run's threads wait for if its
    // turn comes before it is done.
    scorer_->Prepare();
    LowerThisThreadsPriority();
    for (;;) {
      WaitForAnIdleCore([&] { return next_piece_.load() >= pieces_; });
      const size_t piece = next_piece_.fetch_add(1);
      if (piece >= pieces_) return;
      uint8_t state = kWaiting;
      if (!states_[piece].compare_exchange_strong(state, kAheadScoring)) continue;  // the turn's
      auto result = std::make_unique<AheadResult>();
      if (!ScorePieceAhead(piece, *result)) return;  // the turn meets it itself
      ahead_results_[piece] = std::move(result);
      state = kAheadScoring;
      // Published with the state (release); the turn reads the result
      // only after it sees kAheadDone (acquire). Taken meanwhile: the turn
      // scored the piece itself, and never reads this result.
      if (!states_[piece].compare_exchange_strong(state, kAheadDone)) ahead_results_[piece].reset();
    }
  } catch (...) {
    // Nothing may leave a detached thread (std::terminate); whatever it
    // left undone, the turn does, and meets the error itself if it is one.
  }
}

bool PredictScoring::ScoreRows(size_t piece, ReasonCodes* codes, size_t codes_row,
                               std::vector<double>& probabilities) const {
  const size_t begin = Begin(piece), end = End(piece);
  probabilities.resize(end - begin);
  if (codes == nullptr) {
    scorer_->ScoreInto(begin, end, probabilities.data(), nullptr);
    return true;
  }
  return scorer_->ScoreCodesInto(begin, end, probabilities.data(), *codes, codes_row);
}

bool PredictScoring::ScorePieceAhead(size_t piece, AheadResult& result) const {
  if (codes_) result.codes = std::make_unique<ReasonCodes>(*codes_, End(piece) - Begin(piece));
  std::vector<double>& probabilities = ThreadProbabilities();
  if (!ScoreRows(piece, result.codes.get(), 0, probabilities)) return false;
  result.scaled.resize(probabilities.size());
  probabilities_.Scale(probabilities.data(), probabilities.size(), result.scaled.data());
  return true;
}

void PredictScoring::ScorePiece(size_t piece) {
  if (codes_ && !coded_.load(std::memory_order_relaxed)) return;  // made as text after
  std::vector<double>& probabilities = ThreadProbabilities();
  if (!ScoreRows(piece, codes_.get(), Begin(piece), probabilities))
    coded_.store(false, std::memory_order_relaxed);
  probabilities_.Keep(Begin(piece), probabilities.data(), probabilities.size());
}

void PredictScoring::TakeInAheadResult(size_t piece) {
  const AheadResult& result = *ahead_results_[piece];
  const size_t begin = Begin(piece);
  probabilities_.KeepScaled(begin, result.scaled);
  if (codes_) codes_->SetRows(begin, *result.codes);
  ahead_results_[piece].reset();  // the turn's now: the thread ahead is done with it
  pieces_taken_in_.fetch_add(1, std::memory_order_relaxed);
}

void PredictScoring::CompletePiece(size_t piece) {
  uint8_t state = states_[piece].load(std::memory_order_acquire);
  for (;;) {
    if (state == kTurn) return;
    if (state == kAheadDone) return TakeInAheadResult(piece);
    // Waiting or being scored ahead: the turn takes it (on failure `state`
    // is reloaded: the thread ahead began or finished it meanwhile).
    if (states_[piece].compare_exchange_weak(state, kTurn, std::memory_order_acq_rel))
      return ScorePiece(piece);
  }
}

void PredictScoring::Finish(int threads) {
  // However Finish ends, the thread ahead takes no new piece and stops
  // waiting for an idle core (a loop of one worker, as on one core, would
  // not wake it).
  struct StopsAhead {
    PredictScoring& scoring;
    ~StopsAhead() { scoring.StopAhead(); }
  } stops_ahead{*this};
  const size_t turns =
      std::min<size_t>(static_cast<size_t>(std::max(threads, 1)), std::max<size_t>(pieces_, 1));
  // The pieces nobody took yet, a few small ones or one large one at a time.
  const size_t pieces_a_turn_takes = PiecesATurnTakes(piece_rows_);
  ParallelFor(turns, threads, [&](size_t) {
    for (;;) {
      const size_t first = next_piece_.fetch_add(pieces_a_turn_takes);
      if (first >= pieces_) return;
      for (size_t piece = first; piece < std::min(pieces_, first + pieces_a_turn_takes); ++piece) {
        states_[piece].store(kTurn, std::memory_order_relaxed);
        ScorePiece(piece);
      }
    }
  });
  // Every piece is taken now: those of the thread ahead are finished,
  // taken in, or taken from it.
  StopAhead();
  ParallelRanges(pieces_, threads, 16, [&](size_t begin, size_t end) {
    for (size_t piece = begin; piece < end; ++piece) CompletePiece(piece);
  });
}

}  // namespace acctseg
