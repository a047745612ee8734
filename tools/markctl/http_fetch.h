// HttpFetcher: markctl's one way to GET from a server it does not control
// (verify's certificate, JWKS, status list and registry document; log
// verify's and log prove's key, checkpoints, entries and proofs). A body is
// read up to a cap and a whole request must end within a deadline, so a
// hostile or broken server can make markctl neither read forever nor fill
// its memory: past the cap or the deadline the request is abandoned and the
// Failure says which. Not thread-safe: one client, one request at a time.
#pragma once

#include <chrono>
#include <cstddef>
#include <memory>
#include <string>
#include <variant>

namespace httplib {
class Client;
}

namespace markctl {

// "scheme://host[:port]" of a URL; "" when it has no "://".
std::string UrlOrigin(const std::string& url);

class HttpFetcher {
 public:
  // The largest answer markctl reads: the status list names every mark
  // (about 75 bytes each), so this leaves room for 400,000.
  static constexpr size_t kMaxBodyBytes = 40 * 1024 * 1024;

  struct Options {
    size_t max_bytes = kMaxBodyBytes;
    std::chrono::seconds connect_timeout{10};
    std::chrono::seconds read_timeout{30};  // the longest wait for the next bytes
    std::chrono::seconds deadline{120};     // the whole request, head and body
    bool follow_redirects = false;
    bool keep_alive = false;  // one connection for many requests (log verify)
  };

  struct Failure {
    enum class Kind {
      kTransport,  // no answer: refused, reset, a read timed out, TLS
      kTooLarge,   // the body passed max_bytes
      kTooSlow,    // the request passed its deadline
      kStatus,     // an answer other than 200
    };
    Kind kind = Kind::kTransport;
    std::string detail;  // "larger than N bytes", "HTTP 404", the transport error
    int status = 0;      // kStatus: the HTTP status
    std::string body;    // kStatus: the answer's body (within max_bytes)
  };

  // `origin` is "http[s]://host[:port]" (UrlOrigin).
  HttpFetcher(const std::string& origin, const Options& options);
  ~HttpFetcher();
  HttpFetcher(HttpFetcher&&) noexcept;
  HttpFetcher& operator=(HttpFetcher&&) noexcept;

  // GET `path` (with its query) on the origin: the body on 200.
  std::variant<std::string, Failure> Get(const std::string& path);

 private:
  Options options_;
  std::unique_ptr<httplib::Client> client_;
};

}  // namespace markctl
