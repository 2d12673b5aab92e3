#include "actors/actor_config.hpp"

#include "actors/interfaces.hpp"

#include <cstddef>

namespace shardline {

void register_message_types(caf::actor_system_config& config) {
  config.add_message_type<TestFile>("shardline.TestFile");
  config.add_message_type<TestAllocation>("shardline.TestAllocation");
  config.add_message_type<RunnerConfig>("shardline.RunnerConfig");
  config.add_message_type<ParallelExecutionConfig>("shardline.ParallelExecutionConfig");
  config.add_message_type<TestResult>("shardline.TestResult");
  config.add_message_type<ExecutionProgress>("shardline.ExecutionProgress");
  config.add_message_type<ShardStatus>("shardline.ShardStatus");
  config.add_message_type<ExecutionSession>("shardline.ExecutionSession");
  config.add_message_type<WorkerCapabilities>("shardline.WorkerCapabilities");
  config.add_message_type<Worker>("shardline.Worker");
  config.add_message_type<TestAssignment>("shardline.TestAssignment");
  config.add_message_type<HandedBack>("shardline.HandedBack");
  config.add_message_type<WorkerProfile>("shardline.WorkerProfile");
  config.add_message_type<SessionStarted>("shardline.SessionStarted");
  config.add_message_type<SessionRequest>("shardline.SessionRequest");
  config.add_message_type<ResultReceipt>("shardline.ResultReceipt");
  config.add_message_type<AgentPoll>("shardline.AgentPoll");
  config.add_message_type<SessionOpening>("shardline.SessionOpening");
  config.add_message_type<SessionRecord>("shardline.SessionRecord");
  config.add_message_type<ResultRecord>("shardline.ResultRecord");
  config.add_message_type<HeldTests>("shardline.HeldTests");
  config.add_message_type<std::vector<TestIndex>>("shardline.TestIndexes");
  config.add_message_type<worker_actor>("shardline.worker_actor");
  config.add_message_type<session_actor>("shardline.session_actor");
  config.add_message_type<result_sink_actor>("shardline.result_sink_actor");
  config.add_message_type<session_observer_actor>("shardline.session_observer_actor");
  config.add_message_type<session_events_actor>("shardline.session_events_actor");
  config.add_message_type<worker_observer_actor>("shardline.worker_observer_actor");
  config.add_message_type<http_agent_actor>("shardline.http_agent_actor");
  config.add_message_type<agent_directory_actor>("shardline.agent_directory_actor");
}

ActorConfig::ActorConfig() {
  register_message_types(*this);
  // An idle scheduler thread polls briefly, then sleeps on its condition
  // variable, which work from other threads (a finished test process, an HTTP
  // request) signals at once. CAF's default adds 500 polls 50 us apart after
  // every burst of messages: with tests ending every millisecond that is a
  // wake-up every 50 us per thread, a fifth of a core taken from the tests
  // under `serve` (bench/rest_status_under_load.sh), for no gain in dispatch
  // (bench_dispatch keeps its threads busy and never reaches the sleep).
  set("work-stealing.moderate-poll-attempts", std::size_t{0});
}

} // namespace shardline
