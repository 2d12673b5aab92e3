#pragma once

// Test support for model codecs: compare a decoding error's field path and
// message at once, and print both when they differ.

#include "model/result.hpp"

#include <ostream>
#include <string>
#include <utility>

namespace shardline::model_test {

struct Failure {
  std::string field;
  std::string message;

  friend bool operator==(const Failure&, const Failure&) = default;

  friend void PrintTo(const Failure& failure, std::ostream* out) {
    *out << "{field: \"" << failure.field << "\", message: \"" << failure.message << "\"}";
  }
};

/// The error of a result, or a marker failure when it decoded fine.
template <class T>
Failure failure_of(const Result<T>& result) {
  if (result)
    return {"<none>", "<decoded without error>"};
  return {result.error().field, result.error().message};
}

} // namespace shardline::model_test
