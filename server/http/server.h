// HttpServer: cpp-httplib configured to guard itself (Debian's 0.11.4 lacks
// many upstream fixes), with the routes installed. Guards run in the
// pre-routing handler, before any body is read:
//   chunked / length-less bodies → 411, any Content-Encoding → 415,
//   Content-Length over the limit → 413, oversized headers → 431,
//   Range ignored. Exceptions become a generic problem+json (no text leaks).
// Access log lines on stderr: method, path, status, duration — never query
// strings (who looked up what is nobody's business) nor tokens.
#pragma once

#include <atomic>
#include <memory>
#include <string>

#include "common/result.h"
#include "http/client_address.h"
#include "http/context.h"

namespace httplib {
class Server;
}

namespace mark::http {

struct ServerOptions {
  size_t threads = 256;
  size_t max_body_bytes = 64 * 1024;
  size_t max_header_bytes = 16 * 1024;
  int read_timeout_s = 5;
  int write_timeout_s = 5;
  int keep_alive_timeout_s = 2;
  size_t keep_alive_max = 100;
  bool access_log = true;
  TrustedProxies trusted_proxies;  // none: X-Forwarded-For is ignored
};

class HttpServer {
 public:
  explicit HttpServer(ServerOptions options);
  ~HttpServer();
  // Binds; port 0 picks a free one. Returns the port bound (so the caller
  // can build the public URL before the routes exist).
  Result<int> Bind(const std::string& host, int port);
  // Installs the routes over `ctx` and serves until Stop().
  bool Run(ServerContext& ctx);
  // Stops accepting; requests in flight finish. Safe from another thread,
  // at any moment: a Stop before Run (or while Run is starting) still stops it.
  void Stop();

 private:
  void Install(ServerContext& ctx);
  ServerOptions options_;
  std::unique_ptr<httplib::Server> server_;
  std::atomic<bool> stop_requested_{false};
  std::atomic<bool> run_started_{false};
  std::atomic<bool> run_ended_{false};
};

}  // namespace mark::http
