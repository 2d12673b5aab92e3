#pragma once

#include <cmath>
#include <cstdint>
#include <numbers>

namespace shardline::bench {

/// splitmix64: turns any 64-bit value into a well-mixed one; used to seed and
/// to derive independent streams (`mix(seed, run)`).
inline std::uint64_t splitmix64(std::uint64_t& state) {
  std::uint64_t z = (state += 0x9e3779b97f4a7c15ULL);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

inline std::uint64_t mix(std::uint64_t a, std::uint64_t b) {
  std::uint64_t state = a ^ (b * 0xd1342543de82ef95ULL);
  return splitmix64(state);
}

/// xoshiro256** with its own uniform/normal/lognormal. The standard
/// distributions are implementation-defined, so a seed would not reproduce the
/// same suite across standard libraries; these do.
class Rng {
public:
  explicit Rng(std::uint64_t seed) {
    for (auto& word : state_) {
      word = splitmix64(seed);
    }
  }

  std::uint64_t next() {
    const std::uint64_t result = rotl(state_[1] * 5, 7) * 9;
    const std::uint64_t t = state_[1] << 17;
    state_[2] ^= state_[0];
    state_[3] ^= state_[1];
    state_[1] ^= state_[2];
    state_[0] ^= state_[3];
    state_[2] ^= t;
    state_[3] = rotl(state_[3], 45);
    return result;
  }

  /// In [0, 1).
  double uniform() { return static_cast<double>(next() >> 11) * 0x1.0p-53; }

  /// In [0, n); the modulo bias is irrelevant for the small n used here.
  std::uint64_t below(std::uint64_t n) { return n == 0 ? 0 : next() % n; }

  /// In [lo, hi].
  int between(int lo, int hi) {
    return lo + static_cast<int>(below(static_cast<std::uint64_t>(hi - lo) + 1));
  }

  bool chance(double p) { return uniform() < p; }

  /// Standard normal (Box-Muller, one value per call: simple and stateless).
  double normal() {
    const double u1 = 1.0 - uniform(); // (0, 1]: log stays finite
    const double u2 = uniform();
    return std::sqrt(-2.0 * std::log(u1)) * std::cos(2.0 * std::numbers::pi * u2);
  }

  /// exp(N(mu, sigma)): its median is exp(mu).
  double lognormal(double mu, double sigma) { return std::exp(mu + sigma * normal()); }

private:
  static std::uint64_t rotl(std::uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }

  std::uint64_t state_[4];
};

} // namespace shardline::bench
