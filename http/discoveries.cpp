#include "http/discoveries.hpp"

#include <algorithm>

namespace shardline::http {

bool Discoveries::start(PlaywrightListOptions options, Done done) {
  std::lock_guard lock(mutex_);
  reap_finished();
  if (stopped_ || static_cast<int>(listings_.size()) >= limit_)
    return false;
  auto canceller = std::make_shared<ProcessCanceller>();
  auto finished = std::make_shared<std::atomic<bool>>(false);
  options.canceller = canceller;
  std::thread thread([options = std::move(options), done = std::move(done), canceller, finished] {
    auto tests = list_playwright_tests(options);
    done(std::move(tests), canceller->cancelled());
    finished->store(true);
  });
  listings_.push_back(Listing{std::move(thread), std::move(canceller), std::move(finished)});
  return true;
}

void Discoveries::stop() {
  std::list<Listing> listings;
  {
    std::lock_guard lock(mutex_);
    stopped_ = true;
    listings.swap(listings_);
  }
  for (auto& listing : listings)
    listing.canceller->cancel();
  for (auto& listing : listings) {
    if (!listing.thread.joinable())
      continue;
    // The last owner let go inside a callback: that thread ends by itself.
    if (listing.thread.get_id() == std::this_thread::get_id())
      listing.thread.detach();
    else
      listing.thread.join();
  }
}

int Discoveries::running() const {
  std::lock_guard lock(mutex_);
  return static_cast<int>(std::count_if(listings_.begin(), listings_.end(),
                                        [](const Listing& listing) { return !*listing.finished; }));
}

void Discoveries::reap_finished() {
  for (auto it = listings_.begin(); it != listings_.end();) {
    if (*it->finished && it->thread.get_id() != std::this_thread::get_id()) {
      it->thread.join();
      it = listings_.erase(it);
    } else {
      ++it;
    }
  }
}

} // namespace shardline::http
