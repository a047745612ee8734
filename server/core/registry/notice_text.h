// What each notice says: the subject and plain-text body of every e-mail
// the registry sends, Japanese first and English below (one message for
// both readers). Pure functions of the facts they are given, so a notice's
// text is fixed when it is written to the outbox (outbox.h) and a repeated
// delivery carries the same words.
#pragma once

#include <optional>
#include <string>

#include "common/jst.h"
#include "common/model.h"
#include "registry/attention.h"

namespace mark::registry {

struct NoticeText {
  std::string subject;  // UTF-8, one line
  std::string body;     // UTF-8, lines ending in "\n"
};

// A change to a mark: `kind` granted, renewed, amended, suspended,
// reinstated, returned or revoked; `reason` is the public reason (empty:
// none given).
NoticeText MarkEventText(const MarkView& view, const std::string& kind, const std::string& reason,
                         const std::string& public_url);

// `days_left` days before valid_until (the reminder of --reminder-days);
// the renewal window names when a renewal is accepted.
NoticeText RenewalReminderText(const MarkView& view, int days_left, Date window_opens, Date window_closes,
                               const std::string& public_url);
// The first day the mark shows 期限切れ; renewal stays possible until
// `window_closes`.
NoticeText ExpiredText(const MarkView& view, Date window_closes, const std::string& public_url);

// A dated fee: `overdue` false for the reminder before `due`, true for the
// notice the day after it became overdue.
struct FeeFacts {
  std::string fee_id;
  std::string kind;  // review::FeeKind as text: new_review | renewal_review | annual_usage
  long long amount_jpy = 0;
  Date due{};
  std::string service_name, service_name_en, operator_name, operator_name_en;
  std::string number;  // the service's mark, "" when it holds none
};
NoticeText FeeText(const FeeFacts& fee, bool overdue);

// The secretariat's daily digest: the attention list as GET
// /api/v1/attention answers it on `day`.
NoticeText DigestText(const AttentionList& list, Date day, const std::string& public_url);

}  // namespace mark::registry
