#include "tools/exit_code.hpp"
#include "tools/history_command.hpp"

#include "model/json_text.hpp"
#include "store/history_db.hpp"
#include "store/store_file.hpp"
#include "tests/support/scratch_dir.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <sstream>
#include <string>
#include <vector>

// `shardline history` over a real database file that record_history filled,
// as `shardline run` fills it.

namespace shardline::cli {
namespace {

TestResult attempt(const std::string& id, TestStatus status, std::int64_t duration_ms,
                   bool flaky = false) {
  TestResult result;
  result.test_id = id;
  result.test_path = "shop/" + id + ".spec.ts";
  result.test_name = "checks " + id;
  result.status = status;
  result.duration_ms = duration_ms;
  result.flaky = flaky;
  result.attempt = 1;
  return result;
}

class HistoryCommand : public ::testing::Test {
protected:
  void SetUp() override {
    auto db = open_store(file());
    ASSERT_TRUE(db) << db.error().to_string();
    // Three runs: "cart" is slow, "login" passed on a retry once in three
    // runs, "pay" failed in the last two.
    for (int run = 0; run < 3; ++run) {
      std::vector<TestResult> results{
          attempt("cart", TestStatus::passed, 9000),
          attempt("login", TestStatus::passed, 100, run == 1),
          attempt("pay", run == 0 ? TestStatus::passed : TestStatus::failed, 500)};
      ASSERT_TRUE(record_history(*db, results));
    }
  }

  std::string file() const { return (scratch.path() / "shardline.db").string(); }

  int run(HistoryOptions options) {
    out.str({});
    err.str({});
    return run_history(options, out, err);
  }

  HistoryOptions asking(const std::string& question) {
    HistoryOptions options;
    options.question = question;
    options.db = file();
    return options;
  }

  test_support::ScratchDir scratch;
  std::ostringstream out;
  std::ostringstream err;
};

TEST_F(HistoryCommand, slowest_lists_the_longest_first_by_path_and_name) {
  auto options = asking("slowest");
  options.limit = 2;

  ASSERT_EQ(run(options), exit_ok) << err.str();

  auto text = out.str();
  auto cart = text.find("shop/cart.spec.ts \u203a checks cart");
  auto pay = text.find("shop/pay.spec.ts \u203a checks pay");
  ASSERT_NE(cart, std::string::npos) << text;
  ASSERT_NE(pay, std::string::npos) << text;
  EXPECT_LT(cart, pay);
  EXPECT_EQ(text.find("login"), std::string::npos) << "beyond --limit: " << text;
}

TEST_F(HistoryCommand, flaky_says_how_often_a_test_passed_only_on_a_retry) {
  auto options = asking("flaky");
  options.json = true;

  ASSERT_EQ(run(options), exit_ok) << err.str();

  auto json = parse_json(out.str());
  ASSERT_TRUE(json) << out.str();
  ASSERT_EQ(json->size(), 1u) << out.str();
  EXPECT_EQ((*json)[0]["testId"], "login");
  EXPECT_EQ((*json)[0]["runs"], 3);
  EXPECT_EQ((*json)[0]["flaky"], 1);
  EXPECT_NEAR((*json)[0]["flakyRate"].get<double>(), 1.0 / 3, 1e-9);
}

TEST_F(HistoryCommand, failing_lists_what_failed_last_with_its_failure_count) {
  auto options = asking("failing");
  options.json = true;

  ASSERT_EQ(run(options), exit_ok) << err.str();

  auto json = parse_json(out.str());
  ASSERT_TRUE(json);
  ASSERT_EQ(json->size(), 1u) << out.str();
  EXPECT_EQ((*json)[0]["testId"], "pay");
  EXPECT_EQ((*json)[0]["failures"], 2);
  EXPECT_EQ((*json)[0]["lastStatus"], "failed");
}

TEST_F(HistoryCommand, bad_questions_limits_and_files_are_one_line_each) {
  EXPECT_EQ(run(asking("fastest")), exit_usage);
  EXPECT_EQ(err.str(), "shardline history: unknown question \"fastest\"; allowed: slowest, "
                       "flaky, failing, import\n");

  auto options = asking("slowest");
  options.limit = 0;
  EXPECT_EQ(run(options), exit_usage);
  EXPECT_EQ(err.str(), "shardline history: --limit: 0 is out of range; allowed: 1 to 100000\n");

  options = asking("slowest");
  options.db = (scratch.path() / "none.db").string();
  EXPECT_EQ(run(options), exit_usage);
  EXPECT_NE(err.str().find("none.db does not exist"), std::string::npos) << err.str();
  EXPECT_FALSE(std::filesystem::exists(options.db)) << "not made by asking";
}

} // namespace
} // namespace shardline::cli
