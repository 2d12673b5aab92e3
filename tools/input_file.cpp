#include "tools/input_file.hpp"

#include <cerrno>
#include <cstring>
#include <fstream>
#include <iostream>
#include <iterator>
#include <sstream>
#include <sys/stat.h>

namespace shardline::cli {

Result<std::string> read_input(const std::string& path) {
  if (path == "-") {
    std::ostringstream text;
    text << std::cin.rdbuf();
    return text.str();
  }
  auto fail = [&](const char* reason) {
    return Error{"", "cannot read \"" + path + "\": " + reason};
  };
  struct stat info {};
  if (::stat(path.c_str(), &info) != 0)
    return fail(std::strerror(errno));
  if (S_ISDIR(info.st_mode))
    return fail("it is a directory");
  std::ifstream in(path, std::ios::binary);
  if (!in)
    return fail(std::strerror(errno));
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (in.bad())
    return fail(std::strerror(errno));
  return text;
}

} // namespace shardline::cli
