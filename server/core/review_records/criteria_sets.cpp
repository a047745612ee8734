// ReviewStore's criteria sets: imported once per id and content, listed, loaded.
#include "review_records/review_store.h"

#include <SQLiteCpp/Statement.h>

#include "review_records/stored_records.h"

namespace mark::review_records {

using namespace mark::registry;  // the registry's rows, views and writes
using namespace stored;

namespace {

json CriteriaSummary(const rv::CriteriaSet& set) {
  json kinds = json::object();
  for (rv::Kind k : {rv::Kind::kNew, rv::Kind::kRenewal}) {
    const rv::KindRule& r = set.Rule(k);
    kinds[std::string(rv::ToString(k))] = {
        {"mandatory", r.mandatory}, {"points_max", r.points_max}, {"points_min", r.points_min}};
  }
  return {{"id", set.id},
          {"scheme", std::string(ToString(set.scheme))},
          {"complete", set.complete},
          {"title", set.title},
          {"title_en", set.title_en},
          {"rules", kinds},
          {"gates", set.gates},
          {"items", set.items.size()}};
}

}  // namespace

Result<registry::WriteResult> ReviewStore::ImportCriteria(std::string_view json_text,
                                                          const registry::WriteRequest& req) {
  auto set = rv::ParseCriteriaSet(json_text);
  if (!set) return set.error();
  Instant now = clock_.Now();
  return registry_.WriteAudited(
      "criteria.import", set->id, req, [&](SQLite::Database& db) -> Result<registry::WriteResult> {
        SQLite::Statement old(db, "SELECT json_text FROM criteria_sets WHERE id = ?");
        old.bind(1, set->id);
        if (old.executeStep()) {
          json stored = json::parse(old.getColumn(0).getString(), nullptr, false);
          json given = json::parse(json_text, nullptr, false);
          if (stored != given)
            return Error{ErrorCode::kConflict,
                         "criteria set " + set->id +
                             " is already imported with different content; "
                             "give the new version a new id",
                         {{"id", "is already imported with different content"}}};
          return registry::WriteResult{CriteriaSummary(*set), false, false};
        }
        SQLite::Statement q(db,
                            "INSERT INTO criteria_sets (id, scheme, complete, json_text, imported_at, imported_by) "
                            "VALUES (?, ?, ?, ?, ?, ?)");
        q.bind(1, set->id);
        q.bind(2, std::string(ToString(set->scheme)));
        q.bind(3, set->complete ? 1 : 0);
        q.bind(4, std::string(json_text));
        q.bind(5, FormatInstant(now));
        q.bind(6, req.actor.name);
        q.exec();
        json j = CriteriaSummary(*set);
        j["imported_at"] = FormatInstant(now);
        j["imported_by"] = req.actor.name;
        return registry::WriteResult{std::move(j), true, false};
      });
}

Result<json> ReviewStore::ListCriteria() const {
  json items = json::array();
  Status st = db_.Read([&](SQLite::Database& db) -> Status {
    SQLite::Statement q(db, "SELECT json_text, imported_at, imported_by FROM criteria_sets ORDER BY imported_at, id");
    while (q.executeStep()) {
      auto set = rv::ParseCriteriaSet(q.getColumn(0).getString());
      if (!set) return Error::Make(ErrorCode::kInternal, "a stored criteria set no longer parses");
      json j = CriteriaSummary(*set);
      j["imported_at"] = q.getColumn(1).getString();
      j["imported_by"] = q.getColumn(2).getString();
      items.push_back(std::move(j));
    }
    return Status{};
  });
  if (!st) return st.error();
  return items;
}

Result<rv::CriteriaSet> ReviewStore::LoadCriteria(const std::string& id) const {
  std::optional<Result<rv::CriteriaSet>> out;
  Status st = db_.Read([&](SQLite::Database& db) -> Status {
    out = LoadCriteriaIn(db, id);
    return Status{};
  });
  if (!st) return st.error();
  if (!*out && out->error().code == ErrorCode::kInvalid)
    return Error::Make(ErrorCode::kNotFound, "no criteria set " + id);
  return std::move(*out);
}

}  // namespace mark::review_records
