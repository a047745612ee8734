// The production nginx front (server/deploy/nginx/anshin-mark-locations.conf,
// included as it is) in front of the real markd: what it caches must still
// answer each visitor as markd would — the foreign-site warning only to the
// copycat's visitors, nothing of a token's answer to anyone else.
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <netinet/in.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <thread>

#include "public_fixture.h"

using mark::testing::Has;
using mark::testing::Header;
using mark::testing::PublicRegistry;

namespace fs = std::filesystem;

namespace {

int FreePort() {
  int s = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ::bind(s, reinterpret_cast<sockaddr*>(&a), sizeof a);
  socklen_t len = sizeof a;
  ::getsockname(s, reinterpret_cast<sockaddr*>(&a), &len);
  ::close(s);
  return ntohs(a.sin_port);
}

// nginx with the production locations, as tests/bench/run runs it (no TLS;
// the limit zones are keyed on nothing, so the test is never rate-limited).
class NginxFront {
 public:
  NginxFront(const fs::path& dir, int markd_port) : dir_(dir), port_(FreePort()) {
    fs::create_directories(dir_);
    const fs::path conf = dir_ / "nginx.conf";
    std::ofstream(conf) << "user root;\n"
                           "worker_processes 1;\n"
                           "daemon off;\n"
                           "pid " << (dir_ / "nginx.pid").string() << ";\n"
                           "error_log " << (dir_ / "error.log").string() << " warn;\n"
                           "events { worker_connections 256; }\n"
                           "http {\n"
                           "  access_log off;\n"
                           "  client_body_temp_path " << (dir_ / "body").string() << ";\n"
                           "  proxy_temp_path " << (dir_ / "proxy").string() << ";\n"
                           "  fastcgi_temp_path " << (dir_ / "fastcgi").string() << ";\n"
                           "  uwsgi_temp_path " << (dir_ / "uwsgi").string() << ";\n"
                           "  scgi_temp_path " << (dir_ / "scgi").string() << ";\n"
                           "  upstream markd { server 127.0.0.1:" << markd_port << "; keepalive 8; }\n"
                           "  proxy_cache_path " << (dir_ / "cache").string()
                        << " levels=1:2 keys_zone=anshin:4m max_size=64m inactive=10m use_temp_path=off;\n"
                           "  map $remote_addr $unlimited { default \"\"; }\n"
                           "  limit_req_zone $unlimited zone=anshin_public:1m rate=200r/s;\n"
                           "  limit_req_zone $unlimited zone=anshin_verify:1m rate=50r/s;\n"
                           "  limit_req_zone $unlimited zone=anshin_write:1m rate=20r/s;\n"
                           "  map $request_method $anshin_write_key { default \"\"; }\n"
                           "  limit_conn_zone $unlimited zone=anshin_conn:1m;\n"
                           "  server {\n"
                           "    listen 127.0.0.1:" << port_ << ";\n"
                           "    include " MARK_SOURCE_DIR "/server/deploy/nginx/anshin-mark-locations.conf;\n"
                           "  }\n"
                           "}\n";
    pid_ = fork();
    if (pid_ == 0) {
      execl(kNginx, kNginx, "-p", dir_.c_str(), "-c", conf.c_str(), "-e", (dir_ / "error.log").c_str(), nullptr);
      _exit(127);
    }
    // Ready when it answers (markd's /healthz through it), within 20 s.
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
    while (std::chrono::steady_clock::now() < deadline) {
      httplib::Client c("127.0.0.1", port_);
      c.set_connection_timeout(0, 100000);
      if (auto r = c.Get("/healthz"); r && r->status == 200) return;
      int status = 0;
      if (waitpid(pid_, &status, WNOHANG) == pid_) {
        pid_ = -1;
        break;
      }
      std::this_thread::yield();
    }
    Stop();  // the destructor does not run when the constructor fails
    FAIL("nginx did not start: " << mark::testing::ReadFile(dir_ / "error.log"));
  }
  void Stop() {
    if (pid_ <= 0) return;
    kill(pid_, SIGTERM);
    int status = 0;
    waitpid(pid_, &status, 0);
    pid_ = -1;
  }
  ~NginxFront() { Stop(); }
  httplib::Result Get(const std::string& path, const httplib::Headers& headers = {}) {
    httplib::Client c("127.0.0.1", port_);
    return c.Get(path.c_str(), headers);
  }
  httplib::Result Post(const std::string& path, const std::string& body, const char* type,
                       const httplib::Headers& headers = {}) {
    httplib::Client c("127.0.0.1", port_);
    return c.Post(path.c_str(), headers, body, type);
  }

  static constexpr const char* kNginx = "/usr/sbin/nginx";

 private:
  fs::path dir_;
  int port_;
  pid_t pid_ = -1;
};

}  // namespace

TEST_CASE("the production nginx front caches public answers per visitor's variant, never a token's", "[front]") {
  if (!fs::exists(NginxFront::kNginx)) FAIL("nginx is not installed (tools/deps test installs nginx-light)");
  PublicRegistry p;
  NginxFront front(p.reg.dir() / "front", p.reg.markd().port());
  const std::string valid = p.valid;

  // A lookup is cached, and the cached copy is markd's answer.
  auto first = front.Get("/api/v1/marks/" + valid);
  auto second = front.Get("/api/v1/marks/" + valid);
  auto direct = p.reg.Get("/api/v1/marks/" + valid);
  REQUIRE((first && second && direct));
  CHECK(first->status == 200);
  CHECK(Header(second, "X-Cache-Status") == "HIT");
  CHECK(second->body == direct->body);
  CHECK(Header(second, "X-Content-Type-Options") == "nosniff");

  // The copycat's visitors see the warning, from the cache too; everyone
  // else sees the plain badge and page.
  const httplib::Headers copycat = {{"Referer", "https://copycat.example.com/shop"}};
  for (int round = 0; round < 2; ++round) {
    auto warned = front.Get("/badge/" + valid + ".svg", copycat);
    auto plain = front.Get("/badge/" + valid + ".svg");
    auto own = front.Get("/badge/" + valid + ".svg", {{"Referer", "https://sakura-hikari.example.jp/"}});
    REQUIRE((warned && plain && own));
    CHECK(Has(warned->body, ">登録外サイト<"));
    CHECK(Has(plain->body, ">有効<"));
    CHECK_FALSE(Has(plain->body, "copycat"));
    CHECK_FALSE(Has(own->body, "copycat"));
    auto page_warned = front.Get("/v/" + valid, copycat);
    auto page_plain = front.Get("/v/" + valid);
    REQUIRE((page_warned && page_plain));
    CHECK(Has(page_warned->body, "st-foreign"));
    CHECK(Has(page_plain->body, "class=\"verdict st-valid\""));
    CHECK_FALSE(Has(page_plain->body, "st-foreign"));
  }

  // An answer for a token is neither cached nor served from the cache.
  auto with_token = front.Get("/api/v1/marks/" + valid + "/history", {{"Authorization", "Bearer " + p.reg.token()}});
  auto without = front.Get("/api/v1/marks/" + valid + "/history");
  REQUIRE((with_token && without));
  CHECK(with_token->status == 200);
  CHECK(without->status == 401);
  CHECK_FALSE(Has(without->body, "events"));

  // Certificate checks pass through.
  auto cert = front.Get("/api/v1/marks/" + valid + "/certificate");
  REQUIRE(cert);
  REQUIRE(cert->status == 200);
  auto verified = front.Post("/api/v1/verify", cert->body, "application/jwt");
  REQUIRE(verified);
  CHECK(verified->status == 200);
  CHECK(nlohmann::json::parse(verified->body)["valid"] == true);

  // A revoked mark's lookup, asked for the first time, is revoked through the front.
  auto revoked = front.Get("/api/v1/marks/" + p.revoked);
  REQUIRE(revoked);
  CHECK(nlohmann::json::parse(revoked->body)["status"] == "revoked");
}

TEST_CASE("through the front a visitor cannot choose the address markd counts", "[front][proxy]") {
  if (!fs::exists(NginxFront::kNginx)) FAIL("nginx is not installed (tools/deps test installs nginx-light)");
  // As markd.service runs it: X-Forwarded-For is believed from nginx only.
  PublicRegistry p({"--trusted-proxy", "127.0.0.1"});
  NginxFront front(p.reg.dir() / "front", p.reg.markd().port());
  // nginx replaces whatever X-Forwarded-For the visitor sent with the
  // address it saw (here 127.0.0.1), so a new made-up address per report
  // still counts as one visitor: the sixth is refused.
  int last = 0;
  for (int i = 1; i <= 6; ++i) {
    auto r = front.Post("/api/v1/reports", nlohmann::json{{"number", p.valid}, {"what", std::to_string(i)}}.dump(),
                        "application/json", {{"X-Forwarded-For", "198.51.100." + std::to_string(i)}});
    REQUIRE(r);
    INFO("report " << i << ": " << r->body);
    last = r->status;
    if (i < 6) CHECK(last == 201);
  }
  CHECK(last == 429);
}
