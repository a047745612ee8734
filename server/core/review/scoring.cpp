#include "review/scoring.h"

#include <map>

#include <nlohmann/json.hpp>

#include "common/json_text.h"
#include "review/problems.h"

namespace mark::review {

using nlohmann::json;

namespace {

// Unwraps {"value": x, "evidence": [...], "note": "..."}; plain values pass through.
const json* AnswerValue(const std::string& id, const json& answer, Problems& p) {
  if (!answer.is_object()) return &answer;
  for (auto it = answer.begin(); it != answer.end(); ++it) {
    if (it.key() != "value" && it.key() != "evidence" && it.key() != "note") {
      p.Add(id + "." + it.key(), "unknown field in the answer to item " + id);
    }
  }
  if (auto e = answer.find("evidence"); e != answer.end() && !e->is_array()) {
    p.Add(id + ".evidence", "must be an array");
  }
  if (auto n = answer.find("note"); n != answer.end() && !n->is_string()) {
    p.Add(id + ".note", "must be a string");
  }
  auto v = answer.find("value");
  if (v == answer.end()) {
    p.Add(id, "the answer to item " + id + " has no value");
    return nullptr;
  }
  return &*v;
}

}  // namespace

Result<Decision> Evaluate(const CriteriaSet& set, Kind kind, std::string_view answers_json) {
  json answers = json::parse(answers_json, nullptr, false);
  if (answers.is_discarded()) return Error::Invalid("answers", "not valid JSON");
  if (!answers.is_object()) {
    return Error::Invalid("answers", "must be a JSON object from item id to answer");
  }

  Problems p;
  std::map<std::string, bool> met;   // mandatory answers
  std::map<std::string, int> score;  // point answers
  for (auto it = answers.begin(); it != answers.end(); ++it) {
    const std::string& id = it.key();
    const Item* item = set.Find(id);
    if (item == nullptr) {
      p.Add(id, "item " + id + " is not in criteria set " + set.id);
      continue;
    }
    if (!item->Applies(kind)) {
      p.Add(id, "item " + id + " does not apply to a " + std::string(ToString(kind)) + " review");
      continue;
    }
    const json* v = AnswerValue(id, it.value(), p);
    if (v == nullptr) continue;
    if (item->mandatory) {
      if (!v->is_boolean()) {
        p.Add(id, "item " + id + " is mandatory: the answer must be true or false");
        continue;
      }
      met[id] = v->get<bool>();
    } else {
      // Booleans are not integers in nlohmann, so `true` lands here too.
      if (!v->is_number_integer()) {
        p.Add(id, "item " + id + " is worth points: the answer must be an integer 0.." + std::to_string(item->points));
        continue;
      }
      long long s = v->get<long long>();
      if (s < 0 || s > item->points) {
        p.Add(id, "item " + id + " scored " + std::to_string(s) + ", outside 0.." + std::to_string(item->points));
        continue;
      }
      score[id] = static_cast<int>(s);
    }
  }
  if (!p.empty()) return p.ToError();

  const KindRule& rule = set.Rule(kind);
  Decision d;
  d.criteria_id = set.id;
  d.kind = kind;
  d.points_min = rule.points_min;
  d.points_max = rule.points_max;
  d.mandatory_required = rule.mandatory;
  d.provisional = !set.complete;

  std::vector<std::string> gate_reasons;
  for (const Item& item : set.items) {
    if (!item.Applies(kind)) continue;
    if (item.mandatory) {
      auto m = met.find(item.id);
      if (m != met.end() && m->second) {
        ++d.mandatory_met;
      } else {
        d.reasons.push_back("mandatory item " + item.id + " not met");
      }
    } else {
      auto s = score.find(item.id);
      int v = s == score.end() ? 0 : s->second;
      d.points += v;
      if (v == 0 && set.IsGate(item.id)) {
        gate_reasons.push_back("gate item " + item.id + " scored 0");
      }
    }
  }
  if (d.points < d.points_min) {
    d.reasons.push_back("points " + std::to_string(d.points) + " below the minimum " + std::to_string(d.points_min) +
                        " (short by " + std::to_string(d.points_min - d.points) + ")");
  }
  d.reasons.insert(d.reasons.end(), gate_reasons.begin(), gate_reasons.end());
  d.pass = d.reasons.empty();
  return d;
}

void to_json(json& j, const Decision& d) {
  j = json{{"criteria_id", d.criteria_id},
           {"kind", std::string(ToString(d.kind))},
           {"pass", d.pass},
           {"provisional", d.provisional},
           {"points", d.points},
           {"points_min", d.points_min},
           {"points_max", d.points_max},
           {"mandatory_met", d.mandatory_met},
           {"mandatory_required", d.mandatory_required},
           {"reasons", d.reasons}};
}

std::string DecisionToJson(const Decision& d) {
  json j = d;
  return JsonText(j);
}

}  // namespace mark::review
