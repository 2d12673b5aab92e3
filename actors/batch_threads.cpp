#include "actors/batch_threads.hpp"

namespace shardline {

BatchThreads::~BatchThreads() {
  std::vector<std::thread> threads;
  {
    std::lock_guard<std::mutex> guard{mutex_};
    for (auto& [run_id, running] : running_) {
      running.stop();
      threads.push_back(std::move(running.thread));
    }
    running_.clear();
    for (auto& thread : finished_)
      threads.push_back(std::move(thread));
    finished_.clear();
  }
  for (auto& thread : threads)
    if (thread.joinable())
      thread.join();
}

void BatchThreads::start(std::uint64_t run_id, std::function<void()> stop,
                         std::function<void()> work) {
  join_finished();
  std::lock_guard<std::mutex> guard{mutex_};
  auto& running = running_[run_id];
  running.stop = std::move(stop);
  running.thread = std::thread{[this, run_id, work = std::move(work)] {
    work();
    std::lock_guard<std::mutex> guard{mutex_};
    // Gone when the destructor took it over; it joins it then.
    if (auto it = running_.find(run_id); it != running_.end()) {
      finished_.push_back(std::move(it->second.thread));
      running_.erase(it);
    }
  }};
}

void BatchThreads::stop(std::uint64_t run_id) {
  std::lock_guard<std::mutex> guard{mutex_};
  if (auto it = running_.find(run_id); it != running_.end())
    it->second.stop();
}

void BatchThreads::join_finished() {
  std::vector<std::thread> ended;
  {
    std::lock_guard<std::mutex> guard{mutex_};
    ended.swap(finished_);
  }
  for (auto& thread : ended)
    thread.join();
}

} // namespace shardline
