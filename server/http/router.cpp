#include "http/router.h"

namespace mark::http {

void Router::Get(const std::string& pattern, httplib::Server::Handler handler) {
  routes_.push_back({"GET", std::regex(pattern)});
  server_.Get(pattern, std::move(handler));
}

void Router::Post(const std::string& pattern, httplib::Server::Handler handler) {
  routes_.push_back({"POST", std::regex(pattern)});
  server_.Post(pattern, std::move(handler));
}

void Router::Patch(const std::string& pattern, httplib::Server::Handler handler) {
  routes_.push_back({"PATCH", std::regex(pattern)});
  server_.Patch(pattern, std::move(handler));
}

void Router::Delete(const std::string& pattern, httplib::Server::Handler handler) {
  routes_.push_back({"DELETE", std::regex(pattern)});
  server_.Delete(pattern, std::move(handler));
}

std::string Router::AllowedMethods(const std::string& path) const {
  std::string allowed;
  for (const auto& r : routes_) {
    if (!std::regex_match(path, r.pattern)) continue;
    if (allowed.find(r.method) != std::string::npos) continue;
    if (!allowed.empty()) allowed += ", ";
    allowed += r.method;
    if (r.method == "GET") allowed += ", HEAD";
  }
  return allowed;
}

}  // namespace mark::http
