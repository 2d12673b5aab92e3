#include "actors/worker_activity.hpp"

#include "actors/session_ledger.hpp"

#include <string_view>
#include <unordered_map>

namespace shardline {

std::vector<HeldTests> held_tests(const SessionLedger& ledger) {
  std::vector<HeldTests> held;
  std::unordered_map<std::string_view, std::size_t> index_of; // into `held`
  const auto& tests = ledger.tests();
  for (auto test : ledger.running()) {
    const auto& worker_id = ledger.last_worker(test); // a running test's holder
    auto [it, first] = index_of.try_emplace(worker_id, held.size());
    if (first)
      held.push_back({worker_id, {}});
    held[it->second].test_ids.push_back(tests[test].id);
  }
  return held;
}

std::vector<Worker> with_held_tests(std::vector<Worker> workers,
                                    const std::vector<HeldTests>& held) {
  std::unordered_map<std::string, Worker*> by_id;
  for (auto& worker : workers) {
    worker.current_tests.clear();
    by_id.emplace(worker.id, &worker);
  }
  for (const auto& holding : held) {
    auto it = by_id.find(holding.worker_id);
    if (it == by_id.end() || it->second->status == WorkerState::offline)
      continue;
    auto& tests = it->second->current_tests;
    tests.insert(tests.end(), holding.test_ids.begin(), holding.test_ids.end());
  }
  for (auto& worker : workers)
    if (worker.status == WorkerState::idle && !worker.current_tests.empty())
      worker.status = WorkerState::busy;
    else if (worker.status == WorkerState::busy && worker.current_tests.empty())
      worker.status = WorkerState::idle;
  return workers;
}

} // namespace shardline
