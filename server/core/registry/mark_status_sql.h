// The status of a mark as SQL: the one CASE expression that search filters
// and counts group by, equal to StatusAt (common/model.h) on the JST date
// bound as :today ("YYYY-MM-DD"), for a query over `marks m`. A constant, so
// statements using it are still put together from fixed text only.
#pragma once

#include <string_view>

namespace mark::registry {

inline constexpr std::string_view kMarkStatusSql = R"sql(CASE
        WHEN m.state = 'revoked' THEN 'revoked'
        WHEN m.state = 'returned' THEN 'returned'
        WHEN m.state = 'suspended' THEN 'suspended'
        WHEN :today < m.valid_from THEN 'not_yet_valid'
        WHEN :today > m.valid_until THEN 'expired'
        ELSE 'valid' END)sql";

}  // namespace mark::registry
