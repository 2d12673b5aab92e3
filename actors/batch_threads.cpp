#include "actors/batch_threads.hpp"

namespace shardline {

BatchThreads::~BatchThreads() {
  std::map<std::thread::id, std::thread> threads;
  {
    std::lock_guard<std::mutex> guard{mutex_};
    closing_ = true;
    for (auto& [run_id, stop] : stops_)
      stop();
    threads.swap(threads_);
  }
  batch_waiting_.notify_all();
  // Batches not picked up yet still run, stopped: they end at once and say so.
  for (auto& [id, thread] : threads)
    thread.join();
  join_exited();
}

void BatchThreads::start(std::uint64_t run_id, std::function<void()> stop,
                         std::function<void()> work) {
  join_exited();
  std::lock_guard<std::mutex> guard{mutex_};
  stops_[run_id] = std::move(stop);
  waiting_.push_back(Batch{run_id, std::move(work)});
  // Every idle thread takes one waiting batch; only a batch beyond them
  // needs a new thread.
  if (idle_ >= waiting_.size()) {
    batch_waiting_.notify_one();
    return;
  }
  std::thread thread{[this] { serve(); }};
  auto id = thread.get_id();
  threads_.emplace(id, std::move(thread));
}

void BatchThreads::serve() {
  std::unique_lock<std::mutex> lock{mutex_};
  for (;;) {
    while (!waiting_.empty()) {
      Batch batch = std::move(waiting_.front());
      waiting_.pop_front();
      lock.unlock();
      batch.work();
      batch.work = nullptr; // what it holds goes before the batch counts as ended
      lock.lock();
      stops_.erase(batch.run_id);
    }
    if (closing_)
      return; // the destructor joins it
    ++idle_;
    bool has_batch =
        batch_waiting_.wait_for(lock, linger_, [this] { return !waiting_.empty() || closing_; });
    --idle_;
    if (!has_batch) {
      // Lingered out: hand its own thread object over to be joined.
      if (auto it = threads_.find(std::this_thread::get_id()); it != threads_.end()) {
        exited_.push_back(std::move(it->second));
        threads_.erase(it);
      }
      return;
    }
  }
}

void BatchThreads::stop(std::uint64_t run_id) {
  std::lock_guard<std::mutex> guard{mutex_};
  if (auto it = stops_.find(run_id); it != stops_.end())
    it->second();
}

std::size_t BatchThreads::threads() {
  std::lock_guard<std::mutex> guard{mutex_};
  return threads_.size();
}

std::size_t BatchThreads::idle_threads() {
  std::lock_guard<std::mutex> guard{mutex_};
  return idle_;
}

void BatchThreads::join_exited() {
  std::vector<std::thread> exited;
  {
    std::lock_guard<std::mutex> guard{mutex_};
    exited.swap(exited_);
  }
  for (auto& thread : exited)
    thread.join();
}

} // namespace shardline
