// E-mail notices end to end: markd sends through a real SMTP server on
// loopback (aiosmtpd, tests/support/smtp_sink.py, which records every message
// it accepts, parsed and decoded by Python's email package). The test clock
// steps over the reminder days, a fee's due date and midnight JST; the
// server goes down and up; TLS with a throw-away CA; markd killed with
// SIGKILL at seeded random moments while notices are due.
#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>
#include <catch2/catch.hpp>
#include <sys/stat.h>

#include <algorithm>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <random>
#include <set>

#include "common/jst.h"
#include "support/helper_process.h"
#include "support/process.h"

using mark::testing::HelperProcess;
using mark::testing::TestRegistry;
using nlohmann::json;
namespace fs = std::filesystem;

namespace {

const std::string kSinkScript = std::string(MARK_SOURCE_DIR) + "/tests/support/smtp_sink.py";

// The SMTP server and the folder it records messages in.
struct MailSink {
  fs::path dir;
  std::unique_ptr<HelperProcess> proc;
  int port() const { return proc->port(); }
};

MailSink StartMailSink(const fs::path& dir, const std::vector<std::string>& extra = {}, int port = 0) {
  std::vector<std::string> argv{"/usr/bin/python3", kSinkScript, "--dir", dir.string()};
  if (port) argv.insert(argv.end(), {"--port", std::to_string(port)});
  argv.insert(argv.end(), extra.begin(), extra.end());
  fs::create_directories(dir);
  return MailSink{dir, HelperProcess::Start(argv, dir.parent_path() / (dir.filename().string() + ".log"))};
}

std::vector<json> MailsIn(const fs::path& dir) {
  std::vector<fs::path> files;
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(dir, ec))
    if (e.path().extension() == ".json") files.push_back(e.path());
  std::sort(files.begin(), files.end());
  std::vector<json> out;
  for (const auto& f : files) out.push_back(json::parse(mark::testing::ReadFile(f), nullptr, false));
  return out;
}

// Waits (bounded) until a message whose subject contains every part has
// arrived; returns it, or null.
json AwaitMail(const fs::path& dir, const std::vector<std::string>& parts, int seconds = 20) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(seconds);
  while (std::chrono::steady_clock::now() < deadline) {
    for (const json& m : MailsIn(dir)) {
      const std::string subject = m.value("subject", "");
      if (std::all_of(parts.begin(), parts.end(), [&](const std::string& p) { return mark::testing::Has(subject, p); }))
        return m;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(50));  // polling the folder, not timing
  }
  return nullptr;
}

// An operator with contacts, its ISP service and a granted mark (on a
// passed review, as grants must be); returns {number, operator id}.
std::pair<std::string, std::string> GrantWithContacts(TestRegistry& reg, const std::string& tag, const json& contacts) {
  auto op = reg.Post("/api/v1/operators", json{{"name", "通知テスト通信" + tag},
                                               {"name_en", "Notice Test Telecom " + tag},
                                               {"website", "https://notice-" + tag + ".example.jp/"},
                                               {"contacts", contacts}}
                                              .dump());
  REQUIRE(op->status == 201);
  const std::string op_id = json::parse(op->body)["id"];
  auto s = reg.Post("/api/v1/services", json{{"operator_id", op_id},
                                             {"scheme", "isp"},
                                             {"name", "通知光" + tag},
                                             {"name_en", "Notice Hikari " + tag},
                                             {"domains", {"notice-" + tag + ".example.jp"}}}
                                            .dump());
  REQUIRE(s->status == 201);
  const std::string service_id = json::parse(s->body)["id"];
  auto m = reg.Post("/api/v1/marks", json{{"service_id", service_id},
                                          {"first_review_body", "JAIPA"},
                                          {"review_id", reg.RecordPassedReview(service_id)}}
                                         .dump());
  REQUIRE(m->status == 201);
  return {json::parse(m->body)["number"], op_id};
}

json NoticeOutboxOf(TestRegistry& reg, const std::string& query = "") {
  auto r = reg.GetAuth("/api/v1/outbox?limit=500" + query);
  REQUIRE(r);
  REQUIRE(r->status == 200);
  return json::parse(r->body);
}

// Waits (bounded) until some outbox row satisfies `pred`.
json AwaitOutboxRow(TestRegistry& reg, const std::function<bool(const json&)>& pred, int seconds = 20) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(seconds);
  while (std::chrono::steady_clock::now() < deadline) {
    const json outbox = NoticeOutboxOf(reg);  // kept: a range-for over a temporary's member dangles
    for (const json& row : outbox["items"])
      if (pred(row)) return row;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  return nullptr;
}

mark::Date NoticeMarkValidUntil(TestRegistry& reg, const std::string& number) {
  auto m = reg.Get("/api/v1/marks/" + number);
  return *mark::ParseDate(json::parse(m->body)["valid_until"].get<std::string>());
}

const json kContacts = json::array({{{"role", "renewal"}, {"email", "renewal@isp.example.jp"}},
                                    {{"role", "billing"}, {"email", "billing@isp.example.jp"}},
                                    {{"role", "security"}, {"email", "security@isp.example.jp"}}});

std::vector<std::string> MailArgs(int port) {
  return {"--smtp",
          "smtp://127.0.0.1:" + std::to_string(port),
          "--mail-from",
          "registry@mark.example.jp",
          "--secretariat-mail",
          "office@mark.example.jp",
          "--reminder-days",
          "90,60,30,7",
          "--quiet"};
}

// How many recorded messages carry this notice kind for this mark.
int CountMails(const fs::path& dir, const std::string& kind, const std::string& number) {
  int n = 0;
  for (const json& m : MailsIn(dir))
    if (m.value("notice", "") == kind && mark::testing::Has(m.value("subject", ""), number)) ++n;
  return n;
}

}  // namespace

TEST_CASE("notices: every kind arrives once, to its role, in Japanese and English", "[notify]") {
  mark::testing::TempDir tmp;
  MailSink sink = StartMailSink(tmp / "mail");
  TestRegistry reg(MailArgs(sink.port()));
  auto [number, op_id] = GrantWithContacts(reg, "a", kContacts);

  // Granted: to security, Japanese first, English below, subject decoded.
  json granted = AwaitMail(sink.dir, {number, "付与", "granted"});
  REQUIRE(granted.is_object());
  CHECK(granted["rcpt_tos"] == json::array({"security@isp.example.jp"}));
  CHECK(granted["mail_from"] == "registry@mark.example.jp");
  CHECK(granted["content_type"] == "text/plain");
  CHECK(granted["charset"] == "utf-8");
  CHECK(mark::testing::Has(granted["raw"], "Content-Type: text/plain; charset=UTF-8\r\n"));
  CHECK(mark::testing::Has(granted["raw"], "Subject: =?UTF-8?B?"));
  const std::string body = granted["body"];
  CHECK(body.find("付与されました") != std::string::npos);
  CHECK(body.find("has been granted") != std::string::npos);
  CHECK(body.find("付与されました") < body.find("has been granted"));
  CHECK(mark::testing::Has(granted["message_id"], "@127.0.0.1>"));

  // Status changes with their public reason, to security.
  REQUIRE(reg.Post("/api/v1/marks/" + number + "/suspend", R"({"reason":"調査のため"})")->status == 200);
  json suspended = AwaitMail(sink.dir, {number, "一時停止", "suspended"});
  REQUIRE(suspended.is_object());
  CHECK(suspended["rcpt_tos"] == json::array({"security@isp.example.jp"}));
  CHECK(mark::testing::Has(suspended["body"], "理由: 調査のため"));
  REQUIRE(reg.Post("/api/v1/marks/" + number + "/reinstate", R"({"reason":"解決"})")->status == 200);
  REQUIRE(AwaitMail(sink.dir, {number, "停止解除", "reinstated"}).is_object());
  REQUIRE(reg.Patch("/api/v1/services/" +
                        json::parse(reg.Get("/api/v1/marks/" + number)->body)["service"]["id"].get<std::string>(),
                    R"({"name_en":"Notice Hikari A2","reason":"英語名称の変更"})")
              ->status == 200);
  REQUIRE(AwaitMail(sink.dir, {number, "登録内容変更", "amended"}).is_object());

  // An operator with a billing contact only: a security notice falls back to it.
  auto [other, other_op] =
      GrantWithContacts(reg, "b", json::array({{{"role", "billing"}, {"email", "only@isp-b.example.jp"}}}));
  json fallback = AwaitMail(sink.dir, {other, "付与"});
  REQUIRE(fallback.is_object());
  CHECK(fallback["rcpt_tos"] == json::array({"only@isp-b.example.jp"}));

  // The annual usage fee (ISP): a reminder 7 days before it is due, and a
  // notice the day after, to billing.
  auto fees = json::parse(reg.GetAuth("/api/v1/calendar/fees")->body);
  std::string fee_due;
  for (const json& f : fees["items"])
    if (f.value("kind", "") == "annual_usage" && f.value("operator_name", "") == "通知テスト通信a")
      fee_due = f.value("due", "");
  REQUIRE(!fee_due.empty());
  const mark::Date due = *mark::ParseDate(fee_due);
  reg.clock().SetJst(mark::AddDays(due, -7), std::chrono::seconds(30));
  json fee_reminder = AwaitMail(sink.dir, {"料金のお支払い期限", fee_due, "is due"});
  REQUIRE(fee_reminder.is_object());
  CHECK(fee_reminder["rcpt_tos"] == json::array({"billing@isp.example.jp"}));
  CHECK(mark::testing::Has(fee_reminder["body"], "マーク年間使用料 20,000 円"));
  reg.clock().SetJst(mark::AddDays(due, 1), std::chrono::seconds(30));
  json overdue = AwaitMail(sink.dir, {"過ぎた料金", fee_due, "overdue"});
  REQUIRE(overdue.is_object());
  CHECK(overdue["rcpt_tos"] == json::array({"billing@isp.example.jp"}));

  // Renewal reminders 90, 60, 30 and 7 days before valid_until, to renewal.
  const mark::Date until = NoticeMarkValidUntil(reg, number);
  for (int days : {90, 60, 30, 7}) {
    reg.clock().SetJst(mark::AddDays(until, -days), std::chrono::seconds(30));
    json reminder = AwaitMail(sink.dir, {number, "あと" + std::to_string(days) + "日", "expires in"});
    INFO("reminder " << days);
    REQUIRE(reminder.is_object());
    CHECK(reminder["rcpt_tos"] == json::array({"renewal@isp.example.jp"}));
    CHECK(mark::testing::Has(reminder["body"], mark::FormatDate(until)));
  }
  // The expiry notice from 00:00 JST on valid_until + 1, the first day of 期限切れ.
  reg.clock().SetJst(until, std::chrono::hours(23) + std::chrono::minutes(59) + std::chrono::seconds(59));
  reg.clock().SetJst(mark::AddDays(until, 1));
  json expired = AwaitMail(sink.dir, {number, "有効期限切れ", "has expired"});
  REQUIRE(expired.is_object());
  CHECK(expired["rcpt_tos"] == json::array({"renewal@isp.example.jp"}));
  json row = AwaitOutboxRow(reg, [&](const json& r) { return r["kind"] == "expired" && r["number"] == number; });
  REQUIRE(row.is_object());
  CHECK(*mark::ParseInstant(row["created_at"].get<std::string>()) >= mark::JstStartOfDay(mark::AddDays(until, 1)));

  // The digest at 08:00 JST: the attention list, to the secretariat. An
  // operator without contacts is on it.
  reg.GrantSample();
  reg.clock().SetJst(mark::AddDays(until, 2), std::chrono::hours(8));
  json digest = AwaitMail(sink.dir, {"要対応一覧", mark::FormatDate(mark::AddDays(until, 2)), "Attention list"});
  REQUIRE(digest.is_object());
  CHECK(digest["rcpt_tos"] == json::array({"office@mark.example.jp"}));
  CHECK(mark::testing::Has(digest["body"], "no_contacts"));
  auto attention = json::parse(reg.GetAuth("/api/v1/attention")->body);
  CHECK(attention["counts"]["no_contacts"].get<int>() >= 1);

  // Each once.
  for (const char* kind : {"granted", "suspended", "reinstated", "amended", "expired"}) {
    INFO(kind);
    CHECK(CountMails(sink.dir, kind, number) == 1);
  }
  CHECK(CountMails(sink.dir, "renewal_reminder", number) == 4);
  int fee_mails = 0;
  for (const json& m : MailsIn(sink.dir))
    fee_mails += m.value("notice", "").rfind("fee_", 0) == 0 && m["rcpt_tos"][0] == "billing@isp.example.jp";
  CHECK(fee_mails == 2);
}

TEST_CASE("notices: SMTP down then up, delivered after recovery", "[notify]") {
  mark::testing::TempDir tmp;
  MailSink sink = StartMailSink(tmp / "mail");
  const int port = sink.port();
  sink.proc->Stop();  // down
  TestRegistry reg(MailArgs(port));
  auto [number, op_id] = GrantWithContacts(reg, "down", kContacts);
  json failing = AwaitOutboxRow(reg, [&](const json& r) {
    return r["kind"] == "granted" && r["number"] == number && r["attempts"].get<int>() >= 1;
  });
  REQUIRE(failing.is_object());
  CHECK(failing["state"] == "pending");
  CHECK(!failing["last_error"].get<std::string>().empty());
  sink = StartMailSink(tmp / "mail", {}, port);  // up again
  reg.clock().Advance(std::chrono::hours(1));    // past the backoff
  json mail = AwaitMail(sink.dir, {number, "付与"});
  REQUIRE(mail.is_object());
  json sent = AwaitOutboxRow(reg, [&](const json& r) { return r["kind"] == "granted" && r["state"] == "sent"; });
  REQUIRE(sent.is_object());
  CHECK(mail["message_id"] == "<" + sent["message_id"].get<std::string>() + "@127.0.0.1>");
}

TEST_CASE("notices: STARTTLS and SMTPS with a throw-away CA, credentials never in clear", "[notify]") {
  mark::testing::TempDir tmp;
  const fs::path ca_key = tmp / "ca.key", ca = tmp / "ca.pem", key = tmp / "server.key", csr = tmp / "server.csr",
                 cert = tmp / "server.pem", ext = tmp / "san.ext";
  std::ofstream(ext) << "subjectAltName=DNS:localhost\n";
  auto openssl = [](const std::vector<std::string>& args) {
    std::vector<std::string> argv{"/usr/bin/openssl"};
    argv.insert(argv.end(), args.begin(), args.end());
    auto r = mark::testing::RunCommand(argv);
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
  };
  openssl({"req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout", ca_key.string(),
           "-out", ca.string(), "-days", "2", "-subj", "/CN=Notice Test CA"});
  openssl({"req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout", key.string(), "-out",
           csr.string(), "-subj", "/CN=localhost"});
  openssl({"x509", "-req", "-in", csr.string(), "-CA", ca.string(), "-CAkey", ca_key.string(), "-CAcreateserial",
           "-out", cert.string(), "-days", "2", "-extfile", ext.string()});
  const fs::path creds = tmp / "smtp-credentials";
  std::ofstream(creds) << "notifier:s3cret-pass\n";
  fs::permissions(creds, fs::perms::owner_read | fs::perms::owner_write);

  SECTION("STARTTLS offered: used, and AUTH only over it") {
    MailSink sink = StartMailSink(tmp / "starttls",
                                  {"--cert", cert.string(), "--key", key.string(), "--auth", "notifier:s3cret-pass"});
    std::vector<std::string> args = MailArgs(sink.port());
    args[1] = "smtp://localhost:" + std::to_string(sink.port());
    args.insert(args.end(), {"--smtp-ca", ca.string(), "--smtp-credentials", creds.string()});
    TestRegistry reg(args);
    auto [number, op_id] = GrantWithContacts(reg, "tls", kContacts);
    json mail = AwaitMail(sink.dir, {number, "付与"});
    REQUIRE(mail.is_object());
    CHECK(mail["tls"] == true);
    CHECK(mail["authenticated"] == true);
  }
  SECTION("SMTPS: TLS from the first byte") {
    MailSink sink = StartMailSink(tmp / "smtps", {"--cert", cert.string(), "--key", key.string(), "--implicit-tls"});
    std::vector<std::string> args = MailArgs(sink.port());
    args[1] = "smtps://localhost:" + std::to_string(sink.port());
    args.insert(args.end(), {"--smtp-ca", ca.string()});
    TestRegistry reg(args);
    auto [number, op_id] = GrantWithContacts(reg, "smtps", kContacts);
    json mail = AwaitMail(sink.dir, {number, "付与"});
    REQUIRE(mail.is_object());
    CHECK(mail["tls"] == true);
  }
  SECTION("a server offering no STARTTLS never gets the credentials") {
    MailSink sink = StartMailSink(tmp / "plain");
    std::vector<std::string> args = MailArgs(sink.port());
    args.insert(args.end(), {"--smtp-credentials", creds.string()});
    TestRegistry reg(args);
    auto [number, op_id] = GrantWithContacts(reg, "clear", kContacts);
    json row = AwaitOutboxRow(reg, [&](const json& r) {
      return r["kind"] == "granted" && mark::testing::Has(r["last_error"], "never sent in clear");
    });
    REQUIRE(row.is_object());
    CHECK(MailsIn(sink.dir).empty());
  }
  SECTION("a certificate from another CA is refused: verification is never off") {
    MailSink sink = StartMailSink(tmp / "untrusted", {"--cert", cert.string(), "--key", key.string()});
    std::vector<std::string> args = MailArgs(sink.port());
    args[1] = "smtp://localhost:" + std::to_string(sink.port());
    TestRegistry reg(args);  // the system's trust store knows no test CA
    auto [number, op_id] = GrantWithContacts(reg, "untrusted", kContacts);
    json row =
        AwaitOutboxRow(reg, [&](const json& r) { return r["kind"] == "granted" && r["attempts"].get<int>() >= 1; });
    REQUIRE(row.is_object());
    CHECK(row["state"] == "pending");
    CHECK(MailsIn(sink.dir).empty());
  }
  SECTION("credentials readable by others are refused at start") {
    fs::permissions(creds, fs::perms::group_read, fs::perm_options::add);
    mark::testing::TempDir d2;
    REQUIRE(mark::testing::Markctl({"keys", "generate", "--keys", (d2 / "keys").string()}).exit_code == 0);
    auto r =
        mark::testing::RunCommand({mark::testing::MarkdPath(), "--db", (d2 / "r.db").string(), "--keys",
                                   (d2 / "keys").string(), "--listen", "127.0.0.1:0", "--smtp", "smtp://127.0.0.1:25",
                                   "--mail-from", "registry@mark.example.jp", "--smtp-credentials", creds.string()});
    CHECK(r.exit_code == 2);
    CHECK(mark::testing::Has(r.err, "readable by group or others"));
  }
}

TEST_CASE("notices: the backlog waits without --smtp, and only what still applies goes out", "[notify]") {
  mark::testing::TempDir tmp;
  TestRegistry reg({"--quiet"});
  auto [number, op_id] = GrantWithContacts(reg, "backlog", kContacts);
  auto [returned, op2] = GrantWithContacts(reg, "gone", kContacts);
  const mark::Date until = NoticeMarkValidUntil(reg, number);
  // Without --smtp: notices wait, visible in the outbox.
  reg.clock().SetJst(mark::AddDays(until, -90), std::chrono::seconds(30));
  REQUIRE(AwaitOutboxRow(reg, [&](const json& r) {
            return r["kind"] == "renewal_reminder" && r["number"] == number && r["state"] == "pending";
          }).is_object());
  // The returned mark's reminder is cancelled by its return.
  REQUIRE(AwaitOutboxRow(reg, [&](const json& r) {
            return r["kind"] == "renewal_reminder" && r["number"] == returned;
          }).is_object());
  REQUIRE(
      reg.Post("/api/v1/marks/" + returned + "/return", R"({"reason":"サービス終了","reason_code":"service_ended"})")
          ->status == 200);
  // markd down across the 60- and 30-day reminders: only the latest goes.
  reg.markd().Stop();
  reg.clock().SetJst(mark::AddDays(until, -29), std::chrono::seconds(30));
  MailSink sink = StartMailSink(tmp / "mail");
  const auto args = MailArgs(sink.port());
  // Restart with --smtp: TestRegistry keeps its own flags, so start anew on its files.
  auto markd = mark::testing::MarkdProcess::Start({reg.db(),
                                                   reg.keys(),
                                                   [&] {
                                                     auto a = args;
                                                     auto c = reg.clock().Args();
                                                     a.insert(a.end(), c.begin(), c.end());
                                                     return a;
                                                   }(),
                                                   {}});
  // The 30-day reminder, sent a day late, says the days actually left.
  json thirty = AwaitMail(sink.dir, {number, "あと29日"});
  httplib::Client c("127.0.0.1", markd->port());
  INFO(c.Get("/api/v1/outbox?limit=500&number=" + number, {{"Authorization", "Bearer " + reg.token()}})->body);
  REQUIRE(thirty.is_object());
  REQUIRE(AwaitMail(sink.dir, {number, "付与"}).is_object());
  auto outbox = json::parse(
      c.Get("/api/v1/outbox?limit=500&number=" + number, {{"Authorization", "Bearer " + reg.token()}})->body);
  std::map<int, json> reminders;
  for (const json& r : outbox["items"])
    if (r["kind"] == "renewal_reminder") reminders[r["facts"]["offset"].get<int>()] = r;
  REQUIRE(reminders.count(90));
  CHECK(reminders[90]["state"] == "dropped");
  CHECK(mark::testing::Has(reminders[90]["reason"], "superseded"));
  REQUIRE(reminders.count(60));
  CHECK(reminders[60]["state"] == "dropped");
  CHECK(mark::testing::Has(reminders[60]["reason"], "missed"));
  CHECK(reminders[30]["state"] == "sent");
  auto gone = json::parse(
      c.Get("/api/v1/outbox?limit=500&number=" + returned, {{"Authorization", "Bearer " + reg.token()}})->body);
  for (const json& r : gone["items"])
    if (r["kind"] == "renewal_reminder" && r["facts"]["offset"] == 90) {
      CHECK(r["state"] == "dropped");
      CHECK(mark::testing::Has(r["reason"], "cancelled: the mark was returned"));
    }
  REQUIRE(AwaitMail(sink.dir, {returned, "返上"}).is_object());
  CHECK(CountMails(sink.dir, "renewal_reminder", number) == 1);
  CHECK(CountMails(sink.dir, "renewal_reminder", returned) == 0);
  markd->Stop();
}

TEST_CASE("notices: SIGKILL while notices are due loses none, repeats only with the same Message-ID",
          "[notify][crash]") {
  mark::testing::TempDir tmp;
  MailSink sink = StartMailSink(tmp / "mail");
  TestRegistry reg(MailArgs(sink.port()));
  std::vector<std::string> numbers;
  for (int i = 0; i < 4; ++i) numbers.push_back(GrantWithContacts(reg, "crash" + std::to_string(i), kContacts).first);
  const mark::Date until = NoticeMarkValidUntil(reg, numbers.front());
  std::mt19937 rng(20261127);
  auto args = MailArgs(sink.port());
  auto clock_args = reg.clock().Args();
  args.insert(args.end(), clock_args.begin(), clock_args.end());
  std::unique_ptr<mark::testing::MarkdProcess> markd;
  reg.markd().Kill();
  int kills = 0;
  for (int days : {90, 60, 30, 7}) {
    reg.clock().SetJst(mark::AddDays(until, -days), std::chrono::seconds(30));
    markd = mark::testing::MarkdProcess::Start({reg.db(), reg.keys(), args, {}});
    // Kill once the server has accepted a seeded random number of messages
    // of this round (0: at once, while they are being written and sent).
    const size_t before = MailsIn(sink.dir).size();
    const size_t wait_for = before + std::uniform_int_distribution<size_t>(0, numbers.size())(rng);
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
    while (MailsIn(sink.dir).size() < wait_for && std::chrono::steady_clock::now() < deadline)
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    markd->Kill();
    ++kills;
  }
  markd = mark::testing::MarkdProcess::Start({reg.db(), reg.keys(), args, {}});
  // Everything due is delivered in the end: the 7-day reminder of each
  // mark (the earlier ones were sent or, when missed, recorded as dropped).
  for (const std::string& n : numbers) {
    INFO(n);
    REQUIRE(AwaitMail(sink.dir, {n, "あと7日"}, 30).is_object());
    REQUIRE(AwaitMail(sink.dir, {n, "付与"}, 30).is_object());
  }
  httplib::Client c("127.0.0.1", markd->port());
  json outbox;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
  do {
    outbox =
        json::parse(c.Get("/api/v1/outbox?limit=500&channel=mail", {{"Authorization", "Bearer " + reg.token()}})->body);
    if (outbox["counts"]["pending"] == 0) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  } while (std::chrono::steady_clock::now() < deadline);
  REQUIRE(outbox["counts"]["pending"] == 0);
  // Every notice recorded as sent arrived at least once; every message that
  // arrived belongs to one notice, and its repeats are the same message.
  std::map<std::string, std::vector<json>> by_id;
  for (const json& m : MailsIn(sink.dir)) by_id[m["message_id"]].push_back(m);
  std::set<std::string> sent_ids;
  std::map<std::string, json> rows;
  for (const json& r : outbox["items"]) {
    const std::string id = "<" + r["message_id"].get<std::string>() + "@127.0.0.1>";
    rows[id] = r;
    if (r["state"] != "sent") continue;
    sent_ids.insert(id);
    INFO(r["key"]);
    CHECK(by_id.count(id) == 1);
  }
  int repeats = 0;
  for (const auto& [id, copies] : by_id) {
    INFO(id << " " << rows[id].dump());
    CHECK(sent_ids.count(id) == 1);
    for (const json& copy : copies) {
      CHECK(copy["subject"] == copies.front()["subject"]);
      CHECK(copy["body"] == copies.front()["body"]);
    }
    repeats += static_cast<int>(copies.size()) - 1;
  }
  std::cerr << "notices crash test: " << kills << " kills, " << by_id.size() << " messages, " << repeats
            << " repeated deliveries\n";
  markd->Stop();
}
