#include "actor_fixture.hpp"

#include "actors/session.hpp"

#include <algorithm>

namespace shardline::testing {

worker_actor::behavior_type mock_worker(worker_actor::stateful_pointer<mock_worker_state> self) {
  return {
      [self](atom::run, std::vector<TestAssignment> batch,
             result_sink_actor sink) -> caf::result<std::vector<std::uint64_t>> {
        auto promise = self->make_response_promise<std::vector<std::uint64_t>>();
        auto& st = self->state;
        st.runs.push_back({st.next_key++, std::move(batch), std::move(sink), promise, 0});
        return promise;
      },
      [self](atom::cancel, const std::string& session_id) {
        self->state.cancelled_sessions.push_back(session_id);
      },
      [self](atom::ended, const std::string& session_id) {
        self->state.ended_sessions.push_back(session_id);
      },
      [self](atom::done, std::uint64_t key, std::vector<std::uint64_t> not_run) {
        auto& runs = self->state.runs;
        auto it = std::find_if(runs.begin(), runs.end(), [&](auto& run) { return run.key == key; });
        if (it == runs.end())
          return;
        it->promise.deliver(std::move(not_run));
        runs.erase(it);
      },
      [](atom::tick) {},
  };
}

ActorFixture::ActorFixture()
    : sys(config), sched(dynamic_cast<caf::scheduler::test_coordinator&>(sys.scheduler())) {}

ActorFixture::~ActorFixture() {
  for (auto& actor : spawned)
    caf::anon_send_exit(actor, caf::exit_reason::user_shutdown);
  // Pending delayed messages keep their targets alive: fire them, then let
  // every actor finish.
  sched.trigger_timeouts();
  run();
}

void ActorFixture::advance(std::chrono::seconds by) {
  for (auto second = std::chrono::seconds{0}; second < by; ++second) {
    sched.advance_time(std::chrono::seconds{1});
    run();
  }
}

coordinator_actor ActorFixture::spawn_coordinator(CoordinatorSettings settings) {
  auto handle = shardline::spawn_coordinator(sys, settings);
  spawned.push_back(caf::actor_cast<caf::strong_actor_ptr>(handle));
  run();
  return handle;
}

std::string ActorFixture::add_worker(const coordinator_actor& coordinator, worker_actor& handle,
                                     int slots) {
  handle = sys.spawn(mock_worker);
  spawned.push_back(caf::actor_cast<caf::strong_actor_ptr>(handle));
  WorkerProfile profile;
  profile.capabilities.max_concurrent = slots;
  auto answer = ask<std::string, std::int64_t, std::int64_t>(coordinator, atom::register_::value,
                                                             profile, handle);
  EXPECT_TRUE(answer.has_value());
  if (!answer)
    return {};
  state_of(handle).id = std::get<0>(*answer);
  return std::get<0>(*answer);
}

mock_worker_state& ActorFixture::state_of(const worker_actor& worker) {
  auto* actor = caf::actor_cast<caf::abstract_actor*>(worker);
  return dynamic_cast<worker_actor::stateful_pointer<mock_worker_state>>(actor)->state;
}

std::string ActorFixture::answer(const worker_actor& worker, TestStatus status) {
  auto& st = state_of(worker);
  EXPECT_FALSE(st.runs.empty());
  if (st.runs.empty())
    return {};
  auto& oldest = st.runs.front();
  const auto& assignment = oldest.batch.at(oldest.answered++);
  TestResult result;
  result.test_id = assignment.test.id;
  result.status = status;
  result.duration_ms = 10;
  result.worker_id = st.id;
  caf::anon_send(oldest.sink, atom::result::value, assignment.epoch, result);
  if (oldest.answered == oldest.batch.size())
    caf::anon_send(worker, atom::done::value, oldest.key, std::vector<std::uint64_t>{});
  run();
  return result.test_id;
}

std::size_t ActorFixture::hand_back(const worker_actor& worker) {
  auto& st = state_of(worker);
  EXPECT_FALSE(st.runs.empty());
  if (st.runs.empty())
    return 0;
  const auto& oldest = st.runs.front();
  std::vector<std::uint64_t> not_run;
  for (auto i = oldest.answered; i < oldest.batch.size(); ++i)
    not_run.push_back(oldest.batch[i].epoch);
  caf::anon_send(worker, atom::done::value, oldest.key, not_run);
  run();
  return not_run.size();
}

SessionStarted ActorFixture::start(const coordinator_actor& coordinator,
                                   std::vector<TestFile> tests, ParallelExecutionConfig config,
                                   session_actor& session) {
  auto answer = ask<SessionStarted, session_actor>(coordinator, atom::start::value,
                                                   SessionRequest{std::move(tests), config});
  EXPECT_TRUE(answer.has_value()) << caf::to_string(last_error);
  if (!answer)
    return {};
  session = std::get<1>(*answer);
  spawned.push_back(caf::actor_cast<caf::strong_actor_ptr>(session));
  run();
  return std::get<0>(*answer);
}

ExecutionSession ActorFixture::status(const session_actor& session) {
  auto answer = ask<ExecutionSession>(session, atom::status::value);
  EXPECT_TRUE(answer.has_value());
  return answer ? std::get<0>(*answer) : ExecutionSession{};
}

std::vector<TestResult> ActorFixture::results(const session_actor& session) {
  auto answer = ask<std::vector<TestResult>>(session, atom::results::value);
  EXPECT_TRUE(answer.has_value());
  return answer ? std::get<0>(*answer) : std::vector<TestResult>{};
}

std::vector<Worker> ActorFixture::workers(const coordinator_actor& coordinator) {
  auto answer = ask<std::vector<Worker>>(coordinator, atom::workers::value);
  EXPECT_TRUE(answer.has_value());
  return answer ? std::get<0>(*answer) : std::vector<Worker>{};
}

std::vector<TestFile> suite(int count, std::int64_t estimate_ms) {
  std::vector<TestFile> tests;
  for (int i = 0; i < count; ++i) {
    TestFile test;
    test.path = "t.spec.ts";
    test.title = "t" + std::to_string(i);
    test.id = "t" + std::to_string(i);
    test.estimated_duration_ms = estimate_ms;
    tests.push_back(test);
  }
  return tests;
}

} // namespace shardline::testing
