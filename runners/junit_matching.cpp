#include "runners/junit_matching.hpp"

#include <algorithm>
#include <map>
#include <set>
#include <string_view>
#include <unordered_map>

namespace shardline {

namespace {

std::string normal_path(std::string_view path) {
  std::string out(path);
  std::replace(out.begin(), out.end(), '\\', '/');
  std::string_view view = out;
  while (view.starts_with("./"))
    view.remove_prefix(2);
  return std::string(view);
}

bool ends_with_part(std::string_view path, std::string_view part) {
  return path.size() > part.size() && path.ends_with(part) &&
         path[path.size() - part.size() - 1] == '/';
}

enum class PathFit { none, suffix, equal };

PathFit path_fit(std::string_view listed, std::string_view reported) {
  if (listed.empty() || reported.empty())
    return PathFit::none;
  if (listed == reported)
    return PathFit::equal;
  return ends_with_part(listed, reported) || ends_with_part(reported, listed) ? PathFit::suffix
                                                                              : PathFit::none;
}

std::string shown(const TestResult& result) {
  return result.test_path + " \u203a " + result.test_name;
}

class Listing {
public:
  Listing(std::span<const TestFile> tests, std::span<const TestResult> reported) : tests_(tests) {
    for (std::size_t i = 0; i < tests.size(); ++i) {
      by_id_.emplace(tests[i].id, i);
      by_title_.emplace(tests[i].title, i);
      if (!tests[i].project.empty())
        projects_.insert(tests[i].project);
    }
    // A report whose suites' hostnames name listed projects names projects
    // there (Playwright's); in others they are machines.
    reported_projects_ = std::any_of(reported.begin(), reported.end(), [&](const auto& result) {
      return projects_.contains(result.project);
    });
  }

  // The listed tests a testcase fits (indexes into the listing); empty when
  // none; `ambiguous` when they lie in several files.
  std::vector<std::size_t> fits(const TestResult& result, bool& ambiguous) const {
    ambiguous = false;
    for (const auto& id : {result.test_id, result.test_name})
      if (auto found = by_id_.find(id); found != by_id_.end())
        return {found->second};

    auto reported_path = normal_path(result.test_path);
    std::vector<std::size_t> fits;
    auto best = PathFit::none;
    auto consider = [&](std::string_view title, std::string_view project) {
      auto [first, last] = by_title_.equal_range(std::string(title));
      for (auto it = first; it != last; ++it) {
        const auto& test = tests_[it->second];
        if (!project.empty() && test.project != project)
          continue;
        auto fit = path_fit(normal_path(test.path), reported_path);
        if (fit == PathFit::none || fit < best)
          continue;
        if (fit > best)
          fits.clear();
        best = fit;
        fits.push_back(it->second);
      }
    };
    consider(result.test_name, "");
    // `[PROJECT] title`: the project is part of the name.
    std::string project = reported_projects_ ? result.project : std::string();
    const auto& name = result.test_name;
    if (auto close = name.find("] "); name.starts_with('[') && close != std::string::npos) {
      auto bracketed = name.substr(1, close - 1);
      if (projects_.contains(bracketed)) {
        consider(std::string_view(name).substr(close + 2), bracketed);
        project = bracketed;
      }
    }
    if (fits.empty())
      return fits;
    std::set<std::string> paths;
    for (auto index : fits)
      paths.insert(normal_path(tests_[index].path));
    if (paths.size() > 1) {
      ambiguous = true;
      return {};
    }
    // One spec in several projects: the testcase's project decides.
    if (!project.empty())
      std::erase_if(fits, [&](std::size_t index) { return tests_[index].project != project; });
    return fits;
  }

private:
  std::span<const TestFile> tests_;
  std::unordered_map<std::string, std::size_t> by_id_;
  std::multimap<std::string, std::size_t> by_title_;
  std::set<std::string> projects_;
  bool reported_projects_ = false;
};

} // namespace

JunitMatch match_listed_tests(std::span<const TestResult> reported,
                              std::span<const TestFile> listed) {
  JunitMatch match;
  Listing listing(listed, reported);
  std::unordered_map<std::string, int> attempts;
  for (const auto& result : reported) {
    bool ambiguous = false;
    auto fits = listing.fits(result, ambiguous);
    if (ambiguous)
      match.ambiguous.push_back(shown(result));
    else if (fits.empty())
      match.unmatched.push_back(shown(result));
    for (auto index : fits) {
      const auto& test = listed[index];
      auto keyed = result;
      keyed.test_id = test.id;
      keyed.test_path = test.path;
      keyed.test_name = test.title;
      keyed.project = test.project;
      auto& count = attempts[test.id];
      keyed.attempt = ++count;
      keyed.retry_count = count - 1;
      match.results.push_back(std::move(keyed));
    }
  }
  match.tests = attempts.size();
  return match;
}

} // namespace shardline
