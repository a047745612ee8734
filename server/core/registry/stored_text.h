// Stored names the text rules (validation.h NormalizeName, common/text.h)
// would now refuse, or store in another form: names stored before the
// rules, or written around the registry. They are never rewritten: reads
// show every name as stored, and a certificate already signed keeps the
// text it signed. `markctl check` lists them, as information, for a person
// to amend (PATCH, which validates the new name).
// Runs inside the caller's read (any connection); SQL lives here.
#pragma once

#include <SQLiteCpp/Database.h>

#include <string>
#include <vector>

namespace mark::registry {

struct StoredTextFinding {
  std::string where;  // "operator op_…", "service svc_… (J0072)"
  std::string field;  // "name", "name_en", "venues[2]"
  std::string value;  // as stored (may hold anything: escape it before printing)
  std::string why;    // the rule's words, or that it would be stored otherwise
};

// Every operator's and service's name and name_en and every venue that
// NormalizeName refuses or would change; in table order.
std::vector<StoredTextFinding> FindStoredTextProblems(SQLite::Database& db);

}  // namespace mark::registry
