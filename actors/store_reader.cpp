#include "actors/store_reader.hpp"

#include "actors/failure.hpp"
#include "store/session_records.hpp"
#include "store/sqlite.hpp"

#include <caf/actor_system.hpp>
#include <caf/spawn_options.hpp>
#include <caf/stateful_actor.hpp>
#include <caf/typed_event_based_actor.hpp>

#include <optional>

namespace shardline {

namespace {

struct store_reader_state {
  static inline constexpr auto name = "store-reader";

  // Not an aggregate: see worker_state.
  store_reader_state() = default;

  std::filesystem::path path;
  std::optional<sqlite::Database> db;
};

using self_pointer = store_reader_actor::stateful_pointer<store_reader_state>;

Result<sqlite::Database*> database(self_pointer self) {
  auto& st = self->state;
  if (!st.db) {
    auto opened = sqlite::Database::open(st.path, sqlite::OpenMode::read_only);
    if (!opened)
      return opened.error();
    st.db = std::move(*opened);
  }
  return &*st.db;
}

store_reader_actor::behavior_type store_reader(self_pointer self, std::filesystem::path path) {
  self->state.path = std::move(path);
  return {
      [self](atom::results, const std::string& session_id) -> caf::result<std::vector<TestResult>> {
        auto db = database(self);
        if (!db)
          return make_error(failure::store_failed, db.error().to_string());
        auto results = read_results(**db, session_id);
        if (!results)
          return make_error(failure::store_failed, results.error().to_string());
        return std::move(*results);
      },
      [self](atom::resume, const std::string& session_id) -> caf::result<SessionRequest> {
        auto db = database(self);
        if (!db)
          return make_error(failure::store_failed, db.error().to_string());
        auto plan = read_resume_plan(**db, session_id);
        if (!plan) {
          if (plan.error().message == "no session \"" + session_id + "\"")
            return make_error(failure::unknown_session, plan.error().message);
          return make_error(failure::store_failed, plan.error().to_string());
        }
        if (plan->status == SessionStatus::running || plan->status == SessionStatus::pending)
          return make_error(failure::not_resumable,
                            "session " + session_id + " is still running; cancel it first");
        if (plan->finished.size() >= plan->opening.tests.size())
          return make_error(failure::not_resumable,
                            "every test of session " + session_id +
                                " has its final result: nothing is left to resume");
        SessionRequest request;
        request.tests = std::move(plan->opening.tests);
        request.config = std::move(plan->opening.config);
        request.resumed_from = session_id;
        request.carried = std::move(plan->finished);
        return request;
      },
  };
}

} // namespace

store_reader_actor spawn_store_reader(caf::actor_system& system, std::filesystem::path path,
                                      bool detached) {
  if (detached)
    return system.spawn<caf::detached>(store_reader, std::move(path));
  return system.spawn(store_reader, std::move(path));
}

} // namespace shardline
