// List functions: SPLIT, LIST_EXCEPT, LIST_JOIN, LIST_CONTAINS, LIST_LENGTH.
// Lists hold strings and exist only inside an expression; LIST_JOIN turns
// one back into text that can be stored.
#include <algorithm>

#include "expr/nodes.h"

namespace acctseg {
namespace {

class Split final : public BinaryNode {
 public:
  Split(int id, ExprPtr text, ExprPtr separator)
      : BinaryNode(DataType::List(), id, std::move(text), std::move(separator)) {}

 protected:
  void Apply(const Vector& t, const Vector& s, const Batch& batch, Vector& out) const override {
    for (size_t i = 0; i < batch.count; ++i) {
      auto& items = out.list[i];
      items.clear();
      out.null[i] = t.null[i] | s.null[i];
      if (out.null[i]) continue;
      std::string_view text = t.str[i], sep = s.str[i];
      if (text.empty()) continue;  // '' splits into no items, not one empty item
      if (sep.empty()) {
        items.push_back(text);
        continue;
      }
      size_t start = 0;
      for (;;) {
        size_t at = text.find(sep, start);
        items.push_back(
            text.substr(start, at == std::string_view::npos ? std::string_view::npos : at - start));
        if (at == std::string_view::npos) break;
        start = at + sep.size();
      }
    }
  }
};

class ListExcept final : public BinaryNode {
 public:
  ListExcept(int id, ExprPtr list, ExprPtr remove)
      : BinaryNode(DataType::List(), id, std::move(list), std::move(remove)) {}

 protected:
  void Apply(const Vector& a, const Vector& b, const Batch& batch, Vector& out) const override {
    for (size_t i = 0; i < batch.count; ++i) {
      auto& items = out.list[i];
      items.clear();
      out.null[i] = a.null[i];
      if (a.null[i]) continue;
      for (auto item : a.list[i]) {
        bool removed =
            !b.null[i] && std::find(b.list[i].begin(), b.list[i].end(), item) != b.list[i].end();
        if (!removed) items.push_back(item);
      }
    }
  }
};

class ListJoin final : public BinaryNode {
 public:
  ListJoin(int id, ExprPtr list, ExprPtr separator)
      : BinaryNode(DataType::String(), id, std::move(list), std::move(separator)) {}

 protected:
  void Apply(const Vector& l, const Vector& s, const Batch& batch, Vector& out) const override {
    for (size_t i = 0; i < batch.count; ++i) {
      out.null[i] = l.null[i] | s.null[i];
      if (out.null[i]) {
        out.str[i] = {};
        continue;
      }
      const auto& items = l.list[i];
      size_t size = 0;
      for (size_t k = 0; k < items.size(); ++k) size += items[k].size() + (k ? s.str[i].size() : 0);
      char* dest = batch.scratch.arena.Allocate(size);
      char* p = dest;
      for (size_t k = 0; k < items.size(); ++k) {
        if (k) p = std::copy(s.str[i].begin(), s.str[i].end(), p);
        p = std::copy(items[k].begin(), items[k].end(), p);
      }
      out.str[i] = {dest, size};
    }
  }
};

class ListContains final : public BinaryNode {
 public:
  ListContains(int id, ExprPtr list, ExprPtr value)
      : BinaryNode(DataType::Bool(), id, std::move(list), std::move(value)) {}

 protected:
  void Apply(const Vector& l, const Vector& v, const Batch& batch, Vector& out) const override {
    for (size_t i = 0; i < batch.count; ++i) {
      out.null[i] = l.null[i] | v.null[i];
      out.num[i] = !out.null[i] &&
                   std::find(l.list[i].begin(), l.list[i].end(), v.str[i]) != l.list[i].end();
    }
  }
};

class ListLength final : public UnaryNode {
 public:
  ListLength(int id, ExprPtr list) : UnaryNode(DataType::Int64(), id, std::move(list)) {}

 protected:
  void Apply(const Vector& l, const Batch& batch, Vector& out) const override {
    for (size_t i = 0; i < batch.count; ++i) {
      out.null[i] = l.null[i];
      out.num[i] = l.null[i] ? 0 : static_cast<int64_t>(l.list[i].size());
    }
  }
};

}  // namespace

ExprPtr MakeSplit(int id, ExprPtr text, ExprPtr separator) {
  return std::make_unique<Split>(id, std::move(text), std::move(separator));
}
ExprPtr MakeListExcept(int id, ExprPtr list, ExprPtr remove) {
  return std::make_unique<ListExcept>(id, std::move(list), std::move(remove));
}
ExprPtr MakeListJoin(int id, ExprPtr list, ExprPtr separator) {
  return std::make_unique<ListJoin>(id, std::move(list), std::move(separator));
}
ExprPtr MakeListContains(int id, ExprPtr list, ExprPtr value) {
  return std::make_unique<ListContains>(id, std::move(list), std::move(value));
}
ExprPtr MakeListLength(int id, ExprPtr list) {
  return std::make_unique<ListLength>(id, std::move(list));
}

}  // namespace acctseg
