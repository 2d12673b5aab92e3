#include "tools/interrupt_watch.hpp"

#include <csignal>
#include <cstdint>
#include <poll.h>
#include <pthread.h>
#include <sys/eventfd.h>
#include <sys/signalfd.h>
#include <unistd.h>

namespace shardline::cli {

namespace {

sigset_t interrupt_signals() {
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGINT);
  sigaddset(&set, SIGTERM);
  return set;
}

} // namespace

InterruptWatch::InterruptWatch(std::function<void(int, int)> on_signal)
    : on_signal_(std::move(on_signal)) {
  auto set = interrupt_signals();
  restore_mask_ = ::pthread_sigmask(SIG_BLOCK, &set, nullptr) == 0;
  signal_fd_ = ::signalfd(-1, &set, SFD_CLOEXEC);
  stop_fd_ = ::eventfd(0, EFD_CLOEXEC);
  // Without either descriptor the signals stay blocked and are never seen:
  // give them back their default action instead (the process ends).
  if (signal_fd_ < 0 || stop_fd_ < 0) {
    if (restore_mask_)
      ::pthread_sigmask(SIG_UNBLOCK, &set, nullptr);
    restore_mask_ = false;
    return;
  }
  thread_ = std::thread([this] { watch(); });
}

InterruptWatch::~InterruptWatch() {
  if (thread_.joinable()) {
    std::uint64_t one = 1;
    [[maybe_unused]] auto written = ::write(stop_fd_, &one, sizeof one);
    thread_.join();
  }
  if (signal_fd_ >= 0)
    ::close(signal_fd_);
  if (stop_fd_ >= 0)
    ::close(stop_fd_);
  if (restore_mask_) {
    // A signal that arrived after the thread stopped is still pending:
    // consume it rather than have it kill the process on unblocking.
    auto set = interrupt_signals();
    timespec zero{};
    while (::sigtimedwait(&set, nullptr, &zero) > 0) {
    }
    ::pthread_sigmask(SIG_UNBLOCK, &set, nullptr);
  }
}

void InterruptWatch::watch() {
  int count = 0;
  for (;;) {
    pollfd fds[2] = {{signal_fd_, POLLIN, 0}, {stop_fd_, POLLIN, 0}};
    if (::poll(fds, 2, -1) < 0)
      continue; // EINTR
    if (fds[1].revents != 0)
      return;
    signalfd_siginfo info{};
    if (::read(signal_fd_, &info, sizeof info) != static_cast<ssize_t>(sizeof info))
      continue;
    auto signal = static_cast<int>(info.ssi_signo);
    int expected = 0;
    first_signal_.compare_exchange_strong(expected, signal);
    on_signal_(signal, ++count);
  }
}

} // namespace shardline::cli
