#include "http/api.hpp"

namespace shardline::http {

Router make_router(const ApiPtr& api) {
  Router router;
  add_session_routes(router, api);
  add_worker_routes(router, api);
  add_service_routes(router, api);
  return router;
}

} // namespace shardline::http
