#include "policy/policy_limits.h"

#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/parser.h>

#include <algorithm>
#include <sstream>
#include <vector>

namespace acctseg {

namespace {

// Counts the nodes of one document as the parser reports them, adding an
// anchored node's size again for each alias to it. Saturates at budget + 1.
class ExpandedNodeCounter final : public YAML::EventHandler {
 public:
  explicit ExpandedNodeCounter(size_t budget) : limit_(budget + 1) {}
  bool exceeded() const { return total_ >= limit_; }

  void OnDocumentStart(const YAML::Mark&) override {}
  void OnDocumentEnd() override {}
  void OnNull(const YAML::Mark&, YAML::anchor_t anchor) override { Leaf(anchor); }
  void OnScalar(const YAML::Mark&, const std::string&, YAML::anchor_t anchor,
                const std::string&) override {
    Leaf(anchor);
  }
  void OnAlias(const YAML::Mark&, YAML::anchor_t anchor) override {
    // Unknown or still open (the alias is inside its own anchor): a cycle.
    Add(anchor < sizes_.size() && sizes_[anchor] > 0 ? sizes_[anchor] : limit_);
  }
  void OnSequenceStart(const YAML::Mark&, const std::string&, YAML::anchor_t anchor,
                       YAML::EmitterStyle::value) override {
    Open(anchor);
  }
  void OnSequenceEnd() override { Close(); }
  void OnMapStart(const YAML::Mark&, const std::string&, YAML::anchor_t anchor,
                  YAML::EmitterStyle::value) override {
    Open(anchor);
  }
  void OnMapEnd() override { Close(); }

 private:
  void Add(size_t nodes) { total_ = std::min(limit_, total_ + std::min(nodes, limit_)); }
  void Record(YAML::anchor_t anchor, size_t nodes) {
    if (anchor == YAML::NullAnchor) return;
    if (sizes_.size() <= anchor) sizes_.resize(anchor + 1, 0);
    sizes_[anchor] = std::max<size_t>(nodes, 1);
  }
  void Leaf(YAML::anchor_t anchor) {
    Add(1);
    Record(anchor, 1);
  }
  void Open(YAML::anchor_t anchor) {
    open_.push_back({anchor, total_});
    Add(1);
  }
  void Close() {
    auto [anchor, start] = open_.back();
    open_.pop_back();
    Record(anchor, total_ - start);
  }

  size_t limit_;
  size_t total_ = 0;
  std::vector<size_t> sizes_;  // expanded size of each anchor, by id; 0 = not finished
  std::vector<std::pair<YAML::anchor_t, size_t>> open_;  // open collections: anchor, total at start
};

}  // namespace

bool ExceedsNodeBudget(const std::string& text, size_t budget) {
  std::istringstream stream(text);
  ExpandedNodeCounter counter(budget);
  try {
    // The first document only: it is the one the policy loads, and on some
    // malformed text yaml-cpp hands out empty documents without end (found
    // by fuzz_policy: 175 bytes took 0.5 s, 11 s under ASan, to count a
    // million of them).
    YAML::Parser parser(stream);
    parser.HandleNextDocument(counter);
  } catch (const YAML::Exception&) {
    return false;  // loading the text reports where it is wrong
  }
  return counter.exceeded();
}

}  // namespace acctseg
