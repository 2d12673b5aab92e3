#include "model/json_fields.hpp"

#include <algorithm>
#include <cmath>

namespace shardline::detail {

namespace {

constexpr auto int64_min = std::numeric_limits<std::int64_t>::min();
constexpr auto int64_max = std::numeric_limits<std::int64_t>::max();

// "a non-negative integer", "an integer between 1 and 100": the set of values
// a field accepts, as a user would say it.
std::string describe(IntRange range) {
  if (range.max == int64_max) {
    if (range.min == int64_min)
      return "an integer";
    if (range.min == 0)
      return "a non-negative integer";
    if (range.min == 1)
      return "a positive integer";
    return "an integer >= " + std::to_string(range.min);
  }
  if (range.min == int64_min)
    return "an integer <= " + std::to_string(range.max);
  return "an integer between " + std::to_string(range.min) + " and " + std::to_string(range.max);
}

Error between_error(IntRange range) {
  return {"", "must be between " + std::to_string(range.min) + " and " + std::to_string(range.max)};
}

// `declared` is what the field asks for; `effective` is that narrowed to the
// C++ type holding it (int). Messages use the declared range where it reads
// naturally ("expected a non-negative integer") and the exact bounds otherwise.
Result<std::int64_t> documented_integer(const nlohmann::json& value, IntRange declared);

Result<std::int64_t> checked_integer(const nlohmann::json& value, IntRange declared,
                                     IntRange effective) {
  if (declared.documented)
    return documented_integer(value, declared);
  enum class Side { below, above };
  auto out_of_range = [&](Side side) -> Error {
    if (side == Side::below && declared.min != int64_min && declared.max == int64_max &&
        effective.min == declared.min)
      return {"", "expected " + describe(declared)};
    return between_error(effective);
  };

  std::int64_t number = 0;
  if (value.is_number_unsigned()) {
    auto unsigned_number = value.get<std::uint64_t>();
    if (unsigned_number > static_cast<std::uint64_t>(int64_max))
      return out_of_range(Side::above);
    number = static_cast<std::int64_t>(unsigned_number);
  } else if (value.is_number_integer()) {
    number = value.get<std::int64_t>();
  } else if (value.is_number_float()) {
    // The parser turns integers beyond int64 into doubles; those are out of
    // range, any other double is the wrong type. -2^63 - 1 rounds to -2^63, so
    // that double counts as beyond int64 too.
    auto real = value.get<double>();
    constexpr double two_to_63 = 9223372036854775808.0;
    if (std::isfinite(real) && std::trunc(real) == real) {
      if (real >= two_to_63)
        return out_of_range(Side::above);
      if (real <= -two_to_63)
        return out_of_range(Side::below);
    }
    return Error{"", "expected " + describe(declared)};
  } else {
    return Error{"", "expected " + describe(declared)};
  }
  if (number < effective.min)
    return out_of_range(Side::below);
  if (number > effective.max)
    return out_of_range(Side::above);
  return number;
}

// A documented range names the value and the whole range, whichever end it
// missed: that is what a user needs to fix the request. Integral doubles are
// what the parser makes of integers beyond 64 bits (1e20, 2^64): out of
// range, as they are; any other double is the wrong type.
Result<std::int64_t> documented_integer(const nlohmann::json& value, IntRange declared) {
  ValueRange range{declared.min, declared.max, declared.spoken_max};
  auto wrong_type = [&] { return Error{"", "expected an integer; allowed: " + describe(range)}; };
  auto out_of_range = [&] { return Error{"", out_of_range_message(value.dump(), range)}; };
  if (value.is_number_unsigned()) {
    auto number = value.get<std::uint64_t>();
    if (number > static_cast<std::uint64_t>(range.max))
      return out_of_range();
    if (!range.contains(static_cast<std::int64_t>(number)))
      return out_of_range();
    return static_cast<std::int64_t>(number);
  }
  if (value.is_number_integer()) {
    auto number = value.get<std::int64_t>();
    if (!range.contains(number))
      return out_of_range();
    return number;
  }
  if (value.is_number_float()) {
    auto real = value.get<double>();
    bool integral = std::isfinite(real) && std::trunc(real) == real;
    if (integral &&
        (real < static_cast<double>(range.min) || real > static_cast<double>(range.max)))
      return out_of_range();
  }
  return wrong_type();
}

} // namespace

std::string join_path(std::string_view at, std::string_view name) {
  std::string path;
  path.reserve(at.size() + 1 + name.size());
  path += at;
  if (!at.empty())
    path += '.';
  path += name;
  return path;
}

std::string join_path(std::string_view at, std::size_t index) {
  std::string path(at);
  path += '[';
  path += std::to_string(index);
  path += ']';
  return path;
}

std::string in_quotes(std::string_view text) {
  return nlohmann::json(text).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

Result<std::string> string_value(const nlohmann::json& value, Text text) {
  if (!value.is_string())
    return Error{"", "expected a string"};
  const auto& string = value.get_ref<const std::string&>();
  if (text == Text::non_empty && string.empty())
    return Error{"", "must not be empty"};
  return string;
}

Result<bool> bool_value(const nlohmann::json& value) {
  if (!value.is_boolean())
    return Error{"", "expected true or false"};
  return value.get<bool>();
}

Result<std::int64_t> integer_value(const nlohmann::json& value, IntRange range) {
  return checked_integer(value, range, range);
}

Result<int> int_value(const nlohmann::json& value, IntRange range) {
  IntRange effective{std::max<std::int64_t>(range.min, std::numeric_limits<int>::min()),
                     std::min<std::int64_t>(range.max, std::numeric_limits<int>::max())};
  auto number = checked_integer(value, range, effective);
  if (!number)
    return number.error();
  return static_cast<int>(*number);
}

Result<std::vector<std::string>> strings_value(const nlohmann::json& value) {
  if (!value.is_array())
    return Error{"", "expected an array of strings"};
  std::vector<std::string> strings;
  strings.reserve(value.size());
  for (std::size_t i = 0; i < value.size(); ++i) {
    const auto& element = value[i];
    if (!element.is_string())
      return Error{join_path("", i), "expected a string"};
    strings.push_back(element.get<std::string>());
  }
  return strings;
}

Result<TimePoint> time_value(const nlohmann::json& value) {
  if (value.is_string())
    if (auto time = parse_time(value.get_ref<const std::string&>()))
      return *time;
  return Error{"", "expected an ISO-8601 UTC time like 2026-11-26T16:31:01.123Z"};
}

ObjectReader::ObjectReader(const nlohmann::json& json, std::string_view at)
    : json_(&json), at_(at) {
  if (!json.is_object())
    error_ = Error{std::string(at), "expected an object"};
}

const nlohmann::json* ObjectReader::find(Field field) {
  if (error_)
    return nullptr;
  auto found = json_->find(field.name);
  if (found == json_->end() || found->is_null()) {
    if (field.required)
      fail(field, Error{"", "is required"});
    return nullptr;
  }
  return &*found;
}

void ObjectReader::fail(Field field, const Error& relative) {
  error_ = Error{join_path(at_, field.name) + relative.field, relative.message};
}

void ObjectReader::read(Field field, std::string& out, Text text) {
  assign(field, out, [&](const nlohmann::json& value) { return string_value(value, text); });
}

void ObjectReader::read(Field field, std::optional<std::string>& out, Text text) {
  assign(field, out, [&](const nlohmann::json& value) { return string_value(value, text); });
}

void ObjectReader::read(Field field, bool& out) {
  assign(field, out, bool_value);
}

void ObjectReader::read(Field field, std::int64_t& out, IntRange range) {
  assign(field, out, [&](const nlohmann::json& value) { return integer_value(value, range); });
}

void ObjectReader::read(Field field, std::optional<std::int64_t>& out, IntRange range) {
  assign(field, out, [&](const nlohmann::json& value) { return integer_value(value, range); });
}

void ObjectReader::read(Field field, int& out, IntRange range) {
  assign(field, out, [&](const nlohmann::json& value) { return int_value(value, range); });
}

void ObjectReader::read(Field field, std::optional<int>& out, IntRange range) {
  assign(field, out, [&](const nlohmann::json& value) { return int_value(value, range); });
}

void ObjectReader::read(Field field, std::vector<std::string>& out) {
  assign(field, out, strings_value);
}

void ObjectReader::read(Field field, std::optional<TimePoint>& out) {
  assign(field, out, time_value);
}

nlohmann::json or_null(const std::optional<TimePoint>& time) {
  return time ? nlohmann::json(format_time(*time)) : nlohmann::json(nullptr);
}

} // namespace shardline::detail
