#include "tools/preview_command.hpp"

#include "store/history_db.hpp"
#include "store/store_file.hpp"

#include "model/json_text.hpp"
#include "model/preview.hpp"
#include "strategies/preview.hpp"
#include "tools/exit_code.hpp"
#include "tools/input_file.hpp"
#include "tools/preview_table.hpp"

#include <nlohmann/json.hpp>

#include <ostream>

namespace shardline::cli {

namespace {

// Errors about request fields are reported under the flag that set them.
std::string flag_for(const std::string& field) {
  if (field == "workerCount")
    return "--workers";
  if (field == "strategy")
    return "--strategy";
  if (field == "tagMode")
    return "--tag-mode";
  return field;
}

} // namespace

int run_preview(const PreviewOptions& options, std::ostream& out, std::ostream& err) {
  const auto name = options.input == "-" ? std::string{"<stdin>"} : options.input;
  auto fail = [&](const std::string& what) {
    err << "shardline preview: " << what << '\n';
    return exit_usage;
  };
  auto text = read_input(options.input);
  if (!text)
    return fail(text.error().to_string());
  auto json = parse_json(*text);
  if (!json)
    return fail(name + ": " + json.error().to_string());
  auto tests = decode_suite(*json);
  if (!tests)
    return fail(name + ": " + tests.error().to_string());
  auto tag_mode = parse_tag_mode(options.tag_mode);
  if (!tag_mode)
    return fail("--tag-mode: unknown value \"" + options.tag_mode +
                "\"; allowed: group, distribute");

  if (!options.db.empty()) {
    auto db = open_existing_store(options.db);
    if (!db)
      return fail(db.error().to_string());
    auto history = read_history(*db);
    if (!history)
      return fail(history.error().to_string());
    history->apply(*tests);
  }

  PreviewRequest request{std::move(*tests), options.strategy, options.workers, *tag_mode};
  auto planned = preview(std::move(request));
  if (!planned) {
    const auto& error = planned.error();
    auto detail = error.field == "workerCount" ? " (got " + std::to_string(options.workers) + ")"
                                               : std::string{};
    return fail(flag_for(error.field) + ": " + error.message + detail);
  }
  if (options.json)
    out << to_json_text(encode(*planned), 2) << '\n';
  else
    print_preview_table(*planned, options.strategy, options.list_tests, out);
  return exit_ok;
}

} // namespace shardline::cli
