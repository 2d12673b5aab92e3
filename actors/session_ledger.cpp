#include "actors/session_ledger.hpp"

#include <algorithm>
#include <cassert>

namespace shardline {

SessionLedger::SessionLedger(std::vector<TestFile> tests, int retries, int max_failures,
                             int shard_count)
    : tests_(std::move(tests)), entries_(tests_.size()),
      shard_progress_(static_cast<std::size_t>(std::max(shard_count, 0))), retries_(retries),
      max_failures_(max_failures), serial_(tests_), group_retried_(serial_.size(), false) {
  index_.reserve(tests_.size());
  for (std::size_t i = 0; i < tests_.size(); ++i)
    index_.emplace(tests_[i].id, i);
  progress_.total = static_cast<std::int64_t>(tests_.size());
  progress_.pending = progress_.total;
}

// -- lookup --------------------------------------------------------------------

std::optional<std::size_t> SessionLedger::find(std::string_view test_id) const {
  auto it = index_.find(test_id);
  if (it == index_.end())
    return std::nullopt;
  return it->second;
}

bool SessionLedger::is_pending(std::size_t test) const {
  return entries_.at(test).phase == Phase::pending;
}

bool SessionLedger::is_done(std::size_t test) const {
  return entries_.at(test).phase == Phase::done;
}

int SessionLedger::attempt_of(std::size_t test) const {
  return entries_.at(test).attempt;
}

const std::string& SessionLedger::last_worker(std::size_t test) const {
  return worker_ids_[entries_.at(test).worker];
}

int SessionLedger::shard_of(std::size_t test) const {
  return entries_.at(test).shard;
}

std::vector<std::size_t> SessionLedger::held_by(std::string_view worker_id) const {
  std::vector<std::size_t> held;
  auto worker = find_worker(worker_id);
  if (worker == 0)
    return held;
  for (auto test : running())
    if (entries_[test].worker == worker)
      held.push_back(test);
  return held;
}

bool SessionLedger::waits_for_its_group(std::size_t test) const {
  if (!is_pending(test) || !group_retry_open(test))
    return false;
  const auto& members = serial_.members(*serial_.group_of(test));
  return std::any_of(members.begin(), members.end(), [this](std::size_t member) {
    return entries_[member].phase == Phase::running;
  });
}

bool SessionLedger::group_retry_open(std::size_t test) const {
  auto group = serial_.group_of(test);
  return group && group_retried_[*group];
}

std::vector<std::size_t> SessionLedger::running() const {
  std::vector<std::size_t> tests(running_.begin(), running_.end());
  std::sort(tests.begin(), tests.end());
  return tests;
}

// -- planning ------------------------------------------------------------------

int SessionLedger::add_shard() {
  shard_progress_.emplace_back();
  return static_cast<int>(shard_progress_.size()) - 1;
}

void SessionLedger::plan(std::size_t test, int shard_index) {
  auto& entry = entries_.at(test);
  assert(entry.phase != Phase::done);
  set_shard(entry, shard_index);
}

Handover SessionLedger::dispatch(std::size_t test, const std::string& worker_id, int shard_index) {
  auto& entry = entries_.at(test);
  assert(entry.phase == Phase::pending);
  set_shard(entry, shard_index);
  if (auto group = serial_.group_of(test))
    group_retried_[*group] = false; // the group's new run has begun
  entry.epoch = next_epoch_++;
  entry.worker = intern_worker(worker_id);
  move_phase(entry, Phase::running);
  return Handover{test, entry.attempt, entry.epoch, worker_id, shard_index};
}

// -- outcomes ------------------------------------------------------------------

Verdict SessionLedger::apply(const std::string& worker_id, std::uint64_t epoch, TestResult result) {
  auto test = find(result.test_id);
  if (!test)
    return Verdict::unknown;
  auto& entry = entries_[*test];
  if (was_recorded(*test, epoch)) {
    ++dropped_.duplicate;
    return Verdict::duplicate;
  }
  if (entry.phase != Phase::running || entry.epoch != epoch ||
      worker_ids_[entry.worker] != worker_id) {
    ++dropped_.stale;
    return Verdict::stale;
  }
  result.shard_index = entry.shard;
  result.attempt = entry.attempt;
  // Passed after a failed attempt (a test rerun with its serial group after
  // passing is not flaky); failed tries of the test runner's own retries in
  // the same run count too.
  result.flaky = result.status == TestStatus::passed &&
                 (entry.failed_before ||
                  std::any_of(result.runner_attempts.begin(), result.runner_attempts.end(),
                              [](const RunnerAttempt& tried) { return is_failure(tried.status); }));
  if (entry.recorded_epoch != 0)
    earlier_epochs_[*test].push_back(entry.recorded_epoch);
  entry.recorded_epoch = epoch;
  auto status = result.status;
  record(*test, entry.worker, std::move(result));
  entry.failed_before = entry.failed_before || is_failure(status);
  auto group = serial_.group_of(*test);
  bool with_its_group = group && group_retried_[*group];
  if ((is_failure(status) || with_its_group) && entry.attempt <= retries_) {
    ++entry.attempt;
    move_phase(entry, Phase::pending);
    if (group && !with_its_group)
      retry_group(*group, *test);
    return Verdict::retry;
  }
  finish(entry, status);
  return Verdict::final;
}

bool SessionLedger::carry(std::size_t test, TestResult result) {
  if (test >= entries_.size() || entries_[test].phase != Phase::pending)
    return false;
  auto& entry = entries_[test];
  entry.attempt = std::max(1, result.attempt);
  entry.failed_before = result.flaky;
  auto status = result.status;
  auto worker = intern_worker(result.worker_id);
  record(test, worker, std::move(result));
  finish(entry, status);
  return true;
}

// Playwright retries a serial group whole (its dispatcher's _onDone: every
// test of the outermost serial suite of a failed test is a retry candidate):
// its tests depend on each other's order, so the failed one alone would run
// without what the ones before it did. The tests already done run again; those
// still running follow when they report (apply); those pending (handed back)
// simply wait for the group.
void SessionLedger::retry_group(std::size_t group, std::size_t retried) {
  group_retried_[group] = true;
  for (auto member : serial_.members(group)) {
    auto& entry = entries_[member];
    if (member != retried && entry.phase == Phase::done && entry.attempt <= retries_)
      run_again(entry);
  }
}

std::vector<std::size_t> SessionLedger::take_group_retry(std::size_t test) {
  std::vector<std::size_t> again;
  auto group = serial_.group_of(test);
  if (!group || !group_retried_[*group])
    return again;
  const auto& members = serial_.members(*group);
  for (auto member : members)
    if (entries_[member].phase == Phase::running)
      return again;
  group_retried_[*group] = false;
  for (auto member : members)
    if (entries_[member].phase == Phase::pending)
      again.push_back(member);
  return again;
}

std::vector<std::size_t> SessionLedger::release(std::string_view worker_id) {
  std::vector<std::size_t> pending;
  for (auto test : held_by(worker_id))
    if (requeue_lost(test))
      pending.push_back(test);
  return pending;
}

bool SessionLedger::give_back(std::size_t test, std::uint64_t epoch) {
  auto& entry = entries_.at(test);
  if (entry.phase != Phase::running || entry.epoch != epoch)
    return false;
  return requeue_lost(test);
}

bool SessionLedger::requeue_lost(std::size_t test) {
  auto& entry = entries_[test];
  if (++entry.lost_runs < max_lost_runs) {
    move_phase(entry, Phase::pending);
    return true;
  }
  TestResult result;
  result.status = TestStatus::failed;
  result.error = "its run was lost " + std::to_string(max_lost_runs) +
                 " times (the worker or its test process died): it may crash what runs it";
  result.attempt = entry.attempt;
  result.shard_index = std::max(entry.shard, 0);
  record(test, entry.worker, std::move(result));
  finish(entry, TestStatus::failed);
  return false;
}

std::vector<std::size_t> SessionLedger::skip_remaining(const std::string& reason) {
  std::vector<std::size_t> were_running;
  for (std::size_t i = 0; i < entries_.size(); ++i) {
    auto& entry = entries_[i];
    if (entry.phase == Phase::done)
      continue;
    TestResult result;
    result.status = TestStatus::skipped;
    result.error = reason;
    result.attempt = entry.attempt;
    result.shard_index = std::max(entry.shard, 0);
    bool running = entry.phase == Phase::running;
    if (running)
      were_running.push_back(i);
    record(i, running ? entry.worker : 0, std::move(result));
    finish(entry, TestStatus::skipped);
  }
  return were_running;
}

// -- state ---------------------------------------------------------------------

ShardProgress SessionLedger::shard_progress(int shard_index) const {
  return shard_progress_.at(static_cast<std::size_t>(shard_index));
}

bool SessionLedger::failure_limit_reached() const {
  return max_failures_ > 0 && progress_.failed >= max_failures_;
}

std::vector<TestResult> SessionLedger::results() const {
  std::vector<TestResult> all;
  all.reserve(recorded_.size());
  for (std::size_t i = 0; i < recorded_.size(); ++i)
    all.push_back(result(i));
  return all;
}

TestResult SessionLedger::result(std::size_t index) const {
  const auto& r = recorded_.at(index);
  const auto& test = tests_[r.test];
  TestResult out;
  out.test_id = test.id;
  out.test_path = test.path;
  out.test_name = test.title;
  out.worker_id = worker_ids_[r.worker];
  out.shard_index = r.shard;
  out.status = r.status;
  out.duration_ms = r.duration_ms;
  out.retry_count = r.attempt - 1;
  out.attempt = r.attempt;
  out.flaky = r.flaky;
  out.started_at = r.started_at;
  out.finished_at = r.finished_at;
  if (r.extras) {
    out.error = r.extras->error;
    out.error_stack = r.extras->error_stack;
    out.screenshots = r.extras->screenshots;
    out.trace_url = r.extras->trace_url;
    out.video_url = r.extras->video_url;
    out.stdout_tail = r.extras->stdout_tail;
    out.video_unavailable = r.extras->video_unavailable;
    out.attachments = r.extras->attachments;
    out.annotations = r.extras->annotations;
    out.skip_reason = r.extras->skip_reason;
    out.runner_attempts = r.extras->runner_attempts;
  }
  out.project = test.project;
  return out;
}

// -- private -------------------------------------------------------------------

void SessionLedger::record(std::size_t test, std::uint32_t worker, TestResult result) {
  Recorded r;
  r.test = static_cast<std::uint32_t>(test);
  r.worker = worker;
  r.shard = result.shard_index;
  r.attempt = result.attempt;
  r.status = result.status;
  r.flaky = result.flaky;
  r.duration_ms = result.duration_ms;
  r.started_at = result.started_at;
  r.finished_at = result.finished_at;
  if (result.error || result.error_stack || !result.screenshots.empty() || result.trace_url ||
      result.video_url || result.stdout_tail || result.video_unavailable ||
      !result.attachments.empty() || !result.annotations.empty() || result.skip_reason ||
      !result.runner_attempts.empty())
    r.extras = std::make_unique<Extras>(Extras{
        std::move(result.error), std::move(result.error_stack), std::move(result.screenshots),
        std::move(result.trace_url), std::move(result.video_url), std::move(result.stdout_tail),
        std::move(result.video_unavailable), std::move(result.attachments),
        std::move(result.annotations), std::move(result.skip_reason),
        std::move(result.runner_attempts)});
  recorded_.push_back(std::move(r));
}

std::uint32_t SessionLedger::intern_worker(const std::string& worker_id) {
  if (worker_id.empty())
    return 0;
  if (auto known = find_worker(worker_id))
    return known;
  const auto& stored = worker_ids_.emplace_back(worker_id);
  auto index = static_cast<std::uint32_t>(worker_ids_.size() - 1);
  worker_index_.emplace(stored, index);
  return index;
}

std::uint32_t SessionLedger::find_worker(std::string_view worker_id) const {
  auto it = worker_index_.find(worker_id);
  return it == worker_index_.end() ? 0 : it->second;
}

bool SessionLedger::was_recorded(std::size_t test, std::uint64_t epoch) const {
  if (entries_[test].recorded_epoch == epoch)
    return true;
  auto earlier = earlier_epochs_.find(test);
  return earlier != earlier_epochs_.end() &&
         std::find(earlier->second.begin(), earlier->second.end(), epoch) != earlier->second.end();
}

void SessionLedger::finish(Entry& entry, TestStatus status) {
  move_phase(entry, Phase::done);
  entry.outcome = status;
  if (entry.shard >= 0)
    ++shard_progress_[static_cast<std::size_t>(entry.shard)].completed;
  switch (status) {
  case TestStatus::passed:
    ++progress_.passed;
    break;
  case TestStatus::skipped:
    ++progress_.skipped;
    break;
  case TestStatus::failed:
  case TestStatus::timed_out:
    ++progress_.failed;
    break;
  }
}

void SessionLedger::run_again(Entry& entry) {
  assert(entry.phase == Phase::done);
  move_phase(entry, Phase::pending);
  ++entry.attempt;
  if (entry.shard >= 0)
    --shard_progress_[static_cast<std::size_t>(entry.shard)].completed;
  switch (entry.outcome) {
  case TestStatus::passed:
    --progress_.passed;
    break;
  case TestStatus::skipped:
    --progress_.skipped;
    break;
  case TestStatus::failed:
  case TestStatus::timed_out:
    --progress_.failed;
    break;
  }
}

void SessionLedger::move_phase(Entry& entry, Phase to) {
  auto counter = [this](Phase phase) -> std::int64_t& {
    switch (phase) {
    case Phase::pending:
      return progress_.pending;
    case Phase::running:
      return progress_.running;
    case Phase::done:
      break;
    }
    return progress_.completed;
  };
  --counter(entry.phase);
  ++counter(to);
  auto test = static_cast<std::size_t>(&entry - entries_.data());
  if (entry.phase == Phase::running && to != Phase::running)
    running_.erase(test);
  else if (entry.phase != Phase::running && to == Phase::running)
    running_.insert(test);
  entry.phase = to;
}

void SessionLedger::set_shard(Entry& entry, int shard) {
  if (entry.shard == shard)
    return;
  if (entry.shard >= 0)
    --shard_progress_[static_cast<std::size_t>(entry.shard)].total;
  entry.shard = shard;
  if (shard >= 0)
    ++shard_progress_.at(static_cast<std::size_t>(shard)).total;
}

} // namespace shardline
