#include "notify/notifier.h"

#include <cstdio>

#include "common/jst.h"
#include "crypto/secret_bytes.h"
#include "notify/mail_message.h"
#include "notify/webhook_delivery.h"
#include "notify/webhook_signature.h"

namespace mark::notify {

namespace {

using std::chrono::hours;
using std::chrono::minutes;
using std::chrono::seconds;

// Standard Webhooks' retry schedule after the first attempt.
constexpr seconds kWebhookRetries[] = {seconds(5), minutes(5), minutes(30), hours(2), hours(5), hours(10), hours(10)};
constexpr hours kWebhookGiveUp{24};
// A clock this much behind the newest notice counts as set back.
constexpr seconds kClockSlack{60};

seconds MailBackoff(int attempts) {
  const int shift = std::min(attempts, 7);  // 30 s · 2^7 > 1 h
  return std::min<seconds>(seconds(30) * (1 << shift), hours(1));
}

std::string Join(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& i : items) out += (out.empty() ? "" : ", ") + i;
  return out;
}

}  // namespace

Notifier::Notifier(registry::Registry& registry, const Clock& clock, const Clock& wall_clock, const WebhookKey* key,
                   NotifierOptions options)
    : registry_(registry), clock_(clock), wall_clock_(wall_clock), key_(key), options_(std::move(options)) {
  if (options_.smtp) smtp_.emplace(*options_.smtp);
}

Notifier::~Notifier() { Stop(); }

void Notifier::Start() {
  threads_.emplace_back([this] { ScheduleLoop(); });
  if (smtp_) threads_.emplace_back([this] { MailLoop(); });
  for (int i = 0; i < options_.webhook_senders; ++i) threads_.emplace_back([this] { WebhookLoop(); });
}

void Notifier::Stop() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  cv_.notify_all();
  for (auto& t : threads_)
    if (t.joinable()) t.join();
  threads_.clear();
}

bool Notifier::Pause() {
  std::unique_lock lock(mu_);
  cv_.wait_for(lock, options_.poll, [this] { return stopping_; });
  return !stopping_;
}

bool Notifier::Record(const std::function<void(SQLite::Database&)>& fn) {
  Status st = registry_.database().Write([&](SQLite::Database& db) {
    fn(db);
    return Status{};
  });
  // The delivery stands; its record is retried by delivering again (same id).
  if (!st) std::fprintf(stderr, "markd: notices: cannot record a delivery: %s\n", st.error().message.c_str());
  return static_cast<bool>(st);
}

void Notifier::ScheduleLoop() {
  std::optional<Instant> high_water;
  (void)registry_.database().Read([&](SQLite::Database& db) {
    high_water = registry::NewestNoticeAt(db);
    return Status{};
  });
  uint64_t seen_generation = 0;
  long long seen_hour = -1;
  bool reported_behind = false;
  do {
    const Instant now = clock_.Now();
    if (high_water && now + kClockSlack < *high_water) {
      if (!reported_behind)
        std::fprintf(stderr,
                     "markd: notices: the clock reads %s, before %s already reached; nothing is scheduled "
                     "until it catches up\n",
                     FormatInstant(now).c_str(), FormatInstant(*high_water).c_str());
      reported_behind = true;
      continue;
    }
    reported_behind = false;
    if (!high_water || now > *high_water) high_water = now;
    const long long hour = std::chrono::floor<hours>(now.time_since_epoch()).count();
    const uint64_t generation = registry_.database().Generation();
    if (generation == seen_generation && hour == seen_hour) continue;
    seen_generation = generation;
    seen_hour = hour;
    auto written = registry::ScheduleDueNotices(registry_, now, options_.schedule);
    if (!written)
      std::fprintf(stderr, "markd: notices: scheduling failed: %s\n", written.error().message.c_str());
    else if (*written > 0)
      cv_.notify_all();
  } while (Pause());
}

void Notifier::MailLoop() {
  do {
    std::vector<registry::OutboxRow> due;
    const Instant now = clock_.Now();
    (void)registry_.database().Read([&](SQLite::Database& db) {
      due = registry::DueNotices(db, registry::Channel::kMail, now, 20);
      return Status{};
    });
    for (const auto& row : due) {
      {
        std::lock_guard lock(mu_);
        if (stopping_) return;
      }
      SendMail(row);
    }
  } while (Pause());
}

void Notifier::SendMail(const registry::OutboxRow& row) {
  const Instant now = clock_.Now();
  registry::ApplicabilityVerdict verdict;
  std::vector<std::string> to;
  (void)registry_.database().Read([&](SQLite::Database& db) {
    verdict = registry::CheckApplies(db, row, now);
    to = registry::NoticeRecipients(db, row, options_.schedule.secretariat_mail);
    return Status{};
  });
  // A mail that may already have arrived (a crash came between handing it
  // over and recording the outcome) goes again as it was.
  if (!row.sending_since && verdict.verdict == registry::Applicability::kDrop)
    return (void)Record([&](SQLite::Database& db) { registry::MarkDropped(db, row.id, now, verdict.why); });
  if (!row.sending_since && verdict.verdict == registry::Applicability::kHold)
    return (void)Record([&](SQLite::Database& db) { registry::Hold(db, row.id, verdict.why, now + minutes(1)); });
  if (to.empty()) {
    // Shown on the attention list (the operator has no contacts); goes out
    // once contacts are added.
    const std::string why = row.role == registry::kRoleSecretariat ? "no --secretariat-mail to send to"
                                                                   : "the operator has no contacts to write to";
    return (void)Record([&](SQLite::Database& db) { registry::Hold(db, row.id, why, now + minutes(10)); });
  }
  MailMessage m;
  m.from = options_.smtp->mail_from;
  m.to = to;
  m.subject = row.subject;
  m.body = row.body;
  m.message_id = row.message_id + "@" + options_.mail_domain;
  m.date = row.created_at;
  m.notice_kind = row.kind;
  // Claimed first: a notice dropped since it was read is not sent, and one
  // whose claim is not recorded could later be dropped after arriving.
  bool claimed = false;
  if (!Record([&](SQLite::Database& db) { claimed = registry::MarkSending(db, row.id, now); }) || !claimed) return;
  Status sent = smtp_->Send(to, FormatMailMessage(m));
  const Instant after = clock_.Now();
  if (sent) return (void)Record([&](SQLite::Database& db) { registry::MarkSent(db, row.id, after, Join(to)); });
  std::fprintf(stderr, "markd: notices: mail %lld not sent (attempt %d): %s\n", row.id, row.attempts + 1,
               sent.error().message.c_str());
  Record([&](SQLite::Database& db) {
    registry::MarkAttemptFailed(db, row.id, after, sent.error().message, after + MailBackoff(row.attempts));
  });
}

void Notifier::WebhookLoop() {
  do {
    while (true) {
      std::optional<registry::OutboxRow> mine;
      const Instant now = clock_.Now();
      std::vector<registry::OutboxRow> due;
      (void)registry_.database().Read([&](SQLite::Database& db) {
        due = registry::DueNotices(db, registry::Channel::kWebhook, now, 50);
        return Status{};
      });
      {
        std::lock_guard lock(mu_);
        if (stopping_) return;
        for (auto& row : due) {
          if (in_flight_.count(row.id) || busy_endpoints_.count(row.endpoint_id)) continue;
          in_flight_.insert(row.id);
          busy_endpoints_.insert(row.endpoint_id);
          mine = std::move(row);
          break;
        }
      }
      if (!mine) break;
      DeliverWebhook(*mine);
      {
        std::lock_guard lock(mu_);
        in_flight_.erase(mine->id);
        busy_endpoints_.erase(mine->endpoint_id);
      }
      cv_.notify_all();  // a held-back delivery of the same endpoint may go now
    }
  } while (Pause());
}

void Notifier::DeliverWebhook(const registry::OutboxRow& row) {
  const Instant now = clock_.Now();
  registry::ApplicabilityVerdict verdict;
  std::optional<registry::WebhookEndpoint> endpoint;
  (void)registry_.database().Read([&](SQLite::Database& db) {
    verdict = registry::CheckApplies(db, row, now);
    endpoint = registry::LoadWebhookEndpoint(db, row.endpoint_id);
    return Status{};
  });
  if (verdict.verdict != registry::Applicability::kApplies || !endpoint)
    return (void)Record([&](SQLite::Database& db) {
      registry::MarkDropped(db, row.id, now, verdict.why.empty() ? "the endpoint was removed" : verdict.why);
    });
  std::string failure;
  DeliveryOutcome outcome;
  if (key_ == nullptr) {
    failure = "no webhook key in the key folder (markctl keys webhook-init)";
  } else if (auto secret = key_->Open(endpoint->secret_box); !secret) {
    failure = secret.error().message;
  } else {
    auto key = WebhookSecretKey(*secret);
    crypto::Wipe(*secret);
    if (!key) {
      failure = key.error().message;
    } else {
      WebhookPost post;
      post.url = endpoint->url;
      post.id = row.message_id;
      post.timestamp = UnixSeconds(wall_clock_.Now());
      post.signature = WebhookSignature(*key, post.id, post.timestamp, row.body);
      crypto::Wipe(*key);
      post.body = row.body;
      outcome = PostWebhook(post, options_.webhook_private, options_.webhook_timeout);
      if (!outcome.delivered) failure = outcome.error;
    }
  }
  const Instant after = clock_.Now();
  if (failure.empty())
    return (void)Record([&](SQLite::Database& db) {
      registry::MarkSent(db, row.id, after,
                         endpoint->url + " (" + outcome.address + ", HTTP " + std::to_string(outcome.status) + ")");
    });
  const Instant first = row.first_attempt_at.value_or(now);
  std::optional<Instant> retry;
  if (after - first < kWebhookGiveUp) {
    const size_t i = std::min<size_t>(static_cast<size_t>(row.attempts), std::size(kWebhookRetries) - 1);
    retry = after + kWebhookRetries[i];
  }
  if (failure.size() > 300) failure = failure.substr(0, 300) + "…";
  std::fprintf(stderr, "markd: notices: webhook %lld to %s failed (attempt %d%s): %s\n", row.id, endpoint->id.c_str(),
               row.attempts + 1, retry ? "" : ", giving up", failure.c_str());
  Record([&](SQLite::Database& db) { registry::MarkAttemptFailed(db, row.id, after, failure, retry); });
}

}  // namespace mark::notify
