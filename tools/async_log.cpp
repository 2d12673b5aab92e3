#include "tools/async_log.hpp"

#include <spdlog/async.h>
#include <spdlog/async_logger.h>
#include <spdlog/sinks/base_sink.h>
#include <spdlog/spdlog.h>

#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <string>
#include <thread>

namespace shardline::cli {

namespace {

// A pipe gets an open file description of its own, non-blocking, on the same
// fd number: writes fail with EAGAIN instead of waiting, and whoever shares
// the pipe (the shell, a parent) keeps a blocking one.
void reopen_pipe_nonblocking(int fd) {
  struct stat info {};
  if (::fstat(fd, &info) != 0 || !S_ISFIFO(info.st_mode))
    return;
  auto path = "/proc/self/fd/" + std::to_string(fd);
  int reopened = ::open(path.c_str(), O_WRONLY | O_NONBLOCK | O_CLOEXEC);
  if (reopened < 0)
    return;
  ::dup2(reopened, fd);
  ::close(reopened);
}

} // namespace

class AsyncLog::FdSink final : public spdlog::sinks::base_sink<std::mutex> {
public:
  explicit FdSink(int fd) : fd_(fd) {}

  std::size_t dropped() const { return dropped_; }

protected:
  void sink_it_(const spdlog::details::log_msg& message) override {
    spdlog::memory_buf_t line;
    formatter_->format(message, line);
    if (unwritten_ > 0) {
      auto notice = "[shardline: " + std::to_string(unwritten_) +
                    " log lines were dropped: the output did not take them]\n";
      if (!write_now(notice.data(), notice.size())) {
        ++unwritten_;
        ++dropped_;
        return;
      }
      unwritten_ = 0;
    }
    if (!write_now(line.data(), line.size())) {
      ++unwritten_;
      ++dropped_;
    }
  }

  void flush_() override {}

private:
  // One write(2) of at most PIPE_BUF bytes (all or nothing on a pipe), only
  // when the output can take it now.
  bool write_now(const char* data, std::size_t size) {
    size = std::min<std::size_t>(size, PIPE_BUF);
    pollfd ready{fd_, POLLOUT, 0};
    if (::poll(&ready, 1, 0) != 1 || (ready.revents & POLLOUT) == 0)
      return false;
    return ::write(fd_, data, size) > 0;
  }

  int fd_;
  std::size_t unwritten_ = 0;
  std::atomic<std::size_t> dropped_ = 0;
};

AsyncLog::AsyncLog(int fd, std::size_t queue_lines) {
  reopen_pipe_nonblocking(fd);
  sink_ = std::make_shared<FdSink>(fd);
  pool_ = std::make_shared<spdlog::details::thread_pool>(queue_lines, 1);
  auto logger = std::make_shared<spdlog::async_logger>(
      "", sink_, pool_, spdlog::async_overflow_policy::overrun_oldest);
  logger->set_level(spdlog::default_logger()->level());
  spdlog::set_default_logger(std::move(logger));
}

AsyncLog::~AsyncLog() {
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds{1};
  while (pool_->queue_size() > 0 && std::chrono::steady_clock::now() < deadline)
    std::this_thread::sleep_for(std::chrono::milliseconds{5});
  auto logger = std::make_shared<spdlog::logger>("", sink_);
  logger->set_level(spdlog::default_logger()->level());
  spdlog::set_default_logger(std::move(logger));
  // The writer never waits on the output, so what is left drains quickly.
  pool_.reset();
}

std::size_t AsyncLog::dropped() const {
  return sink_->dropped() + (pool_ ? pool_->overrun_counter() : 0);
}

} // namespace shardline::cli
