#pragma once

// The bearer token a server may require: `Authorization: Bearer <token>`.

#include "http/exchange.hpp"

#include <optional>
#include <string>
#include <string_view>

namespace shardline::http {

class BearerToken {
public:
  /// Throws std::invalid_argument for an empty token: it would accept anyone
  /// who sends `Authorization: Bearer `.
  explicit BearerToken(std::string token);

  /// Whether an `Authorization` header value carries this token. The
  /// comparison takes the same time wherever the first difference is, so the
  /// answer's timing does not reveal a prefix of the token.
  bool accepts(std::optional<std::string_view> authorization) const;

  /// 401 `unauthorized`, with `WWW-Authenticate: Bearer`.
  static Response unauthorized(std::optional<std::string_view> authorization);

private:
  std::string token_;
};

/// Compares two strings in time that depends only on their lengths.
bool constant_time_equal(std::string_view a, std::string_view b);

} // namespace shardline::http
