// Router: registers routes on cpp-httplib and remembers them, so a known path
// asked with another method gets 405 with Allow instead of 404, and every
// handler runs inside one exception barrier.
#pragma once

#include <httplib.h>

#include <regex>
#include <string>
#include <vector>

namespace mark::http {

class Router {
 public:
  explicit Router(httplib::Server& server) : server_(server) {}
  void Get(const std::string& pattern, httplib::Server::Handler handler);
  void Post(const std::string& pattern, httplib::Server::Handler handler);
  void Patch(const std::string& pattern, httplib::Server::Handler handler);
  void Delete(const std::string& pattern, httplib::Server::Handler handler);
  // The methods that `path` answers to (empty: an unknown path).
  std::string AllowedMethods(const std::string& path) const;

 private:
  struct Route {
    std::string method;
    std::regex pattern;
  };
  httplib::Server& server_;
  std::vector<Route> routes_;
};

}  // namespace mark::http
