// Loading registry rows into the model (storage internals shared by the
// Registry's read and write paths; SQL lives only in storage/ and registry/ .cpp files).
#pragma once

#include <SQLiteCpp/Database.h>

#include <optional>
#include <string>
#include <vector>

#include "common/model.h"

namespace mark::storage {

std::optional<Operator> LoadOperator(SQLite::Database& db, const std::string& id);
// The operator's contacts, in order (never public: secretariat and auditors).
std::vector<Contact> LoadContacts(SQLite::Database& db, const std::string& operator_id);
std::optional<Service> LoadService(SQLite::Database& db, const std::string& id);
std::optional<Mark> LoadMark(SQLite::Database& db, const std::string& number);
// Mark, service, operator and current certificate; status left for the caller.
std::optional<MarkView> LoadMarkView(SQLite::Database& db, const std::string& number);

}  // namespace mark::storage
