// The production nginx front (server/deploy/nginx/anshin-mark-locations.conf,
// included as it is) in front of the real markd: what it caches must still
// answer each visitor as markd would — the foreign-site warning only to the
// copycat's visitors, the "site not confirmed" badge only to requests without
// a Referer, nothing of a token's answer to anyone else.
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
#include <memory>
#include <sstream>
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

// Runs nginx (no daemon) with `conf` in `dir`; Stop() or the destructor ends it.
class NginxProcess {
 public:
  static constexpr const char* kNginx = "/usr/sbin/nginx";

  // Starts it and waits (up to 20 s) until GET `probe` (with `probe_headers`)
  // on 127.0.0.1:`port` answers `ready_status`. Fails the test, with nginx's
  // error log, if not.
  NginxProcess(const fs::path& dir, const std::string& conf, int port, const std::string& probe, int ready_status,
               const httplib::Headers& probe_headers = {})
      : dir_(dir) {
    fs::create_directories(dir_);
    const fs::path conf_path = dir_ / "nginx.conf";
    std::ofstream(conf_path) << conf;
    pid_ = fork();
    if (pid_ == 0) {
      execl(kNginx, kNginx, "-p", dir_.c_str(), "-c", conf_path.c_str(), "-e", (dir_ / "error.log").c_str(), nullptr);
      _exit(127);
    }
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
    while (std::chrono::steady_clock::now() < deadline) {
      httplib::Client c("127.0.0.1", port);
      c.set_connection_timeout(0, 100000);
      if (auto r = c.Get(probe.c_str(), probe_headers); r && r->status == ready_status) return;
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
  NginxProcess(const NginxProcess&) = delete;
  NginxProcess& operator=(const NginxProcess&) = delete;
  ~NginxProcess() { Stop(); }
  void Stop() {
    if (pid_ <= 0) return;
    kill(pid_, SIGTERM);
    int status = 0;
    waitpid(pid_, &status, 0);
    pid_ = -1;
  }

 private:
  fs::path dir_;
  pid_t pid_ = -1;
};

// The lines every test nginx.conf starts with: its files stay in `dir`.
std::string NginxPreamble(const fs::path& dir) {
  std::ostringstream out;
  out << "user root;\n"
         "worker_processes 1;\n"
         "daemon off;\n"
         "pid "
      << (dir / "nginx.pid").string()
      << ";\n"
         "error_log "
      << (dir / "error.log").string()
      << " warn;\n"
         "events { worker_connections 256; }\n";
  return out.str();
}

std::string NginxTempPaths(const fs::path& dir) {
  std::ostringstream out;
  for (const char* kind : {"client_body", "proxy", "fastcgi", "uwsgi", "scgi"})
    out << "  " << kind << "_temp_path " << (dir / kind).string() << ";\n";
  return out.str();
}

// nginx with the production locations, as tests/bench/run runs it (no TLS;
// the limit zones are keyed on nothing, so the test is never rate-limited).
class NginxFront {
 public:
  NginxFront(const fs::path& dir, int markd_port) : port_(FreePort()) {
    std::ostringstream conf;
    conf << NginxPreamble(dir) << "http {\n"
         << "  access_log off;\n"
         << NginxTempPaths(dir) << "  upstream markd { server 127.0.0.1:" << markd_port << "; keepalive 8; }\n"
         << "  proxy_cache_path " << (dir / "cache").string()
         << " levels=1:2 keys_zone=anshin:4m max_size=64m inactive=10m use_temp_path=off;\n"
            "  map $remote_addr $unlimited { default \"\"; }\n"
            "  limit_req_zone $unlimited zone=anshin_public:1m rate=200r/s;\n"
            "  limit_req_zone $unlimited zone=anshin_verify:1m rate=50r/s;\n"
            "  limit_req_zone $unlimited zone=anshin_write:1m rate=20r/s;\n"
            "  map $request_method $anshin_write_key { default \"\"; }\n"
            "  limit_conn_zone $unlimited zone=anshin_conn:1m;\n"
            "  include " MARK_SOURCE_DIR
            "/server/deploy/nginx/anshin-mark-lang.conf;\n"
            "  server {\n"
            "    listen 127.0.0.1:"
         << port_
         << ";\n"
            "    include " MARK_SOURCE_DIR
            "/server/deploy/nginx/anshin-mark-locations.conf;\n"
            "  }\n"
            "}\n";
    // Ready when markd's /healthz answers through it.
    nginx_ = std::make_unique<NginxProcess>(dir, conf.str(), port_, "/healthz", 200);
  }
  httplib::Result Get(const std::string& path, const httplib::Headers& headers = {}) {
    httplib::Client c("127.0.0.1", port_);
    return c.Get(path.c_str(), headers);
  }
  httplib::Result Post(const std::string& path, const std::string& body, const char* type,
                       const httplib::Headers& headers = {}) {
    httplib::Client c("127.0.0.1", port_);
    return c.Post(path.c_str(), headers, body, type);
  }

 private:
  int port_;
  std::unique_ptr<NginxProcess> nginx_;
};

// Replaces the one occurrence of `from` in `text`; fails the test when the
// shipped file no longer has it (the test must follow the file).
void ReplaceOnce(std::string& text, const std::string& from, const std::string& to) {
  const size_t at = text.find(from);
  INFO("not in anshin-mark.conf: " << from);
  REQUIRE(at != std::string::npos);
  text.replace(at, from.size(), to);
}

void ReplaceAll(std::string& text, const std::string& from, const std::string& to) {
  INFO("not in anshin-mark.conf: " << from);
  REQUIRE(text.find(from) != std::string::npos);
  for (size_t at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size()))
    text.replace(at, from.size(), to);
}

}  // namespace

TEST_CASE("the production nginx front caches public answers per visitor's variant, never a token's", "[front]") {
  if (!fs::exists(NginxProcess::kNginx)) FAIL("nginx is not installed (tools/deps test installs nginx-light)");
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

  // The copycat's visitors see the warning, from the cache too; a badge
  // asked with no Referer says "site not confirmed"; the holder's own site
  // gets the plain badge; every page without a Referer is the plain page.
  // Each variant in turn, so each is asked right after another is cached.
  const httplib::Headers copycat = {{"Referer", "https://copycat.example.com/shop"}};
  for (int round = 0; round < 3; ++round) {
    INFO("round " << round);
    auto warned = front.Get("/badge/" + valid + ".svg", copycat);
    auto bare = front.Get("/badge/" + valid + ".svg");
    auto own = front.Get("/badge/" + valid + ".svg", {{"Referer", "https://sakura-hikari.example.jp/"}});
    auto bare_again = front.Get("/badge/" + valid + ".svg");
    REQUIRE((warned && bare && own && bare_again));
    CHECK(Has(warned->body, ">登録外サイト<"));
    CHECK(Has(bare->body, "· 掲載サイト未確認<"));
    CHECK_FALSE(Has(bare->body, "#1a7f37"));
    CHECK_FALSE(Has(bare->body, "copycat"));
    CHECK(bare_again->body == bare->body);
    CHECK(Has(own->body, ">有効<"));
    CHECK(Has(own->body, "#1a7f37"));
    CHECK_FALSE(Has(own->body, "掲載サイト未確認"));
    CHECK_FALSE(Has(own->body, "copycat"));
    if (round > 0) {
      // Served from nginx's cache by then, each to its own variant.
      CHECK(Header(bare, "X-Cache-Status") == "HIT");
      CHECK(Header(own, "X-Cache-Status") == "HIT");
    }
    auto page_warned = front.Get("/v/" + valid, copycat);
    auto page_plain = front.Get("/v/" + valid);
    REQUIRE((page_warned && page_plain));
    CHECK(Has(page_warned->body, "st-foreign"));
    CHECK(Has(page_plain->body, "class=\"verdict st-valid\""));
    CHECK_FALSE(Has(page_plain->body, "st-foreign"));
  }

  // An answer for a token is neither cached nor served from the cache: the
  // public history (no actors) cached first, the full one still reaches the
  // token holder, and the public one never carries it.
  auto without = front.Get("/api/v1/marks/" + valid + "/history");
  auto with_token = front.Get("/api/v1/marks/" + valid + "/history", {{"Authorization", "Bearer " + p.reg.token()}});
  auto without_again = front.Get("/api/v1/marks/" + valid + "/history");
  REQUIRE((with_token && without && without_again));
  CHECK(with_token->status == 200);
  CHECK(Has(with_token->body, "\"actor\""));
  CHECK(without->status == 200);
  CHECK(Has(without->body, "events"));
  CHECK_FALSE(Has(without->body, "\"actor\""));
  CHECK_FALSE(Has(without_again->body, "\"actor\""));

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

TEST_CASE("through the front a Japanese and an English browser each get their language", "[front][lang]") {
  if (!fs::exists(NginxProcess::kNginx)) FAIL("nginx is not installed (tools/deps test installs nginx-light)");
  PublicRegistry p;
  NginxFront front(p.reg.dir() / "front", p.reg.markd().port());
  const httplib::Headers ja = {{"Accept-Language", "ja,en-US;q=0.9,en;q=0.8"}};
  const httplib::Headers en = {{"Accept-Language", "en-US,en;q=0.9,ja;q=0.5"}};
  const httplib::Headers en_other = {{"Accept-Language", "fr-FR,en-GB;q=0.8"}};
  for (const std::string& path : {"/v/" + p.valid, std::string("/")}) {
    INFO(path);
    // Each language in turn, so each is asked right after the other is
    // cached (pages for a second, served stale while nginx revalidates).
    for (int round = 0; round < 3; ++round) {
      INFO("round " << round);
      auto page_ja = front.Get(path, ja);
      auto page_en = front.Get(path, en);
      auto page_en_other = front.Get(path, en_other);
      auto page_none = front.Get(path);
      REQUIRE((page_ja && page_en && page_en_other && page_none));
      CHECK(Has(page_ja->body, "<html lang=\"ja\""));
      CHECK(Has(page_en->body, "<html lang=\"en\""));
      CHECK(Has(page_en_other->body, "<html lang=\"en\""));
      CHECK(Has(page_none->body, "<html lang=\"ja\""));
    }
  }
}

TEST_CASE("through the front a visitor cannot choose the address markd counts", "[front][proxy]") {
  if (!fs::exists(NginxProcess::kNginx)) FAIL("nginx is not installed (tools/deps test installs nginx-light)");
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

TEST_CASE("the shipped nginx site serves markd over TLS and logs nothing of who looked up what", "[front][deploy]") {
  if (!fs::exists(NginxProcess::kNginx)) FAIL("nginx is not installed (tools/deps test installs nginx-light)");
  PublicRegistry p({"--trusted-proxy", "127.0.0.1"});
  const fs::path dir = p.reg.dir() / "site";
  for (const char* sub : {"cache", "export", "www"}) fs::create_directories(dir / sub);
  const std::string cert = (dir / "cert.pem").string(), key = (dir / "key.pem").string();
  auto made = mark::testing::RunCommand({"/usr/bin/openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt",
                                         "ec_paramgen_curve:prime256v1", "-nodes", "-days", "1", "-subj",
                                         "/CN=mark.example.jp", "-keyout", key, "-out", cert});
  INFO(made.err);
  REQUIRE(made.exit_code == 0);
  std::ofstream(dir / "export" / "index.jws") << "signed-index";

  // server/deploy/nginx/anshin-mark.conf as shipped, with this machine's
  // ports and folders in place of the production ones.
  const int http_port = FreePort(), https_port = FreePort();
  std::string site = mark::testing::ReadFile(MARK_SOURCE_DIR "/server/deploy/nginx/anshin-mark.conf");
  ReplaceOnce(site, "server 127.0.0.1:8080;", "server 127.0.0.1:" + std::to_string(p.reg.markd().port()) + ";");
  ReplaceOnce(site, "/var/cache/nginx/anshin-mark", (dir / "cache").string());
  ReplaceAll(site, "/etc/letsencrypt/live/mark.example.jp/fullchain.pem", cert);
  ReplaceAll(site, "/etc/letsencrypt/live/mark.example.jp/privkey.pem", key);
  ReplaceOnce(site, "  listen 80;\n  listen [::]:80;\n", "  listen 127.0.0.1:" + std::to_string(http_port) + ";\n");
  ReplaceAll(site, "  listen 443 ssl http2;\n  listen [::]:443 ssl http2;\n",
             "  listen 127.0.0.1:" + std::to_string(https_port) + " ssl http2;\n");
  ReplaceOnce(site, "/etc/nginx/snippets/anshin-mark-locations.conf",
              MARK_SOURCE_DIR "/server/deploy/nginx/anshin-mark-locations.conf");
  ReplaceOnce(site, "/etc/nginx/snippets/anshin-mark-lang.conf",
              MARK_SOURCE_DIR "/server/deploy/nginx/anshin-mark-lang.conf");
  ReplaceAll(site, "/var/log/nginx/anshin-mark.log", (dir / "access.log").string());
  ReplaceOnce(site, "/var/lib/markd/export", (dir / "export").string());
  ReplaceOnce(site, "/var/www/html", (dir / "www").string());
  // The probe names the site as a browser would, so the log's host field
  // holds no 127.0.0.1 of ours (nginx may log the probe after it answered).
  NginxProcess nginx(dir, NginxPreamble(dir) + "http {\n" + NginxTempPaths(dir) + site + "}\n", http_port, "/", 301,
                     {{"Host", "mark.example.jp"}});

  // Plain HTTP only redirects.
  httplib::Client plain("127.0.0.1", http_port);
  auto redirect = plain.Get("/v/" + p.valid, {{"Host", "mark.example.jp"}});
  REQUIRE(redirect);
  CHECK(redirect->status == 301);
  CHECK(redirect->get_header_value("Location") == "https://mark.example.jp/v/" + p.valid);

  httplib::SSLClient tls("127.0.0.1", https_port);
  tls.enable_server_certificate_verification(false);
  const httplib::Headers visitor = {
      {"Host", "mark.example.jp"}, {"Referer", "https://private-referrer.example/"}, {"User-Agent", "SecretAgent/1.0"}};
  auto search = tls.Get("/?q=secret-lookup-term", visitor);
  auto lookup = tls.Get("/api/v1/marks/" + p.valid, visitor);
  REQUIRE((search && lookup));
  CHECK(search->status == 200);
  CHECK(lookup->status == 200);
  CHECK(nlohmann::json::parse(lookup->body)["number"] == p.valid);
  CHECK(Has(lookup->get_header_value("Strict-Transport-Security"), "max-age="));
  auto snapshot = tls.Get("/index.jws", {{"Host", "static.mark.example.jp"}});
  REQUIRE(snapshot);
  CHECK(snapshot->status == 200);
  CHECK(snapshot->body == "signed-index");
  CHECK(snapshot->get_header_value("Access-Control-Allow-Origin") == "*");

  // nginx writes a request's line once it has answered: wait for the last.
  const std::string last_line = "\"GET /index.jws\" 200";
  const std::string log =
      mark::testing::ReadUntilHasAll([&] { return mark::testing::ReadFile(dir / "access.log"); }, {last_line});
  INFO(log);
  CHECK(Has(log, last_line));
  CHECK(Has(log, "mark.example.jp \"GET /v/" + p.valid + "\" 301"));
  CHECK(Has(log, "mark.example.jp \"GET /\" 200"));
  CHECK(Has(log, "\"GET /api/v1/marks/" + p.valid + "\" 200"));
  for (const char* secret : {"secret-lookup-term", "private-referrer", "SecretAgent", "127.0.0.1"})
    CHECK_FALSE(Has(log, secret));
}
