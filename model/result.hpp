#pragma once

#include <string>
#include <utility>
#include <variant>

namespace shardline {

/// What went wrong with one piece of user input, in the user's terms:
/// `field` is the path of the offending value (`tests[3].estimatedDurationMs`,
/// empty when the whole input is at fault) and `message` says what is allowed.
struct Error {
  std::string field;
  std::string message;

  /// `field: message`, or just `message` when no field is named.
  std::string to_string() const { return field.empty() ? message : field + ": " + message; }

  friend bool operator==(const Error&, const Error&) = default;
};

/// A value or the error that prevented it. Decoders and strategy factories
/// return this instead of throwing, so bad input never escapes as an exception.
template <class T>
class Result {
public:
  Result(T value) : state_(std::move(value)) {}
  Result(Error error) : state_(std::move(error)) {}

  bool ok() const { return state_.index() == 0; }
  explicit operator bool() const { return ok(); }

  T& value() & { return std::get<0>(state_); }
  const T& value() const& { return std::get<0>(state_); }
  T&& value() && { return std::get<0>(std::move(state_)); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }

  const Error& error() const { return std::get<1>(state_); }

private:
  std::variant<T, Error> state_;
};

} // namespace shardline
