#pragma once

#include <string_view>

namespace shardline::http {

/// The REST contract (docs/API.md) as an OpenAPI 3.0 document, served at
/// GET /api/openapi.json. A test checks that every route of the server's
/// router is in it.
std::string_view openapi_document();

} // namespace shardline::http
