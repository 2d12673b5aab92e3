// The start route as a web page would reach it: bodies a page can send
// without a CORS preflight (text/plain, forms, none) are 415 and start nothing.

#include "tests/http/api_fixture.hpp"

#include <filesystem>

namespace shardline::test_support {
namespace {

class ApiSites : public ApiTest {
protected:
  ApiSites() : ApiTest(1) {}

  // A session whose one test would create `marker`.
  std::string touching(const std::string& marker) {
    return command_session({"one"}, "touch '" + marker + "'", 1).dump();
  }
};

TEST_F(ApiSites, a_body_that_is_not_declared_json_is_415_naming_what_was_sent_and_starts_nothing) {
  auto marker = scratch.file("ran");
  for (const auto* type : {"text/plain", "application/x-www-form-urlencoded",
                           "multipart/form-data; boundary=x", "application/jsonx"}) {
    auto response = client->request("POST", "/api/execution/parallel", touching(marker),
                                    {{"Content-Type", type}});
    EXPECT_EQ(response.status, 415) << type;
    EXPECT_EQ(response.json()["error"]["code"], "unsupported_media_type");
    EXPECT_NE(response.json()["error"]["message"].get<std::string>().find(type), std::string::npos)
        << response.body;
  }
  auto untyped = client->request("POST", "/api/execution/parallel", touching(marker));
  EXPECT_EQ(untyped.status, 415);
  EXPECT_NE(untyped.json()["error"]["message"].get<std::string>().find("no Content-Type"),
            std::string::npos);
  EXPECT_EQ(get("/api/execution/parallel").json().size(), 0u);
  EXPECT_FALSE(std::filesystem::exists(marker));
}

TEST_F(ApiSites, json_with_a_charset_parameter_is_accepted) {
  auto response = client->request("POST", "/api/execution/parallel", touching(scratch.file("ran")),
                                  {{"Content-Type", "Application/JSON; charset=utf-8"}});
  EXPECT_EQ(response.status, 201) << response.body;
}

TEST_F(ApiSites, a_request_from_another_origin_starts_nothing) {
  auto marker = scratch.file("ran");
  auto response =
      client->request("POST", "/api/execution/parallel", touching(marker),
                      {{"Content-Type", "application/json"}, {"Origin", "http://evil.example"}});
  EXPECT_EQ(response.status, 403);
  EXPECT_EQ(response.json()["error"]["code"], "forbidden_origin");
  EXPECT_EQ(get("/api/execution/parallel").json().size(), 0u);
  EXPECT_FALSE(std::filesystem::exists(marker));
}

} // namespace
} // namespace shardline::test_support
