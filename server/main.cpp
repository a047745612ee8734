// markd: the registry server. Reads flags, opens the keys and the database,
// installs the routes and serves until SIGTERM/SIGINT.
#include <signal.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <iostream>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "badge/badge_svg.h"
#include "common/file_clock.h"
#include "common/terminal_text.h"
#include "badge/svg_to_png.h"
#include "common/decimal.h"
#include "common/trim.h"
#include "crypto/key_store.h"
#include "http/auth.h"
#include "http/rate_limiter.h"
#include "http/server.h"
#include "registry/issuer_identity.h"
#include "registry/keys_fit.h"
#include "storage/failing_vfs.h"
#include "registry/housekeeping.h"
#include "registry/registry_state.h"
#include "publish/signing_issuer.h"
#include "tlog/transparency_log.h"
#include "tlog/checkpoint.h"
#include "notify/notifier.h"
#include "notify/webhook_key.h"
#include "publish/status_publisher.h"
#include "registry/validation.h"
#include "registry/webhook_endpoints.h"

namespace {

struct Flags {
  std::string db = "data/registry.db";
  std::string keys = "keys";
  std::string state;  // --state DIR; "": "state" beside the database
  std::string listen = "127.0.0.1:8080";
  std::string public_url;
  std::string issuer;         // --issuer: the certificates' iss (stored on first start)
  bool adopt_issuer = false;  // --adopt-issuer: change the stored issuer to --issuer
  std::string static_dir = "static";
  int threads = 256;           // requests served at once; waiting connections hold none
  int keep_alive_max = 0;      // 0: ServerOptions' default
  int keep_alive_timeout = 0;  // seconds; 0: ServerOptions' default
  int read_timeout = 0;        // seconds; 0: ServerOptions' default
  bool quiet = false;
  std::vector<std::string> trusted_proxies;                         // --trusted-proxy, repeatable
  int open_reports_max = mark::registry::kDefaultOpenReportsBound;  // registry/reports.h
  std::string test_clock;                                           // --test-clock FILE (MARK_TEST_HOOKS builds only)
  // --fail-fsync N / --fail-fsync-from N (MARK_TEST_HOOKS builds only):
  // the N-th commit's fsync fails (storage/failing_vfs.h).
  int fail_fsync = 0;
  bool fail_fsync_from = false;
  // Notices (notify/notifier.h): without --smtp, mail waits in the outbox.
  std::string smtp;
  std::string smtp_ca;
  std::string smtp_credentials;
  std::string mail_from;
  std::string secretariat_mail;
  std::vector<int> reminder_days = {90, 60, 30, 7};
  bool webhook_allow_private = false;
  int webhook_timeout = 10;
};

[[noreturn]] void Fail(const std::string& why) {
  std::cerr << "markd: " << why << "\n";
  std::exit(2);
}

int IntFlag(const std::string& name, const std::string& v, int lo, int hi) {
  auto n = mark::ParseDecimal<int>(v, lo, hi);
  if (!n) Fail(name + " must be a whole number from " + std::to_string(lo) + " to " + std::to_string(hi));
  return *n;
}

// "90,60,30,7": distinct whole days from 1 to 366.
std::vector<int> DaysFlag(const std::string& v) {
  std::vector<int> days;
  size_t start = 0;
  while (start <= v.size()) {
    const size_t comma = v.find(',', start);
    const std::string part = v.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
    const int d = IntFlag("--reminder-days", part, 1, 366);
    if (std::find(days.begin(), days.end(), d) != days.end()) Fail("--reminder-days names " + part + " twice");
    days.push_back(d);
    if (comma == std::string::npos) break;
    start = comma + 1;
  }
  return days;
}

Flags ParseFlags(int argc, char** argv) {
  Flags f;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    auto value = [&]() -> std::string {
      if (i + 1 >= argc) Fail(a + " needs a value");
      return argv[++i];
    };
    if (a == "--db")
      f.db = value();
    else if (a == "--keys")
      f.keys = value();
    else if (a == "--state")
      f.state = value();
    else if (a == "--listen")
      f.listen = value();
    else if (a == "--public-url")
      f.public_url = value();
    else if (a == "--issuer")
      f.issuer = value();
    else if (a == "--adopt-issuer")
      f.adopt_issuer = true;
    else if (a == "--static")
      f.static_dir = value();
    else if (a == "--threads")
      f.threads = IntFlag(a, value(), 1, 1024);
    else if (a == "--keep-alive-max")
      f.keep_alive_max = IntFlag(a, value(), 1, 1000000);
    else if (a == "--keep-alive-timeout")
      f.keep_alive_timeout = IntFlag(a, value(), 1, 300);
    else if (a == "--read-timeout")
      f.read_timeout = IntFlag(a, value(), 1, 300);
    else if (a == "--trusted-proxy")
      f.trusted_proxies.push_back(value());
    else if (a == "--open-reports-max")
      f.open_reports_max = IntFlag(a, value(), 1, 1000000);
    else if (a == "--quiet")
      f.quiet = true;
    else if (a == "--smtp")
      f.smtp = value();
    else if (a == "--smtp-ca")
      f.smtp_ca = value();
    else if (a == "--smtp-credentials")
      f.smtp_credentials = value();
    else if (a == "--mail-from")
      f.mail_from = value();
    else if (a == "--secretariat-mail")
      f.secretariat_mail = value();
    else if (a == "--reminder-days")
      f.reminder_days = DaysFlag(value());
    else if (a == "--webhook-allow-private")
      f.webhook_allow_private = true;
    else if (a == "--webhook-timeout")
      f.webhook_timeout = IntFlag(a, value(), 1, 300);
#ifdef MARK_TEST_HOOKS
    else if (a == "--test-clock")
      f.test_clock = value();
    else if (a == "--fail-fsync" || a == "--fail-fsync-from") {
      f.fail_fsync = IntFlag(a, value(), 1, 1000000);
      f.fail_fsync_from = a == "--fail-fsync-from";
    }
#endif
    else if (a == "--help" || a == "-h") {
      std::cout << "usage: markd [--db PATH] [--keys DIR] [--state DIR] [--listen HOST:PORT]\n"
                   "             [--public-url URL] [--issuer URL [--adopt-issuer]]\n"
                   "             [--static DIR] [--threads N] [--keep-alive-max N]\n"
                   "             [--keep-alive-timeout S] [--read-timeout S]\n"
                   "             [--trusted-proxy ADDR]... [--open-reports-max N] [--quiet]\n"
                   "             [--smtp smtp://HOST:PORT|smtps://HOST:PORT [--smtp-ca FILE]\n"
                   "              [--smtp-credentials FILE] --mail-from ADDR]\n"
                   "             [--secretariat-mail ADDR] [--reminder-days 90,60,30,7]\n"
                   "             [--webhook-allow-private] [--webhook-timeout S]\n";
      std::exit(0);
    } else
      Fail("unknown option " + a + " (see --help)");
  }
  if (f.adopt_issuer && f.issuer.empty()) Fail("--adopt-issuer needs --issuer URL (the issuer to adopt)");
  if (!f.smtp.empty()) {
    if (auto ok = mark::notify::CheckSmtpUrl(f.smtp); !ok) Fail(ok.error().message);
    if (f.mail_from.empty()) Fail("--smtp needs --mail-from ADDR (the sender of every notice)");
  } else if (!f.smtp_ca.empty() || !f.smtp_credentials.empty()) {
    Fail("--smtp-ca and --smtp-credentials need --smtp URL");
  }
  for (const auto& [flag, addr] :
       {std::pair{"--mail-from", f.mail_from}, std::pair{"--secretariat-mail", f.secretariat_mail}})
    if (!addr.empty() && !mark::registry::NormalizeEmail(flag, addr))
      Fail(std::string(flag) + " must be an e-mail address");
  return f;
}

}  // namespace

int main(int argc, char** argv) {
  Flags flags = ParseFlags(argc, argv);
  auto colon = flags.listen.rfind(':');
  if (colon == std::string::npos) Fail("--listen must be HOST:PORT");
  std::string host = flags.listen.substr(0, colon);
  // Port 0 asks the system for a free port (the tests use it).
  int port = IntFlag("--listen port", flags.listen.substr(colon + 1), 0, 65535);
  auto proxies = mark::http::TrustedProxies::Parse(flags.trusted_proxies);
  if (!proxies) Fail("--" + proxies.error().message);

  // Block the stop signals in every thread; one thread waits for them.
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGTERM);
  sigaddset(&stop_signals, SIGINT);
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);
  signal(SIGPIPE, SIG_IGN);
  // It waits from the start, so a start-up that hangs (a slow disk, a file
  // that never ends) still stops: before the server runs markd exits at once
  // (every write is a transaction or an atomic file, so nothing is half-done).
  std::atomic<mark::http::HttpServer*> serving{nullptr};
  std::thread([&] {
    int sig = 0;
    sigwait(&stop_signals, &sig);
    mark::http::HttpServer* server = serving.load();
    std::cerr << "markd: stopping (signal " << sig << ")" << (server ? "" : " during start-up") << std::endl;
    if (!server) std::_Exit(0);
    server->Stop();
  }).detach();

  std::optional<std::string> passphrase;
  if (const char* p = std::getenv("MARK_KEY_PASSPHRASE"); p && *p) passphrase = p;
  auto keys = mark::crypto::KeyStore::Open(flags.keys, passphrase);
  if (!keys) Fail(keys.error().message);
  auto log_key = mark::tlog::LogKey::Load(flags.keys);
  if (!log_key) Fail(log_key.error().message);
  // Webhook secrets are sealed with keys/webhook.key (notify/webhook_key.h);
  // a folder without one can serve, but registers no endpoint.
  std::optional<mark::notify::WebhookKey> webhook_key;
  if (auto wk = mark::notify::WebhookKey::Load(flags.keys); wk)
    webhook_key = std::move(*wk);
  else if (wk.error().code != mark::ErrorCode::kNotFound)
    Fail(wk.error().message);
  std::optional<mark::notify::SmtpConfig> smtp;
  if (!flags.smtp.empty()) {
    smtp.emplace();
    smtp->url = flags.smtp;
    smtp->ca_file = flags.smtp_ca;
    smtp->mail_from = flags.mail_from;
    if (!flags.smtp_ca.empty() && !std::filesystem::is_regular_file(flags.smtp_ca))
      Fail("--smtp-ca " + flags.smtp_ca + " is not a readable file");
    if (!flags.smtp_credentials.empty()) {
      auto creds = mark::notify::ReadSmtpCredentials(flags.smtp_credentials);
      if (!creds) Fail(creds.error().message);
      smtp->user = creds->user;
      smtp->password = creds->password;
    }
  }

#ifdef MARK_TEST_HOOKS
  if (flags.fail_fsync > 0) {
    auto installed = mark::storage::InstallFailingFsyncVfs(
        flags.fail_fsync, flags.fail_fsync_from ? mark::storage::AfterFailedSync::kKeepFailing
                                                : mark::storage::AfterFailedSync::kRecover);
    if (!installed) Fail(installed.error().message);
  }
#endif
  // The registry state (registry/registry_state.h): a database behind it,
  // off its history, of another registry, or missing beside it is refused
  // here; the log's entries are checked against it by the start-up checks.
  const mark::registry::StatePaths state_paths{
      flags.db, flags.state.empty() ? mark::registry::DefaultStateDir(flags.db) : std::filesystem::path(flags.state),
      keys->registry_id()};
  auto state = mark::registry::CheckBeforeOpen(state_paths);
  if (!state) Fail(state.error().message);

  auto db = mark::storage::Database::Open(flags.db);
  if (!db) Fail(db.error().message);
  // A fresh or foreign key folder: every certificate unknown_key, the log forked.
  if (auto fit = mark::registry::CheckKeysFitRegistry(**db, keys->PublicJwks(), *log_key, flags.keys); !fit)
    Fail(fit.error().message);

  // The clock every part of markd reads: the system's, or in test builds a
  // file the tests step (--test-clock).
  std::unique_ptr<mark::Clock> clock_owner = std::make_unique<mark::SystemClock>();
  if (!flags.test_clock.empty()) {
    auto file_clock = mark::FileClock::Open(flags.test_clock);
    if (!file_clock) Fail(file_clock.error().message);
    clock_owner = std::move(*file_clock);
  }
  const mark::Clock& clock = *clock_owner;
  // Binds a new database to its registry and records the state after every
  // commit from here on.
  auto keeper = mark::registry::StateKeeper::Attach(**db, state_paths, *state, clock,
                                                    mark::registry::StateKeeper::NewId::kMint, "markd");
  if (!keeper) Fail(keeper.error().message);

  mark::http::ServerOptions options;
  options.threads = static_cast<size_t>(flags.threads);
  options.access_log = !flags.quiet;
  if (flags.keep_alive_max) options.keep_alive_max = static_cast<size_t>(flags.keep_alive_max);
  if (flags.keep_alive_timeout) options.keep_alive_timeout_s = flags.keep_alive_timeout;
  if (flags.read_timeout) options.read_timeout_s = flags.read_timeout;
  options.trusted_proxies = std::move(*proxies);
  mark::http::HttpServer server(options);
  auto bound = server.Bind(host, port);
  if (!bound) Fail(bound.error().message);
  std::string base = "http://" + host + ":" + std::to_string(*bound);
  std::string public_url = flags.public_url.empty() ? base : flags.public_url;
  public_url = std::string(mark::TrimTrailingSlashes(public_url));

  // Who the registry is (registry/issuer_identity.h): stored on the first
  // start, the same whatever address or public URL markd serves at later.
  std::optional<std::string> requested_issuer;
  if (!flags.issuer.empty()) {
    auto normalized = mark::registry::NormalizeIssuer(flags.issuer);
    if (!normalized) Fail("--issuer must be an http:// or https:// URL without query or fragment");
    requested_issuer = *normalized;
  }
  auto settled = mark::registry::SettleIssuer(
      **db, requested_issuer, public_url,
      flags.adopt_issuer ? mark::registry::IssuerChange::kAdopt : mark::registry::IssuerChange::kRefuse);
  if (!settled && settled.error().code == mark::ErrorCode::kConflict)
    Fail(settled.error().message + "; to change it, add --adopt-issuer (re-issues every current certificate under " +
         *requested_issuer + ")");
  if (!settled) Fail(settled.error().message);
  const std::string issuer_url = settled->issuer;
  if (!settled->adopt && issuer_url != public_url)
    std::cerr << "markd: issuer " << issuer_url << " (stored; certificates name it), public URL " << public_url << "\n";

  // Fonts load on the render thread while nothing waits for them yet.
  mark::badge::WarmUpRenderer(
      mark::badge::RenderBadgeSvg(mark::badge::NotRegisteredBadgeInput("J0000", public_url, mark::badge::Lang::kJa)),
      2 * mark::badge::kBadgeWidth);

  mark::http::RateLimiter failures(clock, mark::http::kMaxFailedTokens, mark::http::kFailedTokenWindow);
  mark::registry::FailedAttempts attempts(**db, clock);
  mark::publish::SigningIssuer issuer(*keys, issuer_url);
  // The log is loaded and checked by the start-up checks below.
  auto merkle_log =
      mark::tlog::MerkleLog::OpenDeferred(**db, std::move(*log_key), mark::tlog::LogOriginForPublicUrl(issuer_url));
  mark::registry::Registry registry(**db, clock, issuer, {public_url}, merkle_log.get());
  // A mark whose stored facts differ from its certificate and history is
  // shown "not confirmed"; one line each time one is found.
  registry.findings().SetReporter([](const std::string& line) { std::cerr << "markd: " << line << "\n"; });
  // A clock behind the registry's last change (registry/clock_watch.h) is
  // one line when it starts and one when it ends, never one per request.
  registry.clock_watch().OnChange([db_path = flags.db](const mark::registry::ClockStanding& s) {
    std::cerr << "markd: "
              << (s.behind ? mark::registry::ClockBehindNotice(s, db_path) : mark::registry::ClockBackInStepNotice(s))
              << "\n";
  });
  (void)registry.clock_watch().Check();
  mark::publish::StatusPublisher status(registry, *keys, issuer_url);
  mark::http::ServerContext ctx{registry, **db, clock, public_url, flags.static_dir, failures, *keys, status};
  ctx.log = merkle_log.get();
  ctx.issuer = issuer_url;
  ctx.attempts = &attempts;
  ctx.open_reports_max = flags.open_reports_max;
  // Writes the counted attempts once a second and prunes (retention.h).
  mark::registry::Housekeeping housekeeping(**db, clock, attempts,
                                            [](const std::string& what) { std::cerr << "markd: " << what << "\n"; });
  ctx.webhook_key = webhook_key ? &*webhook_key : nullptr;
  ctx.webhook_private = flags.webhook_allow_private ? mark::registry::PrivateAddresses::kAllow
                                                    : mark::registry::PrivateAddresses::kRefuse;
  if (!webhook_key) {
    auto any = mark::registry::AnyWebhookEndpoint(**db);
    if (any && *any)
      Fail("webhook endpoints are registered but " + flags.keys +
           " has no webhook.key to open their secrets "
           "(restore it from the key folder's backup)");
  }

  serving.store(&server);

  // Start-up checks, while markd already answers reads (a start takes
  // milliseconds, not the seconds these take on a large registry): the
  // whole file (quick_check), the schema against what the migrations make,
  // then every log entry against the signed checkpoint and the registry
  // state's head. Writes and log answers wait for them; a failure stops
  // markd with exit code 2 before anything was written.
  std::optional<mark::tlog::LogHead> state_head;
  if (*state && !(*state)->awaiting_database && (*state)->log.size > 0) state_head = (*state)->log;
  // Notices: the scheduler re-reads the clock (a test clock moves in steps,
  // so it is read more often), mail and webhook senders. They start once the
  // start-up checks pass: nothing goes out from a registry that fails them.
  mark::SystemClock wall_clock;
  mark::notify::NotifierOptions notify_options;
  notify_options.smtp = smtp;
  notify_options.mail_domain = public_url.substr(public_url.find("://") + 3);
  notify_options.mail_domain = notify_options.mail_domain.substr(0, notify_options.mail_domain.find_first_of(":/"));
  notify_options.schedule.reminder_days = flags.reminder_days;
  notify_options.schedule.secretariat_mail = flags.secretariat_mail;
  notify_options.webhook_private = ctx.webhook_private;
  notify_options.webhook_timeout = std::chrono::seconds(flags.webhook_timeout);
  if (!flags.test_clock.empty()) notify_options.poll = std::chrono::milliseconds(200);
  mark::notify::Notifier notifier(registry, clock, wall_clock, ctx.webhook_key, notify_options);

  std::atomic<bool> checks_failed{false};
  // Set once the server has stopped: the start-up checks still running end
  // unfinished, which is no finding.
  std::atomic<bool> stopping{false};
  // Every mark's stored facts against its certificate and history
  // (registry/certified_facts.h), on the other core beside quick_check: the
  // log is loaded only after it, so writes wait for it too. Until it reaches
  // a mark, a read compares that mark itself before showing it.
  mark::Status facts_status;
  std::thread facts([&] {
    const auto started = std::chrono::steady_clock::now();
    auto found = registry.CompareAllMarks(mark::registry::FactFindings::Tell::kQuiet, &stopping);
    if (!found) {
      facts_status = found.error();
      return;
    }
    if (!found->empty()) {
      const auto& first = found->front();
      std::string line = "mark " + first.number + "'s stored facts differ from its certificate and history (" +
                         mark::registry::Describe(first.differences.front()) + ")";
      if (found->size() > 1) line += "; " + std::to_string(found->size()) + " marks differ";
      facts_status = mark::Error::Make(mark::ErrorCode::kInternal,
                                       mark::EscapeForTerminal(line) +
                                           ": someone changed the database outside markd; `markctl check --db " +
                                           flags.db + " --keys " + flags.keys +
                                           "` names every difference; restore the newest backup that passes it");
      return;
    }
    const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    std::cerr << "markd: every mark's stored facts agree with its certificate and history (" << secs << " s)\n";
  });
  std::thread checks([&] {
    const auto started = std::chrono::steady_clock::now();
    mark::Status st = (*db)->QuickCheck();
    if (st) {
      if (mark::Status schema = (*db)->SchemaCheck(); !schema) {
        // A rewritten log is the graver finding (a dropped trigger is how one
        // is made): it leads the line when both are there.
        mark::Status log = (*db)->Read([](SQLite::Database& c) -> mark::Status {
          try {
            return mark::tlog::VerifyStoredLog(c);
          } catch (const std::exception&) {
            return mark::Status{};  // unreadable: the schema finding says why
          }
        });
        st = log ? schema
                 : mark::Error::Make(mark::ErrorCode::kInternal,
                                     log.error().message + "; and " + schema.error().message);
      }
    }
    facts.join();
    if (stopping.load()) {
      merkle_log->Abandon(mark::Error::Make(mark::ErrorCode::kUnavailable, "markd stopped during its start-up checks"));
      return;
    }
    if (st && !facts_status) st = facts_status;
    if (st)
      st = merkle_log->Load(clock.Now(), state_head);
    else
      merkle_log->Abandon(st.error());
    if (!st) {
      std::cerr << "markd: " << st.error().message << "\n";
      checks_failed.store(true);
      server.Stop();
      return;
    }
    notifier.Start();
    if (!smtp) std::cerr << "markd: no --smtp: e-mail notices wait in the outbox (GET /api/v1/outbox)\n";
    const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    std::cerr << "markd: start-up checks passed (" << merkle_log->Size() << " log entries, " << secs << " s)\n";
    if (keys->registry_id().empty())
      std::cerr << "markd: the keys in " << flags.keys << " name no registry (made before registry ids); "
                << "name this one with: markctl keys bind --keys " << flags.keys << " --state "
                << state_paths.state_dir.string() << "\n";
  });

  // A new issuer is adopted before anyone is served: every current
  // certificate re-issued under it (after the start-up checks, which writes
  // wait for), then stored.
  if (settled->adopt) {
    mark::registry::WriteRequest req{{"markd --adopt-issuer", ""}, "", ""};
    auto adopted = mark::registry::AdoptIssuer(registry, issuer_url, req);
    if (!adopted) {
      checks.join();
      if (!checks_failed.load())
        std::cerr << "markd: adopting issuer " << issuer_url << ": " << adopted.error().message << "\n";
      return 2;
    }
    std::cerr << "markd: issuer is now " << issuer_url << " (was " << settled->stored << "); re-issued " << *adopted
              << " certificate" << (*adopted == 1 ? "" : "s") << "\n";
  }

  std::cout << "listening on " << base << std::endl;
  bool ok = server.Run(ctx);
  stopping.store(true);
  checks.join();
  notifier.Stop();
  std::cerr << "markd: stopped\n";
  if (checks_failed.load()) return 2;
  return ok ? 0 : 1;
}
