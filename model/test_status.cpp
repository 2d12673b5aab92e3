#include "model/test_status.hpp"

#include "model/enum_names.hpp"

namespace shardline {

std::string_view to_string(TestStatus status) {
  return detail::name_of(detail::test_status_names, status);
}

std::optional<TestStatus> parse_test_status(std::string_view text) {
  return detail::value_of(detail::test_status_names, text);
}

} // namespace shardline
