#include "review/criteria.h"

#include <algorithm>
#include <set>

#include <nlohmann/json.hpp>

#include "common/decimal.h"
#include "review/problems.h"

namespace mark::review {

using nlohmann::json;

std::string_view ToString(Kind k) { return k == Kind::kNew ? "new" : "renewal"; }

std::optional<Kind> ParseKind(std::string_view text) {
  if (text == "new") return Kind::kNew;
  if (text == "renewal") return Kind::kRenewal;
  return std::nullopt;
}

std::string_view ToString(EvidenceKind k) {
  switch (k) {
    case EvidenceKind::kDocument: return "document";
    case EvidenceKind::kWebPath: return "web_path";
    case EvidenceKind::kSignedSealed: return "signed_sealed";
  }
  return "document";
}

std::optional<EvidenceKind> ParseEvidenceKind(std::string_view text) {
  if (text == "document") return EvidenceKind::kDocument;
  if (text == "web_path") return EvidenceKind::kWebPath;
  if (text == "signed_sealed") return EvidenceKind::kSignedSealed;
  return std::nullopt;
}

const Item* CriteriaSet::Find(std::string_view item_id) const {
  for (const Item& it : items) {
    if (it.id == item_id) return &it;
  }
  return nullptr;
}

bool CriteriaSet::IsGate(std::string_view item_id) const {
  return std::find(gates.begin(), gates.end(), item_id) != gates.end();
}

bool IsWellFormedItemId(std::string_view id) {
  int parts = 0;
  size_t digits = 0;
  for (char c : id) {
    if (c >= '0' && c <= '9') {
      if (++digits > 3) return false;
    } else if (c == '-') {
      if (digits == 0) return false;
      ++parts;
      digits = 0;
    } else {
      return false;
    }
  }
  return parts == 2 && digits > 0;
}

namespace {

// The first number of a well-formed id: the category it belongs to.
int IdCategory(std::string_view id) { return ParseDecimal<int>(id.substr(0, id.find('-')), 0, 999).value_or(0); }

std::string Join(const std::string& path, const std::string& key) { return path.empty() ? key : path + "." + key; }

// Keys a JSON object may carry; anything else is most likely a typo that would
// silently change scoring ("mandatroy": true), so it is reported.
void CheckKeys(const json& obj, const std::string& path, std::initializer_list<const char*> allowed, Problems& p) {
  for (auto it = obj.begin(); it != obj.end(); ++it) {
    bool ok = std::any_of(allowed.begin(), allowed.end(), [&](const char* a) { return it.key() == a; });
    if (!ok) p.Add(Join(path, it.key()), "unknown field");
  }
}

std::optional<int> GetInt(const json& obj, const std::string& path, const char* key, Problems& p, int lo, int hi) {
  auto it = obj.find(key);
  std::string field = Join(path, key);
  if (it == obj.end()) {
    p.Add(field, "required");
    return std::nullopt;
  }
  if (!it->is_number_integer()) {
    p.Add(field, "must be an integer");
    return std::nullopt;
  }
  long long v = it->get<long long>();
  if (v < lo || v > hi) {
    p.Add(field, "must be between " + std::to_string(lo) + " and " + std::to_string(hi));
    return std::nullopt;
  }
  return static_cast<int>(v);
}

std::string GetOptString(const json& obj, const std::string& path, const char* key, Problems& p) {
  auto it = obj.find(key);
  if (it == obj.end()) return {};
  if (!it->is_string()) {
    p.Add(Join(path, key), "must be a string");
    return {};
  }
  return it->get<std::string>();
}

std::string GetString(const json& obj, const std::string& path, const char* key, Problems& p) {
  auto it = obj.find(key);
  if (it == obj.end() || (it->is_string() && it->get<std::string>().empty())) {
    p.Add(Join(path, key), "required");
    return {};
  }
  return GetOptString(obj, path, key, p);
}

void ParseKindRule(const json& rules, const char* kind, KindRule& out, Problems& p) {
  std::string path = std::string("rules.") + kind;
  out = KindRule{-1, -1, -1};  // unknown: not compared with what the items add up to
  auto it = rules.find(kind);
  if (it == rules.end()) {
    p.Add(path, "required");
    return;
  }
  if (!it->is_object()) {
    p.Add(path, "must be an object");
    return;
  }
  CheckKeys(*it, path, {"mandatory", "points_max", "points_min"}, p);
  constexpr int kBig = 100000;
  out.mandatory = GetInt(*it, path, "mandatory", p, 0, kBig).value_or(-1);
  out.points_max = GetInt(*it, path, "points_max", p, 0, kBig).value_or(-1);
  out.points_min = GetInt(*it, path, "points_min", p, 0, kBig).value_or(-1);
  if (out.points_min >= 0 && out.points_max >= 0 && out.points_min > out.points_max) {
    p.Add(path + ".points_min",
          "is " + std::to_string(out.points_min) + ", more than points_max " + std::to_string(out.points_max));
  }
}

Item ParseItem(const json& j, const std::string& path, Problems& p) {
  Item item;
  if (!j.is_object()) {
    p.Add(path, "must be an object");
    return item;
  }
  CheckKeys(
      j, path,
      {"id", "category", "title", "title_en", "mandatory", "points", "applies", "evidence", "evidence_note", "note"},
      p);
  item.id = GetString(j, path, "id", p);
  if (!item.id.empty() && !IsWellFormedItemId(item.id)) {
    p.Add(path + ".id", "\"" + item.id + "\" is not of the form N-N-N");
  }
  item.category = GetInt(j, path, "category", p, 1, 99).value_or(0);
  if (item.category > 0 && IsWellFormedItemId(item.id) && IdCategory(item.id) != item.category) {
    p.Add(path + ".category", "is " + std::to_string(item.category) + " but id " + item.id + " is in category " +
                                  std::to_string(IdCategory(item.id)));
  }
  item.title = GetString(j, path, "title", p);
  item.title_en = GetOptString(j, path, "title_en", p);
  item.evidence_note = GetOptString(j, path, "evidence_note", p);
  item.note = GetOptString(j, path, "note", p);

  auto m = j.find("mandatory");
  if (m != j.end() && !m->is_boolean()) {
    p.Add(path + ".mandatory", "must be true or false");
  } else if (m != j.end()) {
    item.mandatory = m->get<bool>();
  }
  bool has_points = j.contains("points");
  if (item.mandatory && has_points) {
    p.Add(path, "item " + item.id + " is mandatory and also has points; it must be one or the other");
  } else if (!item.mandatory && !has_points) {
    p.Add(path, "item " + item.id + " is neither mandatory nor worth points");
  } else if (has_points) {
    item.points = GetInt(j, path, "points", p, 1, 100).value_or(0);
  }

  auto a = j.find("applies");
  if (a == j.end()) {
    p.Add(path + ".applies", "required");
  } else if (!a->is_array() || a->empty()) {
    p.Add(path + ".applies", "must be a non-empty array of \"new\" and/or \"renewal\"");
  } else {
    for (const json& k : *a) {
      std::optional<Kind> kind = k.is_string() ? ParseKind(k.get<std::string>()) : std::nullopt;
      if (!kind) {
        p.Add(path + ".applies", "entries must be \"new\" or \"renewal\"");
        break;
      }
      bool& flag = *kind == Kind::kNew ? item.applies_new : item.applies_renewal;
      if (flag) p.Add(path + ".applies", std::string(ToString(*kind)) + " listed twice");
      flag = true;
    }
  }

  auto e = j.find("evidence");
  if (e == j.end()) {
    p.Add(path + ".evidence", "required");
  } else {
    // One kind as a string, or several (any one of them will do) as an array.
    json list = e->is_string() ? json::array({*e}) : *e;
    if (!list.is_array() || list.empty()) {
      p.Add(path + ".evidence", "must be a string or a non-empty array of strings");
    } else {
      for (const json& k : list) {
        std::optional<EvidenceKind> kind = k.is_string() ? ParseEvidenceKind(k.get<std::string>()) : std::nullopt;
        if (!kind) {
          p.Add(path + ".evidence", "entries must be one of document, web_path, signed_sealed");
          break;
        }
        item.evidence.push_back(*kind);
      }
    }
  }
  return item;
}

// The heart of the coherence check: what the items add up to per kind.
void CheckKindAddsUp(const CriteriaSet& set, Kind kind, Problems& p) {
  const KindRule& rule = set.Rule(kind);
  int mandatory = 0;
  int points = 0;
  for (const Item& it : set.items) {
    if (!it.Applies(kind)) continue;
    if (it.mandatory) {
      ++mandatory;
    } else {
      points += it.points;
    }
  }
  std::string path = "rules." + std::string(ToString(kind));
  if (rule.mandatory >= 0 && rule.mandatory != mandatory) {
    p.Add(path + ".mandatory",
          "says " + std::to_string(rule.mandatory) + " but " + std::to_string(mandatory) + " mandatory items apply");
  }
  if (rule.points_max >= 0 && rule.points_max != points) {
    p.Add(path + ".points_max", "says " + std::to_string(rule.points_max) +
                                    " but the point items that apply add up to " + std::to_string(points));
  }
}

}  // namespace

Result<CriteriaSet> ParseCriteriaSet(std::string_view json_text) {
  json j = json::parse(json_text, nullptr, false);
  if (j.is_discarded()) return Error::Invalid("criteria", "not valid JSON");
  if (!j.is_object()) return Error::Invalid("criteria", "must be a JSON object");

  Problems p;
  CriteriaSet set;
  set.json_text = std::string(json_text);
  CheckKeys(j, "",
            {"id", "scheme", "complete", "title", "title_en", "version", "source", "note", "council_rules", "rules",
             "categories", "items"},
            p);
  set.id = GetString(j, "", "id", p);
  std::string scheme = GetString(j, "", "scheme", p);
  set.title = GetOptString(j, "", "title", p);
  set.title_en = GetOptString(j, "", "title_en", p);
  if (!scheme.empty()) {
    if (auto s = ParseScheme(scheme)) {
      set.scheme = *s;
    } else {
      p.Add("scheme", "\"" + scheme + "\" is not one of isp, wifi");
    }
  }
  if (auto c = j.find("complete"); c != j.end()) {
    if (c->is_boolean()) {
      set.complete = c->get<bool>();
    } else {
      p.Add("complete", "must be true or false");
    }
  }
  if (auto c = j.find("council_rules"); c != j.end() && !c->is_object()) {
    p.Add("council_rules", "must be an object");
  }

  // Categories (optional): when listed, every item's category must be one.
  std::set<int> category_ids;
  if (auto c = j.find("categories"); c != j.end()) {
    if (!c->is_array()) {
      p.Add("categories", "must be an array");
    } else {
      for (size_t i = 0; i < c->size(); ++i) {
        const json& cj = (*c)[i];
        std::string path = "categories[" + std::to_string(i) + "]";
        if (!cj.is_object()) {
          p.Add(path, "must be an object");
          continue;
        }
        CheckKeys(cj, path, {"id", "title", "title_en"}, p);
        Category cat;
        cat.id = GetInt(cj, path, "id", p, 1, 99).value_or(0);
        cat.title = GetString(cj, path, "title", p);
        cat.title_en = GetOptString(cj, path, "title_en", p);
        if (cat.id > 0 && !category_ids.insert(cat.id).second) {
          p.Add(path + ".id", "category " + std::to_string(cat.id) + " listed twice");
        }
        set.categories.push_back(std::move(cat));
      }
    }
  }

  // Items.
  auto items = j.find("items");
  if (items == j.end()) {
    p.Add("items", "required");
  } else if (!items->is_array()) {
    p.Add("items", "must be an array");
  } else {
    std::set<std::string> seen;
    for (size_t i = 0; i < items->size(); ++i) {
      std::string path = "items[" + std::to_string(i) + "]";
      Item item = ParseItem((*items)[i], path, p);
      if (!item.id.empty() && !seen.insert(item.id).second) {
        p.Add(path + ".id", "item " + item.id + " appears more than once");
      }
      if (!category_ids.empty() && item.category > 0 && !category_ids.count(item.category)) {
        p.Add(path + ".category", std::to_string(item.category) + " is not in categories");
      }
      set.items.push_back(std::move(item));
    }
  }

  // Rules.
  auto rules = j.find("rules");
  if (rules == j.end()) {
    p.Add("rules", "required");
  } else if (!rules->is_object()) {
    p.Add("rules", "must be an object");
  } else {
    CheckKeys(*rules, "rules", {"new", "renewal", "gates"}, p);
    ParseKindRule(*rules, "new", set.new_rule, p);
    ParseKindRule(*rules, "renewal", set.renewal_rule, p);
    if (auto g = rules->find("gates"); g != rules->end()) {
      if (!g->is_array()) {
        p.Add("rules.gates", "must be an array of item ids");
      } else {
        for (const json& gid : *g) {
          if (!gid.is_string()) {
            p.Add("rules.gates", "must be an array of item ids");
            continue;
          }
          std::string id = gid.get<std::string>();
          const Item* item = set.Find(id);
          if (set.IsGate(id)) {
            p.Add("rules.gates", "gate " + id + " listed twice");
          } else if (item == nullptr) {
            p.Add("rules.gates", "gate " + id + " is not an item of this set");
          } else if (!item->IsPointItem()) {
            p.Add("rules.gates", "gate " + id + " is mandatory; a gate must be a point item");
          }
          set.gates.push_back(std::move(id));
        }
      }
    }
    if (items != j.end() && items->is_array()) {
      CheckKindAddsUp(set, Kind::kNew, p);
      CheckKindAddsUp(set, Kind::kRenewal, p);
    }
  }

  if (!p.fields.empty()) return p.ToError();
  return set;
}

}  // namespace mark::review
