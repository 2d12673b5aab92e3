#pragma once

// Internal to model/: reading typed, range-checked fields out of JSON objects
// with errors that name the full field path. A codec then reads as a list of
// its fields:
//
//   ObjectReader in(json, at);
//   in.read(required("path"), test.path, non_empty);
//   in.read("line", test.line, positive);
//   if (!in.ok()) return in.error();
//
// Nothing here throws: every accessor is called only after its type check.

#include "model/enum_names.hpp"
#include "model/ranges.hpp"
#include "model/result.hpp"
#include "model/time.hpp"

#include <nlohmann/json.hpp>

#include <cstddef>
#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace shardline::detail {

// -- paths --------------------------------------------------------------------

/// `"" + "tests"` is `tests`, `"tests[3]" + "id"` is `tests[3].id`.
std::string join_path(std::string_view at, std::string_view name);

/// `"tests" + 3` is `tests[3]`, `"" + 3` is `[3]`.
std::string join_path(std::string_view at, std::size_t index);

/// The text as a JSON string literal, for quoting user values in messages.
std::string in_quotes(std::string_view text);

// -- rules --------------------------------------------------------------------

/// The integers a field accepts, both ends included. A documented range (one
/// of model/ranges.hpp, made with `within`) is reported in the documented
/// words: `9007199254740992 is out of range; allowed: 1 to 86400000 (24 h)`.
struct IntRange {
  std::int64_t min = std::numeric_limits<std::int64_t>::min();
  std::int64_t max = std::numeric_limits<std::int64_t>::max();
  bool documented = false;
  std::string_view spoken_max = {};
};

inline constexpr IntRange any_integer{};
inline constexpr IntRange non_negative{0};
inline constexpr IntRange positive{1};

constexpr IntRange between(std::int64_t min, std::int64_t max) {
  return {min, max};
}

constexpr IntRange within(const ValueRange& range) {
  return {range.min, range.max, true, range.spoken_max};
}

enum class Text { any, non_empty };

inline constexpr Text non_empty = Text::non_empty;

// -- single values ------------------------------------------------------------
// An error's `field` here is relative to the value: empty, or `[2]` for an
// element of an array. ObjectReader puts the field's path in front.

Result<std::string> string_value(const nlohmann::json& value, Text text = Text::any);
Result<bool> bool_value(const nlohmann::json& value);

/// Rejects floats (even 3.0), bools, strings and numbers beyond int64.
Result<std::int64_t> integer_value(const nlohmann::json& value, IntRange range = any_integer);

/// As integer_value, also within the range of int.
Result<int> int_value(const nlohmann::json& value, IntRange range = any_integer);

Result<std::vector<std::string>> strings_value(const nlohmann::json& value);
Result<TimePoint> time_value(const nlohmann::json& value);

template <class E, std::size_t N>
Result<E> enum_value(const nlohmann::json& value, const EnumName<E> (&names)[N]) {
  if (!value.is_string())
    return Error{"", "expected a string; allowed: " + allowed_names(names)};
  const auto& text = value.get_ref<const std::string&>();
  if (auto parsed = value_of(names, text))
    return *parsed;
  return Error{"", "unknown value " + in_quotes(text) + "; allowed: " + allowed_names(names)};
}

/// A codec of one JSON value at a field path, like decode_test_file.
template <class T>
using Decoder = Result<T> (*)(const nlohmann::json& json, const std::string& at);

/// Decodes each element of an array with `decode` at `at[i]`.
template <class T>
Result<std::vector<T>> decode_array(const nlohmann::json& json, const std::string& at,
                                    Decoder<T> decode) {
  if (!json.is_array())
    return Error{at, "expected an array"};
  std::vector<T> values;
  values.reserve(json.size());
  for (std::size_t i = 0; i < json.size(); ++i) {
    auto element = decode(json[i], join_path(at, i));
    if (!element)
      return element.error();
    values.push_back(std::move(*element));
  }
  return values;
}

// -- objects ------------------------------------------------------------------

/// A field's name and whether the object must have it.
struct Field {
  Field(const char* name) : name(name) {}
  Field(std::string_view name, bool required) : name(name), required(required) {}

  std::string_view name;
  bool required = false;
};

/// A field whose absence (or null) is an error: `is required`.
inline Field required(std::string_view name) {
  return {name, true};
}

/// Reads fields of one JSON object into a value, keeping the first error;
/// after an error further reads do nothing. An absent or null field leaves
/// its target as it is (the struct's default) unless it is required.
class ObjectReader {
public:
  /// `at` is the object's path and must outlive the reader. A non-object is
  /// the error `expected an object`.
  ObjectReader(const nlohmann::json& json, std::string_view at);

  bool ok() const { return !error_; }
  const Error& error() const { return *error_; }

  /// The field's value, or nullptr when it is absent or null (an error if
  /// required) or an earlier read failed.
  const nlohmann::json* find(Field field);

  /// Records an error at the field, or at `field.name` + `relative.field`.
  void fail(Field field, const Error& relative);

  void read(Field field, std::string& out, Text text = Text::any);
  void read(Field field, std::optional<std::string>& out, Text text = Text::any);
  void read(Field field, bool& out);
  void read(Field field, std::int64_t& out, IntRange range = any_integer);
  void read(Field field, std::optional<std::int64_t>& out, IntRange range = any_integer);
  void read(Field field, int& out, IntRange range = any_integer);
  void read(Field field, std::optional<int>& out, IntRange range = any_integer);
  void read(Field field, std::vector<std::string>& out);
  void read(Field field, std::optional<TimePoint>& out);

  template <class E, std::size_t N>
  void read(Field field, E& out, const EnumName<E> (&names)[N]) {
    assign(field, out, [&](const nlohmann::json& value) { return enum_value(value, names); });
  }

  template <class E, std::size_t N>
  void read(Field field, std::optional<E>& out, const EnumName<E> (&names)[N]) {
    assign(field, out, [&](const nlohmann::json& value) { return enum_value(value, names); });
  }

  /// A nested value with its own codec, which gets the full path.
  template <class T>
  void read(Field field, T& out, Decoder<T> decode) {
    if (const auto* value = find(field))
      take(decode(*value, join_path(at_, field.name)), out);
  }

  /// An array of nested values, each decoded at `field[i]`.
  template <class T>
  void read_each(Field field, std::vector<T>& out, Decoder<T> decode) {
    if (const auto* value = find(field))
      take(decode_array(*value, join_path(at_, field.name), decode), out);
  }

private:
  template <class T, class Convert>
  void assign(Field field, T& out, Convert convert) {
    const auto* value = find(field);
    if (!value)
      return;
    auto converted = convert(*value);
    if (!converted)
      return fail(field, converted.error());
    out = std::move(*converted);
  }

  template <class T>
  void take(Result<T> decoded, T& out) {
    if (decoded)
      out = std::move(*decoded);
    else
      error_ = decoded.error();
  }

  const nlohmann::json* json_;
  std::string_view at_;
  std::optional<Error> error_;
};

// -- writing ------------------------------------------------------------------

/// The value, or null when it is absent: how docs/API.md shows optional fields.
template <class T>
nlohmann::json or_null(const std::optional<T>& value) {
  return value ? nlohmann::json(*value) : nlohmann::json(nullptr);
}

/// A time as format_time writes it, or null.
nlohmann::json or_null(const std::optional<TimePoint>& time);

} // namespace shardline::detail
