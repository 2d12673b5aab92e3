#include "http/bearer_token.hpp"

#include <cctype>
#include <stdexcept>

namespace shardline::http {

namespace {

constexpr std::string_view scheme = "bearer";

bool starts_with_scheme(std::string_view value) {
  if (value.size() <= scheme.size() || value[scheme.size()] != ' ')
    return false;
  for (std::size_t i = 0; i < scheme.size(); ++i)
    if (std::tolower(static_cast<unsigned char>(value[i])) != scheme[i])
      return false;
  return true;
}

} // namespace

bool constant_time_equal(std::string_view a, std::string_view b) {
  // Walk the expected string whatever the other's length, so the loop's
  // duration does not depend on where they differ.
  unsigned char difference = a.size() == b.size() ? 0 : 1;
  for (std::size_t i = 0; i < a.size(); ++i) {
    unsigned char other = i < b.size() ? static_cast<unsigned char>(b[i]) : 0;
    difference |= static_cast<unsigned char>(static_cast<unsigned char>(a[i]) ^ other);
  }
  return difference == 0;
}

BearerToken::BearerToken(std::string token) : token_(std::move(token)) {
  if (token_.empty())
    throw std::invalid_argument("the bearer token must not be empty");
}

bool BearerToken::accepts(std::optional<std::string_view> authorization) const {
  if (!authorization || !starts_with_scheme(*authorization))
    return false;
  auto presented = authorization->substr(scheme.size() + 1);
  while (!presented.empty() && presented.front() == ' ')
    presented.remove_prefix(1);
  while (!presented.empty() && presented.back() == ' ')
    presented.remove_suffix(1);
  return constant_time_equal(token_, presented);
}

Response BearerToken::unauthorized(std::optional<std::string_view> authorization) {
  auto response =
      error_response(401, "unauthorized",
                     authorization ? "the bearer token is not the one this server accepts"
                                   : "this route needs an Authorization: Bearer token");
  response.headers.emplace_back("WWW-Authenticate", "Bearer");
  return response;
}

} // namespace shardline::http
