// registry_meta: the registry's named values (its issuer, its id, the serial
// floor, the instant of the last change, what the look-alike keys were made
// with), one text per key, kept in the database beside the rows. Readers
// select the key they own; this is the one writer.
#pragma once

#include <SQLiteCpp/Database.h>

#include <string>

namespace mark::storage {

// Sets registry_meta `key` to `value` in the caller's transaction.
void SetRegistryMeta(SQLite::Database& tx, const std::string& key, const std::string& value);

}  // namespace mark::storage
