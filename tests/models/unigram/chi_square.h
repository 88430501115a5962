// Pearson χ² goodness of fit as ../shared/oracles/spm/README.md prescribes for sampling tests:
// one bin per outcome expected ≥ 5 times, everything else pooled into a "rest" bin (merged
// into the smallest bin when its own expectation is < 5); p-value = Q(df/2, X²/2).
#pragma once

#include <cmath>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"

namespace tokenmill::testing {

// Regularized upper incomplete gamma Q(a, x) (series below a + 1, continued fraction above).
inline double RegularizedUpperGamma(double a, double x) {
  if (x <= 0) return 1.0;
  const double log_prefix = -x + a * std::log(x) - std::lgamma(a);
  if (x < a + 1) {
    double term = 1.0 / a, sum = term;
    for (int n = 1; n < 100000; ++n) {
      term *= x / (a + n);
      sum += term;
      if (std::abs(term) < std::abs(sum) * 1e-16) break;
    }
    return 1.0 - sum * std::exp(log_prefix);
  }
  // Lentz's continued fraction.
  constexpr double kTiny = 1e-300;
  double b = x + 1 - a, c = 1 / kTiny, d = 1 / b, h = d;
  for (int i = 1; i < 100000; ++i) {
    const double an = -i * (i - a);
    b += 2;
    d = an * d + b;
    if (std::abs(d) < kTiny) d = kTiny;
    c = b + an / c;
    if (std::abs(c) < kTiny) c = kTiny;
    d = 1 / d;
    const double delta = d * c;
    h *= delta;
    if (std::abs(delta - 1) < 1e-16) break;
  }
  return std::exp(log_prefix) * h;
}

inline double ChiSquareSurvival(double x, double df) { return RegularizedUpperGamma(df / 2, x / 2); }

struct ChiSquareResult {
  double x2 = 0;
  int df = 0;
  double p_value = 1;
  double tv = 0;  // total variation ½ Σ |O/M − p| over the listed outcomes and the rest
};

// `probs`: exact probabilities of the listed outcomes (keys); `counts`: observed counts of
// any outcomes (unlisted ones go to the rest bin); `samples`: total number of draws.
inline ChiSquareResult ChiSquareTest(const absl::flat_hash_map<std::string, double>& probs,
                                     const absl::flat_hash_map<std::string, int>& counts,
                                     int samples) {
  struct Bin {
    double expected = 0, observed = 0;
  };
  std::vector<Bin> bins;
  Bin rest;
  double listed_observed = 0, listed_prob = 0, tv = 0;
  for (const auto& [key, p] : probs) {
    const auto it = counts.find(key);
    const double observed = it == counts.end() ? 0 : it->second;
    listed_observed += observed;
    listed_prob += p;
    tv += std::abs(observed / samples - p);
    const double expected = p * samples;
    if (expected >= 5) {
      bins.push_back({expected, observed});
    } else {
      rest.expected += expected;
      rest.observed += observed;
    }
  }
  const double unlisted_observed = samples - listed_observed;
  const double unlisted_prob = std::max(0.0, 1.0 - listed_prob);
  tv += std::abs(unlisted_observed / samples - unlisted_prob);
  rest.expected += unlisted_prob * samples;
  rest.observed += unlisted_observed;
  if (rest.expected >= 5 || bins.empty()) {
    bins.push_back(rest);
  } else if (rest.expected > 0 || rest.observed > 0) {
    size_t smallest = 0;
    for (size_t i = 1; i < bins.size(); ++i) {
      if (bins[i].expected < bins[smallest].expected) smallest = i;
    }
    bins[smallest].expected += rest.expected;
    bins[smallest].observed += rest.observed;
  }
  ChiSquareResult r;
  for (const Bin& b : bins) {
    if (b.expected > 0) {
      r.x2 += (b.observed - b.expected) * (b.observed - b.expected) / b.expected;
    } else if (b.observed > 0) {
      r.x2 = INFINITY;  // an outcome of probability 0
    }
  }
  r.df = static_cast<int>(bins.size()) - 1;
  // One bin holds everything: nothing to test beyond impossible outcomes (x2 = inf).
  r.p_value = r.df > 0 ? ChiSquareSurvival(r.x2, r.df) : (std::isinf(r.x2) ? 0.0 : 1.0);
  r.tv = tv / 2;
  return r;
}

}  // namespace tokenmill::testing
