// Route groups, one file each. Each registers its routes on the router.
#pragma once

#include "http/context.h"
#include "http/router.h"

namespace mark::http {

void RegisterMarkRoutes(Router& router, ServerContext& ctx);         // routes_marks.cpp
void RegisterAdminRoutes(Router& router, ServerContext& ctx);        // routes_admin.cpp
void RegisterCertificateRoutes(Router& router, ServerContext& ctx);  // routes_certificates.cpp
void RegisterReviewRoutes(Router& router, ServerContext& ctx);       // routes_reviews.cpp
void RegisterCalendarRoutes(Router& router, ServerContext& ctx);     // routes_calendar.cpp
void RegisterConsoleRoutes(Router& router, ServerContext& ctx);      // routes_console.cpp
void RegisterBadgeRoutes(Router& router, ServerContext& ctx);        // routes_badges.cpp
void RegisterPageRoutes(Router& router, ServerContext& ctx);         // routes_pages.cpp
void RegisterStaticRoutes(Router& router, ServerContext& ctx);       // routes_static.cpp
void RegisterReportRoutes(Router& router, ServerContext& ctx);       // routes_reports.cpp
void RegisterLogRoutes(Router& router, ServerContext& ctx);          // routes_log.cpp
void RegisterFeedRoutes(Router& router, ServerContext& ctx);         // routes_feeds.cpp
void RegisterNotifyRoutes(Router& router, ServerContext& ctx);       // routes_notify.cpp
void RegisterRulesRoutes(Router& router, ServerContext& ctx);        // routes_rules.cpp

// Mark numbers as they appear in paths (see registry/mark_number.h).
inline constexpr const char* kNumberPattern = "([JTD][0-9]{4,9})";

}  // namespace mark::http
