#include "learn/logistic_regression.h"

#include <cmath>

namespace acctseg::learn {
namespace {

// log(1 + e^z) without overflow.
double Softplus(double z) { return z > 0 ? z + std::log1p(std::exp(-z)) : std::log1p(std::exp(z)); }

double Objective(const Eigen::MatrixXd& x, const Eigen::VectorXd& y, const Eigen::VectorXd& beta,
                 const Eigen::VectorXd& penalty) {
  Eigen::VectorXd z = x * beta;
  double loss = 0;
  for (Eigen::Index i = 0; i < z.size(); ++i) loss += Softplus(y[i] > 0 ? -z[i] : z[i]);
  return loss + 0.5 * penalty.dot(beta.cwiseProduct(beta));
}

}  // namespace

LogisticFit FitLogistic(const Eigen::MatrixXd& features, const std::vector<uint8_t>& outcome,
                        const LogisticOptions& options) {
  const Eigen::Index n = features.rows(), p = features.cols();
  // The design matrix with a leading column of ones for the intercept.
  Eigen::MatrixXd x(n, p + 1);
  x.col(0).setOnes();
  x.rightCols(p) = features;
  Eigen::VectorXd y(n);
  for (Eigen::Index i = 0; i < n; ++i) y[i] = outcome[static_cast<size_t>(i)];
  Eigen::VectorXd penalty = Eigen::VectorXd::Constant(p + 1, options.l2);
  penalty[0] = 0;

  Eigen::VectorXd beta = Eigen::VectorXd::Zero(p + 1);
  LogisticFit fit;
  for (fit.iterations = 1; fit.iterations <= options.max_iterations; ++fit.iterations) {
    Eigen::VectorXd prob = ((-(x * beta)).array().exp() + 1.0).inverse().matrix();
    Eigen::VectorXd gradient = x.transpose() * (prob - y) + penalty.cwiseProduct(beta);
    Eigen::VectorXd weight = prob.array() * (1.0 - prob.array());
    Eigen::MatrixXd hessian = x.transpose() * weight.asDiagonal() * x;
    hessian.diagonal() += penalty;
    // A tiny ridge on the intercept too, only so that the solve stays
    // defined when every probability has reached 0 or 1.
    hessian(0, 0) += 1e-12;
    Eigen::VectorXd step = hessian.ldlt().solve(gradient);
    // Halve the step while it makes the fit worse: a full Newton step can
    // overshoot far from the optimum (nearly separated classes).
    double before = Objective(x, y, beta, penalty);
    for (int halvings = 0; halvings < 30 && Objective(x, y, beta - step, penalty) > before;
         ++halvings)
      step *= 0.5;
    beta -= step;
    if (step.cwiseAbs().maxCoeff() < options.tolerance) {
      fit.converged = true;
      break;
    }
  }
  if (!fit.converged) fit.iterations = options.max_iterations;
  fit.intercept = beta[0];
  fit.coefficients = beta.tail(p);
  return fit;
}

}  // namespace acctseg::learn
