#include "badge/verdict.h"

namespace mark::badge {

BadgeState BadgeStateOf(MarkStatus status) {
  switch (status) {
    case MarkStatus::kValid: return BadgeState::kValid;
    case MarkStatus::kNotYetValid: return BadgeState::kNotYetValid;
    case MarkStatus::kExpired: return BadgeState::kExpired;
    case MarkStatus::kSuspended: return BadgeState::kSuspended;
    case MarkStatus::kRevoked: return BadgeState::kRevoked;
    case MarkStatus::kReturned: return BadgeState::kReturned;
    case MarkStatus::kUnknown: return BadgeState::kUnknown;
  }
  return BadgeState::kRevoked;  // unreachable; fail towards the warning side
}

Verdict VerdictFor(BadgeState state, bool shown_on_foreign_site) {
  switch (state) {
    case BadgeState::kValid: return shown_on_foreign_site ? Verdict::kForeignSite : Verdict::kValid;
    case BadgeState::kNotYetValid: return shown_on_foreign_site ? Verdict::kForeignSite : Verdict::kNotYetValid;
    case BadgeState::kExpired: return Verdict::kExpired;
    case BadgeState::kSuspended: return Verdict::kSuspended;
    case BadgeState::kRevoked: return Verdict::kRevoked;
    case BadgeState::kReturned: return Verdict::kReturned;
    case BadgeState::kNotRegistered: return Verdict::kNotRegistered;
    // On a site not registered for the mark, that is the more telling
    // warning (a copied badge), whatever the registry can confirm.
    case BadgeState::kUnknown: return shown_on_foreign_site ? Verdict::kForeignSite : Verdict::kUnknown;
  }
  return Verdict::kNotRegistered;
}

Verdict VerdictFor(BadgeState state, const BadgeSite& site) {
  const Verdict own = VerdictFor(state, site.kind == BadgeSite::Kind::kForeign);
  if (site.kind == BadgeSite::Kind::kNotConfirmed && (own == Verdict::kValid || own == Verdict::kNotYetValid))
    return Verdict::kSiteNotConfirmed;
  return own;
}

VerdictStyle StyleOf(Verdict v) {
  switch (v) {
    case Verdict::kValid: return {"st-valid", "#1a7f37", "#dafbe1"};
    case Verdict::kNotYetValid: return {"st-not-yet-valid", "#57606a", "#eaeef2"};
    case Verdict::kExpired: return {"st-expired", "#57606a", "#eaeef2"};
    case Verdict::kSuspended: return {"st-suspended", "#c62828", "#ffebe9"};
    case Verdict::kRevoked: return {"st-revoked", "#7f1d1d", "#ffebe9"};
    case Verdict::kReturned: return {"st-returned", "#57606a", "#eaeef2"};
    case Verdict::kNotRegistered: return {"st-not-registered", "#b91c1c", "#ffebe9"};
    case Verdict::kForeignSite: return {"st-foreign", "#9a5b00", "#fff4d6"};
    // Indigo: neither the valid green nor a warning colour of its own state.
    case Verdict::kSiteNotConfirmed: return {"st-site-not-confirmed", "#4338ca", "#e0e7ff"};
    // The grey of the time states: the server says nothing either way.
    case Verdict::kUnknown: return {"st-unknown", "#57606a", "#eaeef2"};
  }
  return {"st-not-registered", "#b91c1c", "#ffebe9"};
}

namespace {

VerdictText Ja(Verdict v) {
  switch (v) {
    case Verdict::kValid:
      return {"有効", "QRコードで登録内容を確認できます", "このマークは有効です",
              "登録簿に登録された有効なマークです。下のサービス名・ドメイン・SSIDが、いま目の前にあるサイトやWi-"
              "Fiと一致するか確かめてください。"};
    case Verdict::kNotYetValid:
      return {"有効期間前", "まだ有効ではありません", "このマークはまだ有効ではありません",
              "有効期間の開始前です。開始日までは安全・安心マークとして扱わないでください。"};
    case Verdict::kExpired:
      return {"期限切れ", "有効期限が切れています", "このマークは有効期限が切れています",
              "更新されていないため、現在は安全・安心マークの対象ではありません。"};
    case Verdict::kSuspended:
      return {"停止中", "このマークは現在無効です", "このマークは停止中です",
              "協議会によりマークの使用が停止されています。停止中は安全・安心マークとして扱わないでください。"};
    case Verdict::kRevoked:
      return {"取消", "このマークは取り消されました", "このマークは取り消されています",
              "協議会によりマークの使用許諾が取り消されました。このマークを表示しているサイトやサービスは、審査基準を満"
              "たしているとはいえません。"};
    case Verdict::kReturned:
      return {"返上", "マークは返上されました", "このマークは返上されています",
              "事業者がマークを返上したか、サービスが終了しました。処分によるものではありません。現在、このサービスは安"
              "全・安心マークの対象ではありません。"};
    case Verdict::kNotRegistered:
      return {"未登録", "偽物の可能性があります", "この番号は登録されていません",
              "この番号のマークは登録簿にありません。偽のマークの可能性があります。個人情報やパスワードを入力しないでく"
              "ださい。"};
    case Verdict::kForeignSite:
      return {"登録外サイト", "登録されていないサイトに表示されています",
              "このバッジは登録されていないサイトに表示されています",
              "マークは特定のサービスとそのドメインに与えられます。登録されていないサイトに表示されたバッジは、無断で複"
              "製された可能性があります。"};
    case Verdict::kSiteNotConfirmed:
      return {"掲載サイト未確認", "表示しているサイトが伝えられていないため、登録されたサイトか確かめていません",
              "このバッジを表示しているサイトは未確認です",
              "バッジを表示しているページをブラウザが伝えなかったため（Refererなし）、登録されたサイトかどうかを確かめ"
              "ていません。マークの状態は表示のとおりです。アドレス欄のドメインが、確認ページの登録ドメインと一致するか"
              "確かめてください。"};
    case Verdict::kUnknown:
      return {"確認不可", "いまは状態を確認できません", "このマークの状態はいま確認できません",
              "登録簿が、いまこのマークが有効かどうかを判断できません。確認できるまでは安全・安心マークとして扱わず、し"
              "ばらくしてからもう一度確認してください。"};
  }
  return Ja(Verdict::kNotRegistered);
}

VerdictText En(Verdict v) {
  switch (v) {
    case Verdict::kValid:
      return {"VALID", "Scan the QR code to verify", "This mark is valid",
              "This mark is in the registry and valid. Check that the service name, domains and SSIDs below match the "
              "site or Wi-Fi in front of you."};
    case Verdict::kNotYetValid:
      return {"NOT YET VALID", "Not started yet", "This mark is not valid yet",
              "Its validity period has not started. Do not treat it as a Safety & Security Mark before then."};
    case Verdict::kExpired:
      return {"EXPIRED", "Not renewed", "This mark has expired",
              "It was not renewed and is no longer a valid Safety & Security Mark."};
    case Verdict::kSuspended:
      return {"SUSPENDED", "Not valid for now", "This mark is suspended",
              "The council has suspended the use of this mark. Do not treat it as a Safety & Security Mark while "
              "suspended."};
    case Verdict::kRevoked:
      return {"REVOKED", "Licence withdrawn", "This mark has been revoked",
              "The council has revoked the licence for this mark. A site or service showing it cannot be taken to meet "
              "the council's criteria."};
    case Verdict::kReturned:
      return {"RETURNED", "Given back by its holder", "This mark has been returned",
              "The holder gave the mark back or the service ended. This is not a sanction. The service is no longer "
              "covered by the Safety & Security Mark."};
    case Verdict::kNotRegistered:
      return {"NOT REGISTERED", "May be fake", "This number is not registered",
              "No mark with this number is in the registry. The mark may be fake: do not enter personal data or "
              "passwords."};
    case Verdict::kForeignSite:
      return {"FOREIGN SITE", "Shown on a site not registered for it",
              "This badge is shown on a site that is not registered for it",
              "A mark is granted to one service and its domains. A badge shown on another site may have been copied "
              "without permission."};
    case Verdict::kSiteNotConfirmed:
      return {"SITE NOT CONFIRMED", "The browser did not say which site shows this badge",
              "The site showing this badge is not confirmed",
              "The browser did not say which page shows this badge (no Referer), so the registry has not confirmed "
              "that it is a registered site. The mark's status is as shown. Check that the domain in the address bar "
              "is one of the registered domains on the check page."};
    case Verdict::kUnknown:
      return {"CANNOT CHECK", "Status cannot be checked now", "This mark's status cannot be checked right now",
              "The registry cannot decide right now whether this mark is valid. Do not treat it as a Safety & Security "
              "Mark until it can; check again later."};
  }
  return En(Verdict::kNotRegistered);
}

VerdictText Zh(Verdict v) {
  switch (v) {
    case Verdict::kValid:
      return {"有效", "", "此标志有效",
              "这是登记簿中的有效标志。请确认下面的服务名称、域名和SSID与您眼前的网站或Wi-Fi一致。"};
    case Verdict::kNotYetValid:
      return {"尚未生效", "", "此标志尚未生效", "有效期尚未开始。在开始日期之前，请勿将其视为安全安心标志。"};
    case Verdict::kExpired: return {"已过期", "", "此标志已过期", "此标志未续期，目前不是有效的安全安心标志。"};
    case Verdict::kSuspended:
      return {"已暂停", "", "此标志已被暂停", "协议会已暂停此标志的使用。暂停期间请勿将其视为安全安心标志。"};
    case Verdict::kRevoked:
      return {"已撤销", "", "此标志已被撤销",
              "协议会已撤销此标志的使用许可。显示此标志的网站或服务不能被视为符合审查标准。"};
    case Verdict::kReturned:
      return {"已返还", "", "此标志已被返还",
              "持有者已返还此标志或服务已终止。这不是处罚。该服务目前不在安全安心标志的范围内。"};
    case Verdict::kNotRegistered:
      return {"未登记", "", "此编号未登记", "登记簿中没有此编号的标志，可能是伪造的。请勿输入个人信息或密码。"};
    case Verdict::kForeignSite:
      return {"非登记网站", "", "此徽章显示在未登记的网站上",
              "标志授予特定服务及其域名。显示在其他网站上的徽章可能是未经许可复制的。"};
    case Verdict::kSiteNotConfirmed:
      return {"网站未确认", "", "显示此徽章的网站未经确认",
              "浏览器没有告知显示此徽章的页面（未发送Referer），因此登记簿未确认它是否为登记的网站。标志的状态如所示。"
              "请确认地址栏中的域名是否为查验页面上的登记域名之一。"};
    case Verdict::kUnknown:
      return {"无法确认", "", "目前无法确认此标志的状态",
              "登记簿目前无法判断此标志是否有效。在能够确认之前，请勿将其视为安全安心标志，请稍后再查验。"};
  }
  return Zh(Verdict::kNotRegistered);
}

VerdictText Ko(Verdict v) {
  switch (v) {
    case Verdict::kValid:
      return {"유효", "", "이 마크는 유효합니다",
              "등록부에 등록된 유효한 마크입니다. 아래의 서비스명, 도메인, SSID가 눈앞의 사이트나 Wi-Fi와 일치하는지 "
              "확인하세요."};
    case Verdict::kNotYetValid:
      return {"유효기간 전", "", "이 마크는 아직 유효하지 않습니다",
              "유효기간이 시작되기 전입니다. 시작일까지는 안전・안심 마크로 취급하지 마세요."};
    case Verdict::kExpired:
      return {"기간 만료", "", "이 마크는 유효기간이 만료되었습니다",
              "갱신되지 않아 현재 유효한 안전・안심 마크가 아닙니다."};
    case Verdict::kSuspended:
      return {"정지됨", "", "이 마크는 정지되었습니다",
              "협의회가 이 마크의 사용을 정지했습니다. 정지 중에는 안전・안심 마크로 취급하지 마세요."};
    case Verdict::kRevoked:
      return {"취소됨", "", "이 마크는 취소되었습니다",
              "협의회가 이 마크의 사용 허락을 취소했습니다. 이 마크를 표시한 사이트나 서비스는 심사 기준을 충족한다고 "
              "볼 수 없습니다."};
    case Verdict::kReturned:
      return {"반납됨", "", "이 마크는 반납되었습니다",
              "보유자가 마크를 반납했거나 서비스가 종료되었습니다. 제재가 아닙니다. 이 서비스는 현재 안전・안심 마크의 "
              "대상이 아닙니다."};
    case Verdict::kNotRegistered:
      return {"미등록", "", "이 번호는 등록되어 있지 않습니다",
              "등록부에 이 번호의 마크가 없습니다. 위조된 마크일 수 있습니다. 개인정보나 비밀번호를 입력하지 마세요."};
    case Verdict::kForeignSite:
      return {
          "미등록 사이트", "", "이 배지는 등록되지 않은 사이트에 표시되어 있습니다",
          "마크는 특정 서비스와 그 도메인에 부여됩니다. 다른 사이트에 표시된 배지는 무단으로 복제되었을 수 있습니다."};
    case Verdict::kSiteNotConfirmed:
      return {
          "사이트 미확인", "", "이 배지를 표시한 사이트는 확인되지 않았습니다",
          "브라우저가 이 배지를 표시한 페이지를 알려 주지 않아(Referer 없음) 등록된 사이트인지 확인하지 않았습니다. "
          "마크의 상태는 표시된 대로입니다. 주소 표시줄의 도메인이 확인 페이지의 등록 도메인 중 하나인지 확인하세요."};
    case Verdict::kUnknown:
      return {"확인 불가", "", "지금은 이 마크의 상태를 확인할 수 없습니다",
              "등록부가 지금 이 마크가 유효한지 판단할 수 없습니다. 확인될 때까지 안전・안심 마크로 취급하지 말고, "
              "잠시 후 다시 확인하세요."};
  }
  return Ko(Verdict::kNotRegistered);
}

}  // namespace

VerdictText TextOf(Verdict v, Lang lang) {
  switch (lang) {
    case Lang::kJa: return Ja(v);
    case Lang::kEn: return En(v);
    case Lang::kZh: return Zh(v);
    case Lang::kKo: return Ko(v);
  }
  return Ja(v);
}

}  // namespace mark::badge
