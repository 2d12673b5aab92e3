#include "model/test_file.hpp"

#include "model/json_fields.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <bit>
#include <functional>
#include <string_view>

namespace shardline {

using namespace detail;

namespace {

// Where each id of a list of tests was first seen. Open addressing over
// indices into the list, so there is no allocation per id: a million tests
// are checked several times faster than with std::unordered_map.
class FirstSeen {
public:
  FirstSeen(const std::vector<TestFile>& tests, std::size_t count)
      : tests_(tests), slots_(std::bit_ceil(std::max<std::size_t>(2 * count, 2)), empty) {}

  /// Records the id of tests[index]; returns the index that had it before, if any.
  std::optional<std::size_t> insert(std::size_t index) {
    const std::string& id = tests_[index].id;
    const auto mask = slots_.size() - 1;
    const auto hash = std::hash<std::string_view>{}(id);
    for (auto slot = hash & mask;; slot = (slot + 1) & mask) {
      if (slots_[slot] == empty) {
        slots_[slot] = index;
        return std::nullopt;
      }
      if (tests_[slots_[slot]].id == id)
        return slots_[slot];
    }
  }

private:
  static constexpr auto empty = static_cast<std::size_t>(-1);

  const std::vector<TestFile>& tests_;
  std::vector<std::size_t> slots_; // at most half full: `count` inserts at most
};

} // namespace

nlohmann::json encode(const TestFile& test) {
  nlohmann::json json = nlohmann::json::object();
  json["id"] = test.id;
  json["path"] = test.path;
  json["title"] = test.title;
  json["tags"] = test.tags;
  json["project"] = test.project;
  if (test.line)
    json["line"] = *test.line;
  if (test.estimated_duration_ms)
    json["estimatedDurationMs"] = *test.estimated_duration_ms;
  if (test.last_result)
    json["lastResult"] = to_string(*test.last_result);
  json["priority"] = test.priority;
  if (!test.unit.empty())
    json["unit"] = test.unit;
  return json;
}

Result<TestFile> decode_test_file(const nlohmann::json& json, const std::string& at) {
  TestFile test;
  ObjectReader in(json, at);
  in.read(required("path"), test.path, non_empty);
  in.read("title", test.title);
  in.read("id", test.id, non_empty);
  in.read("tags", test.tags);
  in.read("project", test.project);
  in.read("line", test.line, within(ranges::line));
  in.read("estimatedDurationMs", test.estimated_duration_ms, within(ranges::estimated_duration_ms));
  in.read("lastResult", test.last_result, test_status_names);
  in.read("unit", test.unit);
  in.read("priority", test.priority, within(ranges::priority));
  if (!in.ok())
    return in.error();
  if (test.id.empty())
    test.id = test.path + "::" + test.title;
  return test;
}

Result<std::vector<TestFile>> decode_test_files(const nlohmann::json& json, const std::string& at) {
  if (!json.is_array())
    return Error{at, "expected an array of tests"};
  std::vector<TestFile> tests;
  tests.reserve(json.size());
  FirstSeen first_seen(tests, json.size());
  for (std::size_t i = 0; i < json.size(); ++i) {
    auto test = decode_test_file(json[i], join_path(at, i));
    if (!test)
      return test.error();
    tests.push_back(std::move(*test));
    if (auto first = first_seen.insert(i)) {
      auto message =
          "duplicate id " + in_quotes(tests[i].id) + " (first at " + join_path(at, *first) + ")";
      return Error{join_path(join_path(at, i), "id"), std::move(message)};
    }
  }
  return tests;
}

Result<std::vector<TestFile>> decode_suite(const nlohmann::json& json) {
  if (json.is_array())
    return decode_test_files(json, "");
  if (!json.is_object())
    return Error{"", "expected an array of tests or an object with \"tests\""};
  std::vector<TestFile> tests;
  ObjectReader in(json, "");
  in.read(required("tests"), tests, decode_test_files);
  if (!in.ok())
    return in.error();
  return tests;
}

} // namespace shardline
