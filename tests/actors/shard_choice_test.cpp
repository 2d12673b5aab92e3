#include "actors/shard_choice.hpp"

#include <gtest/gtest.h>

#include <vector>

namespace shardline {
namespace {

TEST(RetryShard, prefers_another_worker_even_when_busier) {
  std::vector<ShardLoad> shards{{"w-1", 0}, {"w-2", 5000}, {"w-3", 9000}};
  EXPECT_EQ(retry_shard(shards, "w-1"), 1);
}

TEST(RetryShard, falls_back_to_the_same_worker_when_it_is_the_only_one) {
  std::vector<ShardLoad> shards{{"w-1", 700}, {"", 0}};
  EXPECT_EQ(retry_shard(shards, "w-1"), 0);
}

TEST(RetryShard, none_without_a_worker) {
  std::vector<ShardLoad> shards{{"", 0}, {"", 10}};
  EXPECT_EQ(retry_shard(shards, "w-1"), std::nullopt);
}

TEST(RetryShard, a_first_attempt_goes_to_the_least_queued) {
  std::vector<ShardLoad> shards{{"w-1", 300}, {"w-2", 100}, {"w-3", 200}};
  EXPECT_EQ(retry_shard(shards, ""), 1);
}

TEST(StealVictim, takes_from_the_shard_with_the_most_work_left) {
  std::vector<ShardLoad> shards{{"w-1", 0}, {"w-2", 4000}, {"w-3", 9000}};
  EXPECT_EQ(steal_victim(shards, 0), 2);
}

TEST(StealVictim, prefers_a_shard_without_a_worker) {
  std::vector<ShardLoad> shards{{"w-1", 0}, {"w-2", 9000}, {"", 100}};
  EXPECT_EQ(steal_victim(shards, 0), 2);
}

TEST(StealVictim, never_the_thief_itself_nor_an_empty_queue) {
  std::vector<ShardLoad> shards{{"w-1", 9000}, {"w-2", 0}};
  EXPECT_EQ(steal_victim(shards, 0), std::nullopt);
}

} // namespace
} // namespace shardline
