// Owners of XGBoost's C API handles (a DMatrix, a Booster) that free them
// once, and Check(), which turns the API's -1 return into an Error carrying
// XGBGetLastError()'s text. Nothing else in acctseg includes
// <xgboost/c_api.h>.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace acctseg::learn {

// Throws Error(kInternal) with XGBoost's last error when `rc` != 0.
void XgbCheck(int rc, const char* call);

// A dense float matrix (row-major, NaN = missing) with optional labels and
// per-column types ("q" numeric, "c" categorical).
class XgbMatrix {
 public:
  XgbMatrix(const std::vector<float>& values, size_t rows, const std::vector<std::string>& types,
            int threads);
  ~XgbMatrix();
  XgbMatrix(const XgbMatrix&) = delete;
  XgbMatrix& operator=(const XgbMatrix&) = delete;

  void SetLabels(const std::vector<float>& labels);
  void* handle() const { return handle_; }
  size_t rows() const { return rows_; }

 private:
  void* handle_ = nullptr;
  size_t rows_ = 0;
};

class XgbBooster {
 public:
  // A booster to be trained on `train`.
  explicit XgbBooster(const XgbMatrix& train);
  // A booster loaded from SaveUbjson's bytes.
  explicit XgbBooster(std::string_view model);
  ~XgbBooster();
  XgbBooster(const XgbBooster&) = delete;
  XgbBooster& operator=(const XgbBooster&) = delete;

  void SetParam(const std::string& name, const std::string& value);
  void UpdateOneIter(int iteration, const XgbMatrix& train);
  // type 0: probability per row; type 2: contributions, rows x (features + 1),
  // the last column the bias.
  std::vector<float> Predict(const XgbMatrix& matrix, int type) const;
  std::string SaveUbjson() const;

 private:
  void* handle_ = nullptr;
};

}  // namespace acctseg::learn
