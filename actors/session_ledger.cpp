#include "actors/session_ledger.hpp"

#include <algorithm>
#include <cassert>

namespace shardline {

SessionLedger::SessionLedger(std::vector<TestFile> tests, int retries, int max_failures,
                             int shard_count)
    : tests_(std::move(tests)), entries_(tests_.size()),
      shard_progress_(static_cast<std::size_t>(std::max(shard_count, 0))), retries_(retries),
      max_failures_(max_failures) {
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
  return entries_.at(test).worker_id;
}

int SessionLedger::shard_of(std::size_t test) const {
  return entries_.at(test).shard;
}

std::vector<std::size_t> SessionLedger::held_by(std::string_view worker_id) const {
  std::vector<std::size_t> held;
  for (std::size_t i = 0; i < entries_.size(); ++i)
    if (entries_[i].phase == Phase::running && entries_[i].worker_id == worker_id)
      held.push_back(i);
  return held;
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
  entry.epoch = next_epoch_++;
  entry.worker_id = worker_id;
  move_phase(entry, Phase::running);
  return Handover{test, entry.attempt, entry.epoch, worker_id, shard_index};
}

// -- outcomes ------------------------------------------------------------------

Verdict SessionLedger::apply(const std::string& worker_id, std::uint64_t epoch, TestResult result) {
  auto test = find(result.test_id);
  if (!test)
    return Verdict::unknown;
  auto& entry = entries_[*test];
  if (std::find(entry.recorded.begin(), entry.recorded.end(), epoch) != entry.recorded.end()) {
    ++dropped_.duplicate;
    return Verdict::duplicate;
  }
  if (entry.phase != Phase::running || entry.epoch != epoch || entry.worker_id != worker_id) {
    ++dropped_.stale;
    return Verdict::stale;
  }
  const auto& file = tests_[*test];
  result.test_path = file.path;
  result.test_name = file.title;
  result.worker_id = worker_id;
  result.shard_index = entry.shard;
  result.attempt = entry.attempt;
  result.retry_count = entry.attempt - 1;
  result.flaky = result.status == TestStatus::passed && entry.attempt > 1;
  entry.recorded.push_back(epoch);
  auto status = result.status;
  results_.push_back(std::move(result));
  if (is_failure(status) && entry.attempt <= retries_) {
    ++entry.attempt;
    move_phase(entry, Phase::pending);
    return Verdict::retry;
  }
  finish(entry, status);
  return Verdict::final;
}

std::vector<std::size_t> SessionLedger::release(std::string_view worker_id) {
  auto held = held_by(worker_id);
  for (auto test : held)
    move_phase(entries_[test], Phase::pending);
  return held;
}

bool SessionLedger::give_back(std::size_t test, std::uint64_t epoch) {
  auto& entry = entries_.at(test);
  if (entry.phase != Phase::running || entry.epoch != epoch)
    return false;
  move_phase(entry, Phase::pending);
  return true;
}

std::vector<std::size_t> SessionLedger::skip_remaining(const std::string& reason) {
  std::vector<std::size_t> were_running;
  for (std::size_t i = 0; i < entries_.size(); ++i) {
    auto& entry = entries_[i];
    if (entry.phase == Phase::done)
      continue;
    TestResult result;
    result.test_id = tests_[i].id;
    result.test_path = tests_[i].path;
    result.test_name = tests_[i].title;
    result.status = TestStatus::skipped;
    result.error = reason;
    result.attempt = entry.attempt;
    result.retry_count = entry.attempt - 1;
    result.shard_index = std::max(entry.shard, 0);
    if (entry.phase == Phase::running) {
      were_running.push_back(i);
      result.worker_id = entry.worker_id;
    }
    results_.push_back(std::move(result));
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

// -- private -------------------------------------------------------------------

void SessionLedger::finish(Entry& entry, TestStatus status) {
  move_phase(entry, Phase::done);
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
