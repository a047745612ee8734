#include "registry/notice_text.h"

#include "common/mark_links.h"

namespace mark::registry {

namespace {

constexpr const char* kSubjectTag = "【安全・安心マーク】";
constexpr const char* kRule = "----------------------------------------------------------------\n";
constexpr const char* kFooterJa =
    "\nこのメールは安全・安心マーク登録システムから自動で送信しています。\n"
    "お問い合わせは安全・安心マーク推進協議会 事務局までお願いします。\n";
constexpr const char* kFooterEn =
    "\nThis message was sent automatically by the Safety & Security Mark registry.\n"
    "Questions: the secretariat of the Safety & Security Mark Promotion Council.\n";

// Japanese first, English below, one message for both readers.
std::string Bilingual(const std::string& ja, const std::string& en) {
  return ja + kFooterJa + "\n" + kRule + "\n" + en + kFooterEn;
}

std::string Greeting(const std::string& name) { return name + " ご担当者様\n\n"; }
std::string GreetingEn(const std::string& name_en) { return "Dear " + name_en + ",\n\n"; }

std::string MarkLineJa(const MarkView& v) { return "安全・安心マーク " + v.mark.number + "（" + v.service.name + "）"; }
std::string MarkLineEn(const MarkView& v) {
  return "Safety & Security Mark " + v.mark.number + " (" + v.service.name_en + ")";
}
std::string PeriodJa(const MarkView& v) {
  return "有効期間: " + FormatDate(v.mark.valid_from) + " 〜 " + FormatDate(v.mark.valid_until) + "\n";
}
std::string PeriodEn(const MarkView& v) {
  return "Valid: " + FormatDate(v.mark.valid_from) + " to " + FormatDate(v.mark.valid_until) + "\n";
}

struct EventWords {
  const char* kind;
  const char* subject_ja;   // the noun after the number
  const char* sentence_ja;  // after "…は"
  const char* subject_en;
  const char* sentence_en;  // after "… has been"
};
constexpr EventWords kEventWords[] = {
    {"granted", "マーク付与のお知らせ", "付与されました。", "granted", "granted"},
    {"renewed", "マーク更新のお知らせ", "更新されました。", "renewed", "renewed"},
    {"amended", "登録内容変更のお知らせ", "登録内容が変更され、証明書が更新されました。", "amended",
     "amended; its certificate states the new facts"},
    {"suspended", "マーク一時停止のお知らせ", "一時停止されました。", "suspended", "suspended"},
    {"reinstated", "マーク停止解除のお知らせ", "一時停止が解除されました。", "reinstated", "reinstated"},
    {"returned", "マーク返上のお知らせ", "返上されました。", "returned", "returned"},
    {"revoked", "マーク取消のお知らせ", "取り消されました。", "revoked", "revoked"},
};

std::string FeeKindJa(const std::string& kind) {
  if (kind == "new_review") return "新規審査料金";
  if (kind == "renewal_review") return "更新審査料金";
  if (kind == "annual_usage") return "マーク年間使用料";
  return kind;
}
std::string FeeKindEn(const std::string& kind) {
  if (kind == "new_review") return "new review fee";
  if (kind == "renewal_review") return "renewal review fee";
  if (kind == "annual_usage") return "annual mark usage fee";
  return kind;
}

// 20000 → "20,000"
std::string Yen(long long amount) {
  std::string digits = std::to_string(amount < 0 ? -amount : amount);
  std::string out;
  for (size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return (amount < 0 ? "-" : "") + out;
}

}  // namespace

NoticeText MarkEventText(const MarkView& v, const std::string& kind, const std::string& reason,
                         const std::string& public_url) {
  const EventWords* w = &kEventWords[0];
  for (const EventWords& e : kEventWords)
    if (kind == e.kind) w = &e;
  NoticeText t;
  t.subject =
      std::string(kSubjectTag) + v.mark.number + " " + w->subject_ja + " / Mark " + v.mark.number + " " + w->subject_en;
  std::string ja = Greeting(v.op.name) + MarkLineJa(v) + "は" + w->sentence_ja + "\n\n";
  std::string en = GreetingEn(v.op.name_en) + "The " + MarkLineEn(v) + " has been " + w->sentence_en + ".\n\n";
  if (!reason.empty()) {
    ja += "理由: " + reason + "\n";
    en += "Reason: " + reason + "\n";
  }
  ja += PeriodJa(v) + "確認ページ: " + mark::VerifyUrl(public_url, v.mark.number) + "\n";
  en += PeriodEn(v) + "Verification page: " + mark::VerifyUrl(public_url, v.mark.number) + "\n";
  t.body = Bilingual(ja, en);
  return t;
}

NoticeText RenewalReminderText(const MarkView& v, int days_left, Date opens, Date closes,
                               const std::string& public_url) {
  const std::string n = std::to_string(days_left);
  NoticeText t;
  t.subject = std::string(kSubjectTag) + v.mark.number + " 有効期限まであと" + n + "日 / Mark " + v.mark.number +
              " expires in " + n + " days";
  std::string ja = Greeting(v.op.name) + MarkLineJa(v) + "の有効期限は " + FormatDate(v.mark.valid_until) +
                   " です（あと" + n + "日）。\n更新の申請をお願いします。更新の受付期間は " + FormatDate(opens) +
                   " 〜 " + FormatDate(closes) + " です。\n\n" + PeriodJa(v) +
                   "確認ページ: " + mark::VerifyUrl(public_url, v.mark.number) + "\n";
  std::string en = GreetingEn(v.op.name_en) + "The " + MarkLineEn(v) + " expires on " + FormatDate(v.mark.valid_until) +
                   " (in " + n +
                   " days).\nPlease apply for its renewal. "
                   "Renewals are accepted from " +
                   FormatDate(opens) + " to " + FormatDate(closes) + ".\n\n" + PeriodEn(v) +
                   "Verification page: " + mark::VerifyUrl(public_url, v.mark.number) + "\n";
  t.body = Bilingual(ja, en);
  return t;
}

NoticeText ExpiredText(const MarkView& v, Date closes, const std::string& public_url) {
  NoticeText t;
  t.subject =
      std::string(kSubjectTag) + v.mark.number + " 有効期限切れのお知らせ / Mark " + v.mark.number + " has expired";
  std::string ja = Greeting(v.op.name) + MarkLineJa(v) + "は " + FormatDate(v.mark.valid_until) +
                   " をもって有効期限が切れ、確認ページとバッジは「期限切れ」を表示しています。\n"
                   "更新は " +
                   FormatDate(closes) + " まで受け付けます。\n\n" + PeriodJa(v) +
                   "確認ページ: " + mark::VerifyUrl(public_url, v.mark.number) + "\n";
  std::string en = GreetingEn(v.op.name_en) + "The " + MarkLineEn(v) + " expired at the end of " +
                   FormatDate(v.mark.valid_until) +
                   "; its verification page and badge now show it as expired.\n"
                   "A renewal is accepted until " +
                   FormatDate(closes) + ".\n\n" + PeriodEn(v) +
                   "Verification page: " + mark::VerifyUrl(public_url, v.mark.number) + "\n";
  t.body = Bilingual(ja, en);
  return t;
}

NoticeText FeeText(const FeeFacts& f, bool overdue) {
  const std::string due = FormatDate(f.due);
  const std::string what_ja = FeeKindJa(f.kind) + " " + Yen(f.amount_jpy) + " 円";
  const std::string what_en = FeeKindEn(f.kind) + " of JPY " + Yen(f.amount_jpy);
  const std::string for_ja = "（" + f.service_name + (f.number.empty() ? "" : "、マーク " + f.number) + "）";
  const std::string for_en = " (" + f.service_name_en + (f.number.empty() ? "" : ", mark " + f.number) + ")";
  NoticeText t;
  std::string ja = Greeting(f.operator_name);
  std::string en = GreetingEn(f.operator_name_en);
  if (overdue) {
    t.subject = std::string(kSubjectTag) + "お支払い期限（" + due + "）を過ぎた料金があります / A fee due on " + due +
                " is overdue";
    ja += what_ja + for_ja + "のお支払い期限 " + due + " を過ぎました。お早めにお支払いください。\n";
    en += "The " + what_en + for_en + " was due on " + due + " and is overdue. Please pay it soon.\n";
  } else {
    t.subject = std::string(kSubjectTag) + "料金のお支払い期限（" + due + "）のご案内 / A fee is due on " + due;
    ja += what_ja + for_ja + "のお支払い期限は " + due + " です。\n";
    en += "The " + what_en + for_en + " is due on " + due + ".\n";
  }
  ja += "\n料金番号: " + f.fee_id + "\n";
  en += "\nFee: " + f.fee_id + "\n";
  t.body = Bilingual(ja, en);
  return t;
}

NoticeText DigestText(const AttentionList& list, Date day, const std::string& public_url) {
  const std::string date = FormatDate(day);
  const std::string n = std::to_string(list.items.size());
  NoticeText t;
  t.subject = std::string(kSubjectTag) + "要対応一覧 " + date + "（" + n + "件）/ Attention list " + date + " (" + n +
              " items)";
  std::string counts;
  for (const auto& [kind, count] : list.counts)
    counts += "  " + std::string(ToString(kind)) + ": " + std::to_string(count) + "\n";
  std::string items;
  for (const AttentionItem& i : list.items) items += "- [" + std::string(ToString(i.kind)) + "] " + i.detail + "\n";
  if (items.empty()) items = "-\n";
  const std::string console = public_url + "/admin/";
  std::string ja = "事務局各位\n\n" + date + " 08:00 時点の要対応一覧（GET /api/v1/attention）です: " + n +
                   " 件。\n\n種類ごとの件数:\n" + counts + "\n項目:\n" + items + "\nコンソール: " + console + "\n";
  std::string en = "To the secretariat,\n\nThe attention list (GET /api/v1/attention) as of " + date +
                   " 08:00 JST: " + n + " items.\n\nBy kind:\n" + counts +
                   "\nItems: listed above.\nConsole: " + console + "\n";
  t.body = Bilingual(ja, en);
  return t;
}

}  // namespace mark::registry
