#include "pages/page_history.h"

#include <string_view>

#include "common/html_escape.h"

namespace mark::pages {

using namespace mark::badge;  // the verdicts, languages and badges the pages show
namespace {

struct HistoryWords {
  std::string_view heading;
  std::string_view intro;
  std::string_view validity;
  std::string_view log_entry;
  std::string_view granted, imported, renewed, suspended, reinstated, revoked, returned, amended, reissued;
};

const HistoryWords& WordsFor(Lang lang) {
  static const HistoryWords kJa{
      "いつ何が変わったか",
      "このマークの付与から現在までの記録です。各変更は公開の透明性ログに記録されています（ログ番号）。",
      "有効期間",
      "ログ番号",
      "付与",
      "移行登録（このシステム以前の付与）",
      "更新",
      "停止",
      "停止解除",
      "取消",
      "返上",
      "登録内容の変更",
      "証明書の再発行"};
  static const HistoryWords kEn{"What changed when",
                                "This mark's record from its grant to now. Each change is recorded in the public "
                                "transparency log (log entry).",
                                "Validity",
                                "Log entry",
                                "Granted",
                                "Imported (granted before this system)",
                                "Renewed",
                                "Suspended",
                                "Reinstated",
                                "Revoked",
                                "Returned",
                                "Details amended",
                                "Certificate re-issued"};
  static const HistoryWords kZh{"变更记录",    "此标志从授予至今的记录。每项变更均记录在公开的透明日志中（日志序号）。",
                                "有效期",      "日志序号",
                                "授予",        "迁移登记（本系统之前授予）",
                                "续期",        "暂停",
                                "恢复",        "撤销",
                                "返还",        "登记内容变更",
                                "证书重新签发"};
  static const HistoryWords kKo{
      "언제 무엇이 바뀌었는지",
      "이 마크의 부여부터 현재까지의 기록입니다. 각 변경은 공개 투명성 로그에 기록되어 있습니다(로그 번호).",
      "유효기간",
      "로그 번호",
      "부여",
      "이관 등록(이 시스템 이전 부여)",
      "갱신",
      "정지",
      "정지 해제",
      "취소",
      "반납",
      "등록 내용 변경",
      "인증서 재발급"};
  switch (lang) {
    case Lang::kJa: return kJa;
    case Lang::kEn: return kEn;
    case Lang::kZh: return kZh;
    case Lang::kKo: return kKo;
  }
  return kJa;
}

std::string_view KindWord(const HistoryWords& w, std::string_view kind) {
  if (kind == "granted") return w.granted;
  if (kind == "imported") return w.imported;
  if (kind == "renewed") return w.renewed;
  if (kind == "suspended") return w.suspended;
  if (kind == "reinstated") return w.reinstated;
  if (kind == "revoked") return w.revoked;
  if (kind == "returned") return w.returned;
  if (kind == "amended") return w.amended;
  if (kind == "reissued") return w.reissued;
  return kind;
}

}  // namespace

std::string RenderHistorySection(const std::vector<HistoryLine>& lines, Lang lang) {
  if (lines.empty()) return "";
  const HistoryWords& w = WordsFor(lang);
  std::string h = "<section class=\"card history\" id=\"history\" aria-labelledby=\"history-h\"><h2 id=\"history-h\">" +
                  EscapeHtml(w.heading) + "</h2><p class=\"hint\">" + EscapeHtml(w.intro) +
                  "</p><ol class=\"plain history-list\">";
  for (const HistoryLine& line : lines) {
    const std::string day = FormatDate(JstDate(line.at));
    h += "<li class=\"event ev-" + EscapeHtml(line.kind) + "\"><time datetime=\"" + day + "\">" + day +
         "</time> <strong>" + EscapeHtml(KindWord(w, line.kind)) + "</strong>";
    if (!line.reason.empty()) h += " <span class=\"reason\">" + EscapeHtml(line.reason) + "</span>";
    h += " <span class=\"validity\">" + EscapeHtml(w.validity) + " " + FormatDate(line.valid_from) + " – " +
         FormatDate(line.valid_until) + "</span>";
    if (line.log_index) {
      const std::string i = std::to_string(*line.log_index);
      h += " <a class=\"log-index\" href=\"/api/v1/log/entries?start=" + i +
           "&amp;end=" + std::to_string(*line.log_index + 1) + "\">" + EscapeHtml(w.log_entry) + " " + i + "</a>";
    }
    h += "</li>";
  }
  return h + "</ol></section>\n";
}

}  // namespace mark::pages
