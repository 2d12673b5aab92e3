// libFuzzer target: what a client can send the REST server before any actor
// sees it. The first byte picks the stage:
//   even: the bytes are an HTTP/1.1 request, parsed with the server's limits by
//         Beast, its target split and percent-decoded, routed through the
//         contract's route table, its body (when JSON) decoded as a start and
//         a preview request;
//   odd:  the bytes are a JSON body given to every request decoder, and to
//         the preview itself (the one handler that needs no actor).
// Nothing may crash, hang, leak or read out of bounds; errors are answers.
//
// Build and run: tools/fuzz [SECONDS] (clang, -fsanitize=fuzzer,address).

#include "http/openapi.hpp"
#include "http/router.hpp"
#include "http/url.hpp"
#include "model/json_text.hpp"
#include "model/preview.hpp"
#include "model/start_request.hpp"
#include "model/test_result.hpp"
#include "model/worker.hpp"
#include "strategies/preview.hpp"

#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/string_body.hpp>
#include <nlohmann/json.hpp>

#include <cstddef>
#include <cstdint>
#include <regex>
#include <string>
#include <string_view>

namespace {

namespace bhttp = boost::beast::http;
using namespace shardline;

// The contract's routes, read from the OpenAPI document (a test checks that
// it lists every route of the server's router): `{id}` becomes `:id`, the
// artifact path's `{path}` the tail `*`.
const http::Router& contract_router() {
  static const http::Router router = [] {
    http::Router table;
    auto document = nlohmann::json::parse(http::openapi_document());
    for (const auto& [path, operations] : document["paths"].items()) {
      auto pattern = std::regex_replace(path, std::regex("\\{path\\}$"), "*");
      pattern = std::regex_replace(pattern, std::regex("\\{([A-Za-z]+)\\}"), ":$1");
      for (const auto& [method, operation] : operations.items()) {
        if (method == "parameters")
          continue;
        std::string upper;
        for (char c : method)
          upper += static_cast<char>(c - 'a' + 'A');
        table.add(upper, pattern, path,
                  [](const http::Request&, const http::Params&, http::ResponderPtr) {});
      }
    }
    return table;
  }();
  return router;
}

void decode_body(std::string_view text, bool run_preview) {
  auto json = parse_json(text);
  if (!json)
    return;
  (void)to_json_text(*json);
  (void)decode_start_request(*json);
  (void)decode_test_result(*json, "result");
  (void)decode_worker_capabilities(*json, "capabilities");
  (void)decode_worker(*json, "");
  auto preview_request = decode_preview_request(*json);
  // Planning is linear in tests x workers: keep an input's work bounded.
  if (run_preview && preview_request && preview_request->tests.size() <= 1000)
    if (auto planned = preview(std::move(*preview_request)))
      (void)to_json_text(encode(*planned));
}

void parse_request(std::string_view bytes) {
  bhttp::request_parser<bhttp::string_body> parser;
  parser.header_limit(16 * 1024);
  parser.body_limit(8 * 1024 * 1024);
  parser.eager(true);
  boost::beast::error_code ec;
  parser.put(boost::asio::buffer(bytes.data(), bytes.size()), ec);
  if (ec || !parser.is_done())
    return;
  const auto& message = parser.get();
  auto target = http::split_target(message.target());
  auto path = http::percent_decode(target.path);
  auto query = http::parse_query(target.query);
  if (target.path.empty() || target.path.front() != '/' || !path || !query)
    return;
  auto match = contract_router().match(std::string(message.method_string()), target.path);
  (void)match;
  decode_body(message.body(), false);
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0)
    return 0;
  std::string_view rest(reinterpret_cast<const char*>(data) + 1, size - 1);
  if (data[0] % 2 == 0)
    parse_request(rest);
  else
    decode_body(rest, true);
  return 0;
}
