// A criteria set: the council's review items for one scheme (isp|wifi) as
// data, with the pass rules for each kind of review (new|renewal). The council
// publishes only excerpts of its item lists ("（ほか 略）"), so sets are files,
// never code: a set saying `"complete": false` is scored like any other, but
// every decision on it is provisional (see scoring.h).
//
// File form:
//   {"id":"isp-2023","scheme":"isp","complete":true,
//    "rules":{"new":{"mandatory":29,"points_max":119,"points_min":92},
//             "renewal":{"mandatory":30,"points_max":114,"points_min":88},
//             "gates":["7-1-1","7-1-2","7-1-3"]},
//    "categories":[{"id":1,"title":"…","title_en":"…"}],          (optional)
//    "items":[{"id":"1-1-1","category":1,"title":"…","title_en":"…",
//              "mandatory":true,"applies":["new","renewal"],
//              "evidence":["document"]},
//             {"id":"1-1-2","category":1,"points":5,...}]}
// Optional top-level metadata kept verbatim for storage and display: "title",
// "title_en", "version", "source", "note", "council_rules" (an excerpt's record
// of the council's real thresholds; informative, never used for scoring).
//
// Coherence (checked by ParseCriteriaSet; each failure names what does not add
// up): ids unique and "N-N-N" with the first number equal to the category;
// each item either mandatory or worth points (1..100), not both; for each kind
// the applying mandatory items number exactly rules.<kind>.mandatory and the
// applying point items' maxima sum to rules.<kind>.points_max;
// 0 <= points_min <= points_max; every gate is a point item.
//
// Thread safety: plain values; const use from many threads is fine.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/model.h"
#include "common/result.h"

namespace mark::review {

// The two kinds of review; the council's rules differ between them.
enum class Kind { kNew, kRenewal };
std::string_view ToString(Kind k);  // "new" | "renewal"
std::optional<Kind> ParseKind(std::string_view text);

// How an applicant shows an item is met.
enum class EvidenceKind {
  kDocument,      // "document": a paper or file submitted (policy, audit report, internal rule)
  kWebPath,       // "web_path": the path of links from the service's top page to the page
  kSignedSealed,  // "signed_sealed": signature and seal (署名押印) of the person in charge
};
std::string_view ToString(EvidenceKind k);
std::optional<EvidenceKind> ParseEvidenceKind(std::string_view text);

struct Item {
  std::string id;  // "1-1-2": category-section-number
  int category = 0;
  std::string title;  // Japanese, as the council words it
  std::string title_en;
  bool mandatory = false;  // 必須: must be met
  int points = 0;          // max recommended points when not mandatory (answers 0..points)
  bool applies_new = false;
  bool applies_renewal = false;
  std::vector<EvidenceKind> evidence;  // any one of these will do
  std::string evidence_note;           // optional detail, e.g. "within 3 months"
  std::string note;                    // optional remark for reviewers

  bool Applies(Kind k) const { return k == Kind::kNew ? applies_new : applies_renewal; }
  bool IsPointItem() const { return !mandatory; }
};

struct KindRule {
  int mandatory = 0;   // how many mandatory items apply (all must be met)
  int points_max = 0;  // sum of the applying point items' maxima
  int points_min = 0;  // pass threshold
};

struct Category {
  int id = 0;
  std::string title;
  std::string title_en;
};

struct CriteriaSet {
  std::string id;  // e.g. "isp-2023"
  Scheme scheme = Scheme::kIsp;
  bool complete = true;  // false: an excerpt; decisions are provisional
  std::string title;
  std::string title_en;
  KindRule new_rule;
  KindRule renewal_rule;
  std::vector<std::string> gates;  // point items that fail the review at 0
  std::vector<Category> categories;
  std::vector<Item> items;  // in file order
  std::string json_text;    // the file as given, for storage

  const KindRule& Rule(Kind k) const { return k == Kind::kNew ? new_rule : renewal_rule; }
  const Item* Find(std::string_view item_id) const;  // nullptr when absent
  bool IsGate(std::string_view item_id) const;
};

// Parses and checks a set. On failure the Error lists every problem found in
// `fields` (field = JSON path, e.g. "items[3].id" or "rules.new.mandatory") and
// joins them in `message`, e.g.
//   "rules.new.mandatory: says 29 but 15 items apply".
Result<CriteriaSet> ParseCriteriaSet(std::string_view json_text);

// True for "N-N-N" with each N one to three decimal digits.
bool IsWellFormedItemId(std::string_view id);

}  // namespace mark::review
