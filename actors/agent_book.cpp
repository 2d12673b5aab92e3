#include "actors/agent_book.hpp"

#include <algorithm>

namespace shardline {

namespace {

// Kept to name a cancelled session in a stale result's detail; older ones
// get the general detail.
constexpr std::size_t remembered_cancels = 64;

std::string hand_over_text(const std::string& session_id, std::uint64_t epoch) {
  return "session " + session_id + " epoch " + std::to_string(epoch);
}

} // namespace

AgentBook::AgentBook(std::size_t remembered_results)
    : remembered_results_(std::max<std::size_t>(1, remembered_results)) {}

std::size_t AgentBook::add_batch(std::uint64_t run_id, std::vector<TestAssignment> batch) {
  Run run;
  for (auto& assignment : batch) {
    Key key{assignment.session_id, assignment.epoch};
    if (held_.count(key) > 0)
      continue;
    if (run.session_id.empty())
      run.session_id = assignment.session_id;
    run.epochs.push_back(assignment.epoch);
    held_.emplace(std::move(key), Held{run_id, next_order_++, std::move(assignment), false});
  }
  auto taken = run.epochs.size();
  if (taken > 0)
    runs_.emplace(run_id, std::move(run));
  return taken;
}

std::vector<const AgentBook::Held*> AgentBook::in_order(bool delivered, bool pending) const {
  std::vector<const Held*> out;
  for (const auto& [key, held] : held_)
    if (held.delivered ? delivered : pending)
      out.push_back(&held);
  std::sort(out.begin(), out.end(),
            [](const Held* a, const Held* b) { return a->order < b->order; });
  return out;
}

std::vector<TestAssignment> AgentBook::poll() {
  std::vector<TestAssignment> out;
  for (const auto* held : in_order(false, true)) {
    out.push_back(held->assignment);
    held_.at({held->assignment.session_id, held->assignment.epoch}).delivered = true;
  }
  return out;
}

AgentBook::Report AgentBook::report(const std::string& session_id, std::uint64_t epoch,
                                    const TestResult& result) {
  Key key{session_id, epoch};
  auto it = held_.find(key);
  if (it != held_.end() && it->second.delivered &&
      it->second.assignment.test.id == result.test_id) {
    Report out;
    out.verdict = ReportVerdict::accepted;
    out.run_id = it->second.run_id;
    out.attempt = it->second.assignment.attempt;
    held_.erase(it);
    auto& run = runs_.at(out.run_id);
    std::erase(run.epochs, epoch);
    if (run.epochs.empty()) {
      runs_.erase(out.run_id);
      out.run_complete = true;
    }
    remember(key, result.test_id);
    return out;
  }
  if (auto seen = remembered_.find(key);
      seen != remembered_.end() && seen->second == result.test_id) {
    Report out;
    out.verdict = ReportVerdict::duplicate;
    out.detail = "the result of test " + result.test_id + " for " +
                 hand_over_text(session_id, epoch) + " was accepted before";
    return out;
  }
  Report out;
  out.detail = stale_detail(session_id, epoch, result.test_id);
  return out;
}

std::string AgentBook::stale_detail(const std::string& session_id, std::uint64_t epoch,
                                    const std::string& test_id) const {
  auto where = hand_over_text(session_id, epoch);
  if (std::find(cancelled_.begin(), cancelled_.end(), session_id) != cancelled_.end())
    return "session " + session_id + " was cancelled";
  if (auto it = held_.find({session_id, epoch}); it != held_.end()) {
    const auto& held = it->second;
    if (held.assignment.test.id != test_id)
      return where + " is test " + held.assignment.test.id + ", not " + test_id;
    return "test " + test_id + " for " + where + " was not handed to this worker yet";
  }
  for (const auto& [key, held] : held_)
    if (key.first == session_id && held.assignment.test.id == test_id)
      return "test " + test_id + " of session " + session_id + " is held at epoch " +
             std::to_string(key.second) + ", not " + std::to_string(epoch);
  return "this worker does not hold test " + test_id + " for " + where +
         " (it never did, or it was taken away when the worker missed its heartbeats)";
}

void AgentBook::remember(const Key& key, const std::string& test_id) {
  remembered_.insert_or_assign(key, test_id);
  remembered_order_.push_back(key);
  while (remembered_order_.size() > remembered_results_) {
    remembered_.erase(remembered_order_.front());
    remembered_order_.pop_front();
  }
}

AgentBook::EndedRun AgentBook::end_run(std::uint64_t run_id) {
  EndedRun ended{run_id, {}};
  auto it = runs_.find(run_id);
  if (it == runs_.end())
    return ended;
  for (auto epoch : it->second.epochs) {
    held_.erase({it->second.session_id, epoch});
    ended.not_run.push_back(epoch);
  }
  runs_.erase(it);
  return ended;
}

std::vector<AgentBook::EndedRun> AgentBook::cancel(const std::string& session_id) {
  std::vector<std::uint64_t> ids;
  for (const auto& [run_id, run] : runs_)
    if (run.session_id == session_id)
      ids.push_back(run_id);
  std::vector<EndedRun> ended;
  for (auto run_id : ids)
    ended.push_back(end_run(run_id));
  for (auto it = remembered_.begin(); it != remembered_.end();)
    it = it->first.first == session_id ? remembered_.erase(it) : std::next(it);
  std::erase_if(remembered_order_, [&](const Key& key) { return key.first == session_id; });
  if (std::find(cancelled_.begin(), cancelled_.end(), session_id) == cancelled_.end()) {
    cancelled_.push_back(session_id);
    if (cancelled_.size() > remembered_cancels)
      cancelled_.pop_front();
  }
  return ended;
}

std::vector<AgentBook::EndedRun> AgentBook::expire() {
  std::vector<std::uint64_t> ids;
  for (const auto& [run_id, run] : runs_)
    ids.push_back(run_id);
  std::vector<EndedRun> ended;
  for (auto run_id : ids)
    ended.push_back(end_run(run_id));
  return ended;
}

WorkerState AgentBook::status() const {
  return held_.empty() ? WorkerState::idle : WorkerState::busy;
}

std::vector<std::string> AgentBook::current_tests() const {
  std::vector<std::string> ids;
  for (const auto* held : in_order(true, true))
    ids.push_back(held->assignment.test.id);
  return ids;
}

std::size_t AgentBook::pending_count() const {
  return static_cast<std::size_t>(std::count_if(
      held_.begin(), held_.end(), [](const auto& entry) { return !entry.second.delivered; }));
}

std::size_t AgentBook::delivered_count() const {
  return held_.size() - pending_count();
}

} // namespace shardline
