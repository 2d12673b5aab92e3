#include "actors/session_board.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <thread>

namespace shardline {
namespace {

SessionBoard::Snapshot session_with(const std::string& id, std::int64_t completed) {
  ExecutionSession session;
  session.session_id = id;
  session.status = SessionStatus::running;
  session.progress.total = completed + 1;
  session.progress.completed = completed;
  session.progress.pending = 1;
  return std::make_shared<const ExecutionSession>(std::move(session));
}

TEST(SessionBoard, finds_the_latest_state_of_a_session) {
  SessionBoard board;
  board.publish(session_with("s-1", 0));
  board.publish(session_with("s-1", 2));
  ASSERT_NE(board.find("s-1"), nullptr);
  EXPECT_EQ(board.find("s-1")->progress.completed, 2);
  EXPECT_EQ(board.find("s-2"), nullptr);
  EXPECT_EQ(board.size(), 1u);
}

TEST(SessionBoard, lists_sessions_newest_first_by_first_publication) {
  SessionBoard board;
  board.publish(session_with("s-1", 0));
  board.publish(session_with("s-2", 0));
  board.publish(session_with("s-1", 1)); // an update does not move it
  EXPECT_EQ(board.ids(), (std::vector<std::string>{"s-2", "s-1"}));
  auto all = board.sessions();
  ASSERT_EQ(all.size(), 2u);
  EXPECT_EQ(all[1]->progress.completed, 1);
}

TEST(SessionBoard, a_reader_keeps_its_snapshot_while_newer_ones_are_published) {
  SessionBoard board;
  board.publish(session_with("s-1", 0));
  auto held = board.find("s-1");
  board.publish(session_with("s-1", 5));
  EXPECT_EQ(held->progress.completed, 0);
  EXPECT_EQ(board.find("s-1")->progress.completed, 5);
}

TEST(SessionBoard, forgets_a_removed_session) {
  SessionBoard board;
  board.publish(session_with("s-1", 0));
  board.publish(session_with("s-2", 0));
  board.remove("s-1");
  EXPECT_EQ(board.find("s-1"), nullptr);
  EXPECT_EQ(board.ids(), (std::vector<std::string>{"s-2"}));
}

TEST(SessionBoard, readers_on_other_threads_see_only_whole_states_in_order) {
  constexpr std::int64_t publications = 20000;
  constexpr int readers = 4;
  SessionBoard board;
  board.publish(session_with("s-1", 0));
  std::atomic<bool> done{false};
  std::atomic<int> torn{0};
  std::atomic<int> backwards{0};
  std::vector<std::thread> threads;
  for (int r = 0; r < readers; ++r)
    threads.emplace_back([&] {
      std::int64_t seen = 0;
      while (!done.load()) {
        auto current = board.find("s-1");
        const auto& p = current->progress;
        if (p.completed + p.pending != p.total)
          ++torn;
        if (p.completed < seen)
          ++backwards;
        seen = p.completed;
        board.sessions();
      }
    });
  for (std::int64_t i = 1; i <= publications; ++i)
    board.publish(session_with("s-1", i));
  done = true;
  for (auto& thread : threads)
    thread.join();
  EXPECT_EQ(torn.load(), 0);
  EXPECT_EQ(backwards.load(), 0);
  EXPECT_EQ(board.find("s-1")->progress.completed, publications);
}

} // namespace
} // namespace shardline
