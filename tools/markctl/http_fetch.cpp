// http_fetch.h: markctl's one HTTP client, with a cap and a deadline.
#include "http_fetch.h"

#include <httplib.h>

#include <condition_variable>
#include <mutex>
#include <thread>

namespace markctl {

std::string UrlOrigin(const std::string& url) {
  const size_t scheme_end = url.find("://");
  if (scheme_end == std::string::npos) return {};
  return url.substr(0, url.find('/', scheme_end + 3));
}

HttpFetcher::HttpFetcher(const std::string& origin, const Options& options)
    : options_(options), client_(std::make_unique<httplib::Client>(origin)) {
  client_->set_connection_timeout(static_cast<time_t>(options_.connect_timeout.count()));
  client_->set_read_timeout(static_cast<time_t>(options_.read_timeout.count()));
  client_->set_follow_location(options_.follow_redirects);
  client_->set_keep_alive(options_.keep_alive);
  client_->set_tcp_nodelay(true);
}

HttpFetcher::~HttpFetcher() = default;
HttpFetcher::HttpFetcher(HttpFetcher&&) noexcept = default;
HttpFetcher& HttpFetcher::operator=(HttpFetcher&&) noexcept = default;

std::variant<std::string, HttpFetcher::Failure> HttpFetcher::Get(const std::string& path) {
  std::string body;
  bool too_large = false;
  // The read timeout bounds each wait, not a server that keeps sending a
  // little (or header lines without end): a watchdog stops the request at
  // its deadline.
  std::mutex mu;
  std::condition_variable cv;
  bool finished = false, too_slow = false;
  std::thread watchdog([&] {
    std::unique_lock<std::mutex> lock(mu);
    if (!cv.wait_for(lock, options_.deadline, [&] { return finished; })) {
      too_slow = true;
      client_->stop();
    }
  });
  auto res = client_->Get(path.c_str(), [&](const char* data, size_t n) {
    if (body.size() + n > options_.max_bytes) {
      too_large = true;
      return false;
    }
    body.append(data, n);
    return true;
  });
  {
    std::lock_guard<std::mutex> lock(mu);
    finished = true;
  }
  cv.notify_one();
  watchdog.join();

  using Kind = Failure::Kind;
  if (too_large) return Failure{Kind::kTooLarge, "larger than " + std::to_string(options_.max_bytes) + " bytes", 0, {}};
  if (too_slow)
    return Failure{Kind::kTooSlow, "no whole answer within " + std::to_string(options_.deadline.count()) + " s", 0, {}};
  if (!res) return Failure{Kind::kTransport, httplib::to_string(res.error()), 0, {}};
  if (res->status != 200)
    return Failure{Kind::kStatus, "HTTP " + std::to_string(res->status), res->status, std::move(body)};
  return body;
}

}  // namespace markctl
