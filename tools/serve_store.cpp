#include "tools/serve_store.hpp"

#include "store/session_records.hpp"
#include "store/store_file.hpp"

#include <algorithm>
#include <chrono>
#include <set>

namespace shardline::cli {

Result<ServeStore> open_serve_store(const std::filesystem::path& path, int keep_days) {
  auto opened = open_store(path);
  if (!opened)
    return opened.error();
  ServeStore store;
  store.db = std::make_shared<sqlite::Database>(std::move(*opened));
  auto interrupted = interrupt_unfinished(*store.db);
  if (!interrupted)
    return Error{"", path.string() + ": " + interrupted.error().message};
  store.interrupted = *interrupted;
  std::set<std::string> expired;
  if (keep_days > 0) {
    auto cutoff = std::chrono::time_point_cast<std::chrono::milliseconds>(Clock::now()) -
                  std::chrono::hours{24} * keep_days;
    auto old = sessions_started_before(*store.db, cutoff);
    if (!old)
      return Error{"", path.string() + ": " + old.error().message};
    store.expired = std::move(*old);
    expired.insert(store.expired.begin(), store.expired.end());
  }
  auto sessions = read_sessions(*store.db);
  if (!sessions)
    return Error{"", path.string() + ": " + sessions.error().message +
                         "; restore a copy, or move it away and start a new one"};
  for (auto& stored : *sessions)
    if (!expired.contains(stored.summary.session_id))
      store.restored.push_back(std::move(stored.summary));
  return store;
}

} // namespace shardline::cli
