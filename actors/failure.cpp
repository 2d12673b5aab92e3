#include "actors/failure.hpp"

#include <caf/atom.hpp>
#include <caf/message.hpp>
#include <caf/sec.hpp>

namespace shardline {

namespace {

constexpr auto category = caf::atom("shardline");

} // namespace

caf::error make_error(failure code, std::string message) {
  return caf::error{static_cast<std::uint8_t>(code), category,
                    caf::make_message(std::move(message))};
}

std::optional<failure> failure_of(const caf::error& error) {
  if (!error || error.category() != category)
    return std::nullopt;
  return static_cast<failure>(error.code());
}

std::string message_of(const caf::error& error) {
  if (!error)
    return "no error";
  const auto& context = error.context();
  if (error.category() == category && context.match_elements<std::string>())
    return context.get_as<std::string>(0);
  if (error.category() == caf::atom("system"))
    return caf::to_string(static_cast<caf::sec>(error.code()));
  return caf::to_string(error);
}

} // namespace shardline
