#include "registry/stored_text.h"

#include <SQLiteCpp/Statement.h>

#include "registry/validation.h"

namespace mark::registry {

namespace {

void Judge(std::vector<StoredTextFinding>& out, const std::string& where, const std::string& field,
           const std::string& value) {
  auto n = NormalizeName(field, value);
  if (!n)
    out.push_back({where, field, value, n.error().fields.at(0).message});
  else if (*n != value)
    out.push_back({where, field, value, "is not in the form the rules store (NFC, no white space around it)"});
}

}  // namespace

std::vector<StoredTextFinding> FindStoredTextProblems(SQLite::Database& db) {
  std::vector<StoredTextFinding> out;
  SQLite::Statement ops(db, "SELECT id, name, name_en FROM operators ORDER BY rowid");
  while (ops.executeStep()) {
    const std::string where = "operator " + ops.getColumn(0).getString();
    Judge(out, where, "name", ops.getColumn(1).getString());
    Judge(out, where, "name_en", ops.getColumn(2).getString());
  }
  SQLite::Statement svcs(db, R"sql(
SELECT s.id, COALESCE(m.number, ''), s.name, s.name_en FROM services s LEFT JOIN marks m ON m.service_id = s.id
ORDER BY s.rowid
)sql");
  while (svcs.executeStep()) {
    const std::string number = svcs.getColumn(1).getString();
    const std::string where = "service " + svcs.getColumn(0).getString() + (number.empty() ? "" : " (" + number + ")");
    Judge(out, where, "name", svcs.getColumn(2).getString());
    Judge(out, where, "name_en", svcs.getColumn(3).getString());
  }
  SQLite::Statement venues(db, R"sql(
SELECT v.service_id, COALESCE(m.number, ''), v.position, v.venue FROM service_venues v
LEFT JOIN marks m ON m.service_id = v.service_id ORDER BY v.service_id, v.position
)sql");
  while (venues.executeStep()) {
    const std::string number = venues.getColumn(1).getString();
    const std::string where =
        "service " + venues.getColumn(0).getString() + (number.empty() ? "" : " (" + number + ")");
    Judge(out, where, "venues[" + std::to_string(venues.getColumn(2).getInt64()) + "]",
          venues.getColumn(3).getString());
  }
  return out;
}

}  // namespace mark::registry
