#pragma once

#include "model/result.hpp"
#include "model/test_file.hpp"

#include <optional>
#include <string>
#include <vector>

namespace shardline {

/// The command runner's argv template for one test. An element may contain
/// `{path}`, `{title}`, `{id}` and `{line}` (empty when the test has no line),
/// each replaced inside that one element: a value is never split into several
/// arguments, never seen by a shell, and never scanned for placeholders again,
/// so a title like `x; touch /tmp/p $(id)` or `{path}` reaches the program as
/// that literal argument.
///
/// Anything else in braces stays as written: `{}` for find, `{print $1}` for
/// awk and `${HOME}` in an `sh -c` script pass through untouched. To catch a
/// misspelt placeholder before a run, check the template with
/// validate_template.
std::vector<std::string> expand_template(const std::vector<std::string>& argv_template,
                                         const TestFile& test);

/// Checks a template before any test runs: it must name a program, and every
/// `{word}` (a lowercase word not preceded by `$`) must be a known
/// placeholder (`runner.argv[2]: unknown placeholder {file}; known: {path},
/// {title}, {id}, {line}`). `at` names the template in errors. Because such a
/// word may also be meant literally (`awk '{print}'`), a caller may choose to
/// show an unknown placeholder as a warning rather than refuse the run.
std::optional<Error> validate_template(const std::vector<std::string>& argv_template,
                                       const std::string& at = "runner.argv");

} // namespace shardline
