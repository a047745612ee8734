// Notifier: markd's threads that turn the outbox (registry/outbox.h) into
// e-mails and webhook deliveries.
// - The scheduler thread re-reads the injected clock (every `poll`; a test
//   clock is stepped by the tests) and writes the notices time has made due
//   (registry/notice_schedule.h) whenever the JST date or hour moved or the
//   registry changed. While the clock reads earlier than the newest notice
//   (a clock set back) it writes nothing and says so once on stderr.
// - The mail thread sends due mail notices through SMTP (smtp_client.h),
//   when --smtp is given; without it mail stays pending in the outbox for
//   the console. Each notice is checked first: one that no longer applies
//   is dropped with the reason, one not yet due again is held. Failures
//   are retried with exponential backoff (30 s doubling, at most 1 h).
// - `webhook_senders` threads deliver webhooks (webhook_delivery.h), at
//   most one delivery per endpoint at a time, so a hanging receiver holds
//   one thread and delays no other endpoint; a (endpoint, mark)'s
//   deliveries go in order (DueNotices). Retries follow Standard Webhooks'
//   schedule (5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h); an attempt that
//   fails 24 hours or more after the first marks the delivery failed.
// Every delivery is recorded only after it happened: a crash in between
// repeats it with the same Message-ID or webhook-id, never loses it.
// Signatures are timestamped with `wall_clock` (receivers compare
// webhook-timestamp with their own clocks), schedules and retries follow
// `clock`.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "common/clock.h"
#include "notify/smtp_client.h"
#include "notify/webhook_key.h"
#include "registry/notice_schedule.h"
#include "registry/outbox.h"
#include "registry/registry.h"
#include "registry/webhook_endpoints.h"

namespace mark::notify {

struct NotifierOptions {
  std::optional<SmtpConfig> smtp;  // none: mail waits in the outbox
  std::string mail_domain;         // the right side of Message-IDs (the public URL's host)
  registry::ScheduleConfig schedule;
  registry::PrivateAddresses webhook_private = registry::PrivateAddresses::kRefuse;
  std::chrono::seconds webhook_timeout{10};
  int webhook_senders = 4;
  std::chrono::milliseconds poll{1000};
};

class Notifier {
 public:
  // `key` may be null when no webhook endpoint exists (deliveries then
  // wait). Starts nothing yet.
  Notifier(registry::Registry& registry, const Clock& clock, const Clock& wall_clock, const WebhookKey* key,
           NotifierOptions options);
  ~Notifier();
  Notifier(const Notifier&) = delete;
  Notifier& operator=(const Notifier&) = delete;

  void Start();
  // Stops the threads; a delivery in progress finishes (bounded by its timeout).
  void Stop();

 private:
  void ScheduleLoop();
  void MailLoop();
  void WebhookLoop();
  void SendMail(const registry::OutboxRow& row);
  void DeliverWebhook(const registry::OutboxRow& row);
  // Waits up to `poll` or until stopped; false once stopping.
  bool Pause();
  bool Record(const std::function<void(SQLite::Database&)>& fn);  // false: not written (logged)

  registry::Registry& registry_;
  const Clock& clock_;
  const Clock& wall_clock_;
  const WebhookKey* key_;
  NotifierOptions options_;
  std::optional<SmtpClient> smtp_;

  std::mutex mu_;
  std::condition_variable cv_;
  bool stopping_ = false;
  std::set<long long> in_flight_;         // webhook deliveries being made
  std::set<std::string> busy_endpoints_;  // endpoints with one in flight
  std::vector<std::thread> threads_;
};

}  // namespace mark::notify
