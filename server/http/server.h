// HttpServer: markd's HTTP side — a FramedServer (framed_server.h: heads
// read and framing refused before cpp-httplib sees a byte, request_head.h
// lists what is refused) with the routes installed and cpp-httplib's own
// gaps guarded in the pre-routing handler: any Content-Encoding → 415,
// Range ignored, the client's address resolved behind trusted proxies.
// Exceptions become a generic problem+json (no text leaks).
// Access log lines on stderr (access_log.h): method, path, status,
// duration — never query strings nor tokens, control characters escaped.
#pragma once

#include <atomic>
#include <memory>
#include <string>

#include "common/result.h"
#include "http/client_address.h"
#include "http/context.h"

namespace mark::http {

class FramedServer;

struct ServerOptions {
  size_t threads = 256;
  size_t max_body_bytes = 64 * 1024;
  size_t max_line_bytes = 8 * 1024;   // request line, each header line
  size_t max_head_bytes = 64 * 1024;  // request line and headers together
  size_t max_header_fields = 100;
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
  std::unique_ptr<FramedServer> server_;
  std::atomic<bool> stop_requested_{false};
  std::atomic<bool> run_started_{false};
  std::atomic<bool> run_ended_{false};
};

}  // namespace mark::http
