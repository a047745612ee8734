// markctl reads what it fetches over HTTP up to a cap (markctl's HttpFetcher,
// 40 MiB): a server that sends without end is refused with a clear error
// instead of filling markctl's memory, in every command that fetches
// (verify, log verify, log prove).
#include <httplib.h>

#include <string>
#include <thread>

#include <catch2/catch.hpp>

#include "support/process.h"

namespace {

using mark::testing::Has;

constexpr const char* kCapText = "larger than 41943040 bytes";

// A server on loopback that answers every GET with 200 and a chunked body
// that never ends (1 MiB chunks until the client goes away).
class EndlessServer {
 public:
  EndlessServer() {
    server_.Get(".*", [this](const httplib::Request&, httplib::Response& res) {
      res.set_chunked_content_provider("application/json", [this](size_t, httplib::DataSink& sink) {
        return sink.write(chunk_.data(), chunk_.size());
      });
    });
    port_ = server_.bind_to_any_port("127.0.0.1");
    serving_ = std::thread([this] { server_.listen_after_bind(); });
    while (!server_.is_running()) std::this_thread::yield();
  }
  ~EndlessServer() {
    server_.stop();
    serving_.join();
  }
  std::string url() const { return "http://127.0.0.1:" + std::to_string(port_); }

 private:
  const std::string chunk_ = std::string(1024 * 1024, ' ');
  httplib::Server server_;
  int port_ = 0;
  std::thread serving_;
};

}  // namespace

TEST_CASE("markctl verify refuses an answer larger than its cap", "[markctl][fetch]") {
  EndlessServer server;
  auto r = mark::testing::Markctl({"verify", server.url() + "/cert.jwt", "--registry", server.url()});
  INFO(r.err);
  CHECK(r.exit_code == 2);
  CHECK(Has(r.err, "markctl verify: " + server.url() + "/.well-known/mark-registry.json is " + kCapText));
}

TEST_CASE("markctl log verify and log prove refuse an answer larger than their cap", "[markctl][fetch]") {
  EndlessServer server;
  auto verify = mark::testing::Markctl({"log", "verify", "--server", server.url()});
  INFO(verify.err);
  CHECK(verify.exit_code == 2);
  CHECK(Has(verify.err, "GET /api/v1/log/key: " + std::string(kCapText)));
  auto prove = mark::testing::Markctl({"log", "prove", "J0001", "--server", server.url()});
  INFO(prove.err);
  CHECK(prove.exit_code == 2);
  CHECK(Has(prove.err, kCapText));
}
