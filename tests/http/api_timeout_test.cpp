// An actor that does not answer in time becomes 503 `unavailable`, over real
// sockets: the API's coordinator here never answers, and the API waits for it
// only as long as Api::actor_timeout says.

#include "actors/actor_config.hpp"
#include "http/api.hpp"
#include "tests/http/http_client.hpp"
#include "tests/http/server_fixture.hpp"

#include <caf/actor_cast.hpp>
#include <caf/actor_system.hpp>
#include <caf/event_based_actor.hpp>
#include <caf/exit_reason.hpp>
#include <caf/send.hpp>
#include <caf/skip.hpp>
#include <gtest/gtest.h>

#include <memory>
#include <optional>

namespace {

using namespace shardline;
using namespace shardline::test_support;

// Keeps every request in its mailbox, unanswered.
caf::behavior silent(caf::event_based_actor* self) {
  self->set_default_handler(caf::skip);
  // A handler for what nobody sends: an actor without a behavior ends at once.
  return {[](int) {}};
}

class ApiTimeout : public ::testing::Test {
protected:
  static constexpr auto short_timeout = 200ms;

  ApiTimeout() {
    api = std::make_shared<http::Api>(system, caf::actor_cast<coordinator_actor>(coordinator));
    api->actor_timeout = short_timeout;
    server.emplace(http::make_router(api));
    client.emplace(server->port(), 10s);
  }

  ~ApiTimeout() override {
    client.reset();
    server.reset();
    caf::anon_send_exit(coordinator, caf::exit_reason::user_shutdown);
  }

  ActorConfig config;
  caf::actor_system system{config};
  caf::actor coordinator = system.spawn(silent);
  std::shared_ptr<http::Api> api;
  std::optional<RunningServer> server;
  std::optional<HttpClient> client;
};

TEST_F(ApiTimeout, an_actor_that_does_not_answer_in_time_is_503_unavailable) {
  auto sent = std::chrono::steady_clock::now();
  auto response = client->request("GET", "/api/sharding/workers");
  auto waited = std::chrono::steady_clock::now() - sent;

  EXPECT_EQ(response.status, 503) << response.body;
  auto error = response.json()["error"];
  EXPECT_EQ(error["code"], "unavailable");
  EXPECT_EQ(error["message"], "the runtime did not answer within 200 ms; try again");
  EXPECT_GE(waited, short_timeout);
  EXPECT_LT(waited, http::default_actor_timeout) << "it waited the default, not the Api's timeout";
}

} // namespace
