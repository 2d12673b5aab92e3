#include "runners/spawn.hpp"

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <initializer_list>
#include <optional>
#include <string_view>
#include <system_error>

namespace shardline {

namespace {

std::string in_quotes(std::string_view text) {
  // Appended piece by piece: `"\"" + std::string(text)` trips a false
  // -Wrestrict in GCC 12 (bug 105329).
  std::string result;
  result.reserve(text.size() + 2);
  result += '"';
  result += text;
  result += '"';
  return result;
}

std::string describe(int error_number) {
  return std::generic_category().message(error_number);
}

// The posix_spawn attribute objects are C structs with init/destroy pairs.
class FileActions {
public:
  FileActions() { init_error_ = ::posix_spawn_file_actions_init(&actions_); }
  FileActions(const FileActions&) = delete;
  FileActions& operator=(const FileActions&) = delete;
  ~FileActions() {
    if (init_error_ == 0)
      ::posix_spawn_file_actions_destroy(&actions_);
  }
  int init_error() const { return init_error_; }
  posix_spawn_file_actions_t* get() { return &actions_; }

private:
  posix_spawn_file_actions_t actions_{};
  int init_error_ = 0;
};

class Attributes {
public:
  Attributes() { init_error_ = ::posix_spawnattr_init(&attributes_); }
  Attributes(const Attributes&) = delete;
  Attributes& operator=(const Attributes&) = delete;
  ~Attributes() {
    if (init_error_ == 0)
      ::posix_spawnattr_destroy(&attributes_);
  }
  int init_error() const { return init_error_; }
  posix_spawnattr_t* get() { return &attributes_; }

private:
  posix_spawnattr_t attributes_{};
  int init_error_ = 0;
};

// The first non-zero error of a sequence of posix_spawn_* calls.
int first_error(std::initializer_list<int> results) {
  for (int result : results)
    if (result != 0)
      return result;
  return 0;
}

int prepare_file_actions(FileActions& actions, const std::string& working_dir, int output_fd,
                         int working_dir_fd) {
  if (actions.init_error() != 0)
    return actions.init_error();
  auto* a = actions.get();
  return first_error({
      // First: the descriptor is closed below.
      working_dir_fd < 0 ? 0 : ::posix_spawn_file_actions_addfchdir_np(a, working_dir_fd),
      ::posix_spawn_file_actions_addopen(a, STDIN_FILENO, "/dev/null", O_RDONLY, 0),
      ::posix_spawn_file_actions_adddup2(a, output_fd, STDOUT_FILENO),
      ::posix_spawn_file_actions_adddup2(a, output_fd, STDERR_FILENO),
      // O_CLOEXEC guards our own descriptors; this guards against any library
      // in the worker that opened one without it.
      ::posix_spawn_file_actions_addclosefrom_np(a, STDERR_FILENO + 1),
      working_dir.empty() || working_dir_fd >= 0
          ? 0
          : ::posix_spawn_file_actions_addchdir_np(a, working_dir.c_str()),
  });
}

int prepare_attributes(Attributes& attributes) {
  if (attributes.init_error() != 0)
    return attributes.init_error();
  auto* a = attributes.get();
  sigset_t all;
  sigset_t none;
  sigfillset(&all);
  sigemptyset(&none);
  return first_error({
      ::posix_spawnattr_setpgroup(a, 0),
      ::posix_spawnattr_setsigdefault(a, &all),
      ::posix_spawnattr_setsigmask(a, &none),
      ::posix_spawnattr_setflags(a, POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGDEF |
                                        POSIX_SPAWN_SETSIGMASK),
  });
}

std::vector<std::string> merged_environment(const EnvironmentVariables& extra) {
  std::vector<std::string> merged;
  for (char** entry = environ; entry != nullptr && *entry != nullptr; ++entry) {
    std::string_view variable = *entry;
    auto name = variable.substr(0, variable.find('='));
    bool replaced = std::any_of(extra.begin(), extra.end(),
                                [&](const auto& override) { return override.first == name; });
    if (!replaced)
      merged.emplace_back(variable);
  }
  for (const auto& [name, value] : extra)
    merged.push_back(name + "=" + value);
  return merged;
}

// posix_spawn wants `char* const[]` ending in a null pointer; the strings
// outlive the call.
std::vector<char*> c_strings(std::vector<std::string>& strings) {
  std::vector<char*> pointers;
  pointers.reserve(strings.size() + 1);
  for (auto& text : strings)
    pointers.push_back(text.data());
  pointers.push_back(nullptr);
  return pointers;
}

std::optional<Error> check_request(const std::vector<std::string>& argv,
                                   const std::string& working_dir,
                                   const EnvironmentVariables& environment) {
  if (argv.empty() || argv.front().empty())
    return Error{"", "no program to run: the command is empty"};
  if (working_dir.find('\0') != std::string::npos)
    return Error{"", "working directory " + in_quotes(working_dir) + " contains a NUL byte"};
  for (std::size_t i = 0; i < argv.size(); ++i)
    if (argv[i].find('\0') != std::string::npos)
      return Error{"", "argument " + std::to_string(i) +
                           " contains a NUL byte, which a program cannot receive"};
  for (const auto& [name, value] : environment) {
    if (name.empty() || name.find_first_of(std::string_view("=\0", 2)) != std::string::npos)
      return Error{"", "environment variable " + in_quotes(name) +
                           ": a name must be non-empty and contain no '=' or NUL byte"};
    if (value.find('\0') != std::string::npos)
      return Error{"", "environment variable " + in_quotes(name) + ": value contains a NUL byte"};
  }
  return std::nullopt;
}

// posix_spawn reports a failed chdir with the same errno as a missing program;
// tell the user which of the two it was.
std::optional<Error> check_working_dir(const std::string& working_dir) {
  if (working_dir.empty())
    return std::nullopt;
  struct stat status {};
  int error_number = 0;
  if (::stat(working_dir.c_str(), &status) != 0)
    error_number = errno;
  else if (!S_ISDIR(status.st_mode))
    error_number = ENOTDIR;
  else if (::access(working_dir.c_str(), X_OK) != 0)
    error_number = errno;
  if (error_number == 0)
    return std::nullopt;
  return Error{"", "cannot enter working directory " + in_quotes(working_dir) + ": " +
                       describe(error_number)};
}

} // namespace

Result<pid_t> spawn_in_own_group(const std::vector<std::string>& argv,
                                 const std::string& working_dir,
                                 const EnvironmentVariables& environment, int output_fd,
                                 int working_dir_fd) {
  if (auto error = check_request(argv, working_dir, environment))
    return *error;

  FileActions actions;
  Attributes attributes;
  if (int error_number = first_error(
          {prepare_file_actions(actions, working_dir, output_fd, working_dir_fd),
           prepare_attributes(attributes)}))
    return Error{"", "cannot prepare to start " + in_quotes(argv.front()) + ": " +
                         describe(error_number)};

  std::vector<std::string> arguments = argv;
  std::vector<std::string> variables = merged_environment(environment);
  auto argument_pointers = c_strings(arguments);
  auto variable_pointers = c_strings(variables);

  pid_t pid = 0;
  int error_number =
      ::posix_spawnp(&pid, argument_pointers.front(), actions.get(), attributes.get(),
                     argument_pointers.data(), variable_pointers.data());
  if (error_number != 0) {
    if (auto error = check_working_dir(working_dir); error && working_dir_fd < 0)
      return *error;
    return Error{"", "cannot start " + in_quotes(argv.front()) + ": " + describe(error_number)};
  }
  return pid;
}

} // namespace shardline
