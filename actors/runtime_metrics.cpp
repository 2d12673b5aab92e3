#include "actors/runtime_metrics.hpp"

namespace shardline {

namespace {

constexpr auto relaxed = std::memory_order_relaxed;

constexpr std::array session_states{SessionStatus::pending,   SessionStatus::running,
                                    SessionStatus::completed, SessionStatus::cancelled,
                                    SessionStatus::failed,    SessionStatus::interrupted};
constexpr std::array worker_states{WorkerState::idle, WorkerState::busy, WorkerState::offline,
                                   WorkerState::draining};

std::size_t slot(SessionStatus status) {
  return static_cast<std::size_t>(status);
}

std::size_t slot(WorkerState state) {
  return static_cast<std::size_t>(state);
}

std::array<std::int64_t, 7> fields(const ExecutionProgress& p) {
  return {p.total, p.completed, p.passed, p.failed, p.skipped, p.running, p.pending};
}

void add(std::atomic<std::int64_t>& counter, std::int64_t delta) {
  if (delta != 0)
    counter.fetch_add(delta, relaxed);
}

void header(std::string& out, std::string_view name, std::string_view type, std::string_view help) {
  out.append("# HELP ").append(name).append(" ").append(help).append("\n");
  out.append("# TYPE ").append(name).append(" ").append(type).append("\n");
}

void sample(std::string& out, std::string_view name, std::string_view status, std::int64_t value) {
  out.append(name).append("{status=\"").append(status).append("\"} ");
  out.append(std::to_string(value)).append("\n");
}

} // namespace

std::vector<double> default_dispatch_buckets() {
  return {0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025,
          0.05,   0.1,     0.25,   0.5,   1,      2.5,   5};
}

RuntimeMetrics::RuntimeMetrics(std::vector<double> dispatch_buckets)
    : dispatch_latency_(std::move(dispatch_buckets)) {}

// -- sessions --------------------------------------------------------------------

void RuntimeMetrics::session_started() {
  sessions_[slot(SessionStatus::running)].fetch_add(1, relaxed);
}

void RuntimeMetrics::session_ended(SessionStatus status, const ExecutionProgress& last) {
  sessions_[slot(SessionStatus::running)].fetch_sub(1, relaxed);
  sessions_[slot(status)].fetch_add(1, relaxed);
  auto gone = fields(last);
  for (std::size_t i = 0; i < gone.size(); ++i)
    add(tests_[i], -gone[i]);
}

// -- tests -----------------------------------------------------------------------

void RuntimeMetrics::progress_changed(const ExecutionProgress& before,
                                      const ExecutionProgress& after) {
  auto from = fields(before);
  auto to = fields(after);
  for (std::size_t i = 0; i < to.size(); ++i)
    add(tests_[i], to[i] - from[i]);
  add(finished_[0], after.passed - before.passed);
  add(finished_[1], after.failed - before.failed);
  add(finished_[2], after.skipped - before.skipped);
}

// -- workers ---------------------------------------------------------------------

void RuntimeMetrics::worker_changed(std::optional<WorkerState> from, WorkerState to) {
  if (from == to)
    return;
  if (from)
    workers_[slot(*from)].fetch_sub(1, relaxed);
  workers_[slot(to)].fetch_add(1, relaxed);
}

void RuntimeMetrics::worker_removed(WorkerState last) {
  workers_[slot(last)].fetch_sub(1, relaxed);
}

// -- reading ---------------------------------------------------------------------

RuntimeMetrics::Counts RuntimeMetrics::read() const {
  Counts counts;
  for (std::size_t i = 0; i < sessions_.size(); ++i)
    counts.sessions[i] = sessions_[i].load(relaxed);
  counts.tests =
      ExecutionProgress{tests_[0].load(relaxed), tests_[1].load(relaxed), tests_[2].load(relaxed),
                        tests_[3].load(relaxed), tests_[4].load(relaxed), tests_[5].load(relaxed),
                        tests_[6].load(relaxed)};
  counts.finished_passed = finished_[0].load(relaxed);
  counts.finished_failed = finished_[1].load(relaxed);
  counts.finished_skipped = finished_[2].load(relaxed);
  for (std::size_t i = 0; i < workers_.size(); ++i)
    counts.workers[i] = workers_[i].load(relaxed);
  return counts;
}

std::int64_t RuntimeMetrics::sessions(SessionStatus status) const {
  return sessions_[slot(status)].load(relaxed);
}

std::int64_t RuntimeMetrics::workers(WorkerState state) const {
  return workers_[slot(state)].load(relaxed);
}

std::string RuntimeMetrics::render_prometheus() const {
  auto counts = read();
  std::string out;
  header(out, "shardline_sessions", "gauge", "Sessions by status.");
  for (auto status : session_states)
    sample(out, "shardline_sessions", to_string(status), counts.sessions[slot(status)]);
  header(out, "shardline_tests", "gauge", "Tests of the running sessions by status.");
  sample(out, "shardline_tests", "passed", counts.tests.passed);
  sample(out, "shardline_tests", "failed", counts.tests.failed);
  sample(out, "shardline_tests", "skipped", counts.tests.skipped);
  sample(out, "shardline_tests", "running", counts.tests.running);
  sample(out, "shardline_tests", "pending", counts.tests.pending);
  header(out, "shardline_tests_finished_total", "counter",
         "Tests that reached their final result, in any session, by status (timedOut counts "
         "as failed).");
  sample(out, "shardline_tests_finished_total", "passed", counts.finished_passed);
  sample(out, "shardline_tests_finished_total", "failed", counts.finished_failed);
  sample(out, "shardline_tests_finished_total", "skipped", counts.finished_skipped);
  header(out, "shardline_workers", "gauge", "Workers by status.");
  for (auto state : worker_states)
    sample(out, "shardline_workers", to_string(state), counts.workers[slot(state)]);
  out.append(dispatch_latency_.render(
      "shardline_dispatch_latency_seconds",
      "Time from a shard having a free worker slot and a queued test to the batch being sent to "
      "the worker."));
  return out;
}

} // namespace shardline
