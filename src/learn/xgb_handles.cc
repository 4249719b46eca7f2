#include "learn/xgb_handles.h"

#include <xgboost/c_api.h>

#include <cmath>

#include "common/error.h"

namespace acctseg::learn {

void XgbCheck(int rc, const char* call) {
  if (rc != 0)
    throw Error(ErrorKind::kInternal, std::string("XGBoost ") + call + ": " + XGBGetLastError());
}

XgbMatrix::XgbMatrix(const std::vector<float>& values, size_t rows,
                     const std::vector<std::string>& types, int threads)
    : rows_(rows) {
  DMatrixHandle out = nullptr;
  XgbCheck(
      XGDMatrixCreateFromMat_omp(values.data(), rows, types.size(), std::nanf(""), &out, threads),
      "XGDMatrixCreateFromMat");
  handle_ = out;
  std::vector<const char*> type_ptrs;
  for (const std::string& t : types) type_ptrs.push_back(t.c_str());
  XgbCheck(XGDMatrixSetStrFeatureInfo(out, "feature_type", type_ptrs.data(), type_ptrs.size()),
           "feature_type");
}

XgbMatrix::~XgbMatrix() {
  if (handle_) XGDMatrixFree(handle_);
}

void XgbMatrix::SetLabels(const std::vector<float>& labels) {
  XgbCheck(XGDMatrixSetFloatInfo(handle_, "label", labels.data(), labels.size()), "label");
}

XgbBooster::XgbBooster(const XgbMatrix& train) {
  DMatrixHandle matrices[] = {train.handle()};
  BoosterHandle out = nullptr;
  XgbCheck(XGBoosterCreate(matrices, 1, &out), "XGBoosterCreate");
  handle_ = out;
}

XgbBooster::XgbBooster(std::string_view model) {
  BoosterHandle out = nullptr;
  XgbCheck(XGBoosterCreate(nullptr, 0, &out), "XGBoosterCreate");
  handle_ = out;
  XgbCheck(XGBoosterLoadModelFromBuffer(out, model.data(), model.size()),
           "XGBoosterLoadModelFromBuffer");
}

XgbBooster::~XgbBooster() {
  if (handle_) XGBoosterFree(handle_);
}

void XgbBooster::SetParam(const std::string& name, const std::string& value) {
  XgbCheck(XGBoosterSetParam(handle_, name.c_str(), value.c_str()), "XGBoosterSetParam");
}

void XgbBooster::UpdateOneIter(int iteration, const XgbMatrix& train) {
  XgbCheck(XGBoosterUpdateOneIter(handle_, iteration, train.handle()), "XGBoosterUpdateOneIter");
}

std::vector<float> XgbBooster::Predict(const XgbMatrix& matrix, int type) const {
  std::string config = "{\"type\": " + std::to_string(type) +
                       ", \"training\": false, \"iteration_begin\": 0, \"iteration_end\": 0, "
                       "\"strict_shape\": false}";
  const bst_ulong* shape = nullptr;
  bst_ulong dims = 0;
  const float* result = nullptr;
  XgbCheck(
      XGBoosterPredictFromDMatrix(handle_, matrix.handle(), config.c_str(), &shape, &dims, &result),
      "XGBoosterPredictFromDMatrix");
  size_t count = 1;
  for (bst_ulong d = 0; d < dims; ++d) count *= shape[d];
  // The result lives in a thread-local buffer of XGBoost's: copy it out now.
  return std::vector<float>(result, result + count);
}

std::string XgbBooster::SaveUbjson() const {
  bst_ulong length = 0;
  const char* data = nullptr;
  XgbCheck(XGBoosterSaveModelToBuffer(handle_, "{\"format\": \"ubj\"}", &length, &data),
           "XGBoosterSaveModelToBuffer");
  return std::string(data, length);
}

}  // namespace acctseg::learn
