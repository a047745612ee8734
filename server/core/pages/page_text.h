// The words of the public pages (verify, search, embed) in Japanese, English,
// Chinese (simplified) and Korean, in one table per language so a
// translation can be checked side by side. Status words come from badge/verdict.h.
#pragma once

#include <string_view>

#include "badge/lang.h"

namespace mark::pages {

struct UiText {
  // Site frame
  std::string_view site_name;
  std::string_view council;
  std::string_view language;
  std::string_view footer_source;
  std::string_view footer_privacy;
  std::string_view search_link;
  // Facts about a mark
  std::string_view number;
  std::string_view scheme;
  std::string_view scheme_isp;
  std::string_view scheme_wifi;
  std::string_view service;
  std::string_view operator_;
  std::string_view corporate_number;
  std::string_view website;
  std::string_view domains;
  std::string_view ssids;
  std::string_view venues;
  std::string_view validity;
  std::string_view valid_until;
  std::string_view granted;
  std::string_view first_review;
  std::string_view suspended_at;
  std::string_view revoked_at;
  std::string_view returned_at;
  std::string_view reason;
  std::string_view none;
  // Verify page
  std::string_view verify_title;
  std::string_view details;
  std::string_view compare_heading;
  std::string_view domains_hint;
  std::string_view ssids_hint;
  std::string_view foreign_before;           // "This badge was shown on " HOST ...
  std::string_view foreign_after;            // ... ", which is not registered for this mark."
  std::string_view site_not_confirmed_note;  // what a "site not confirmed" badge meant
  std::string_view mismatch_heading;
  std::string_view mismatch_1;
  std::string_view mismatch_2;
  std::string_view mismatch_wifi;
  std::string_view mismatch_3;
  std::string_view sig_heading;
  std::string_view sig_intro;
  std::string_view sig_nojs;
  std::string_view sig_checking;
  std::string_view sig_verified;
  std::string_view sig_failed;
  std::string_view sig_unavailable;
  std::string_view certificate;
  std::string_view public_keys;
  std::string_view report_heading;
  std::string_view report_intro;
  std::string_view report_seen_at;
  std::string_view report_what;
  std::string_view report_submit;
  std::string_view report_nojs;
  std::string_view report_sent;
  std::string_view report_failed;
  std::string_view report_rate;
  std::string_view asked_number;
  std::string_view not_registered_hint;
  // Other operators' services with a shared domain or the same or a
  // look-alike SSID. Lines fill {mine}, {theirs}, {who} and {reason}.
  std::string_view neighbours_heading;
  std::string_view neighbours_hint;
  std::string_view shared_domain_line;
  std::string_view same_ssid_line;
  std::string_view lookalike_ssid_line;
  std::string_view mark_word;  // "mark" in "(operator, mark J0002)"
  // Search page
  std::string_view search_heading;
  std::string_view search_intro;
  std::string_view search_label;
  std::string_view search_button;
  std::string_view results_heading;
  std::string_view results_suffix;  // after the count: "件", " found"
  std::string_view no_results;
  std::string_view next_page;
  std::string_view open_verify;
  std::string_view about_heading;
  std::string_view about_1;
  std::string_view about_2;
  // Embed kit
  std::string_view embed_title;
  std::string_view embed_intro;
  std::string_view embed_https_note;  // keep the snippet's https address and referrerpolicy
  std::string_view embed_looks_heading;
  std::string_view embed_look_valid;          // when the badge shows the mark's status as it is
  std::string_view embed_look_foreign;        // ... the foreign-site warning
  std::string_view embed_look_not_confirmed;  // ... "site not confirmed"
  std::string_view embed_code;
  std::string_view embed_copy;
  std::string_view embed_copied;
  std::string_view embed_preview;
  std::string_view embed_downloads;
  std::string_view embed_badge;
  std::string_view embed_qr;
  std::string_view embed_english;
  std::string_view embed_print_note;
  // Appended to "安全・安心マーク {number}" in the snippet's alt text: where
  // to check the mark, never its status (pasted text cannot stay live).
  std::string_view embed_alt_suffix;
  std::string_view embed_full_heading;     // the full badge's snippet (with QR)
  std::string_view embed_compact_heading;  // the compact badge's snippet
  std::string_view embed_compact_intro;
  std::string_view embed_compact_badge;  // download label
  // Embed kit: how to embed, and each status as the badge shows it.
  std::string_view embed_how_heading;
  std::string_view embed_how_1;
  std::string_view embed_how_2;
  std::string_view embed_how_3;
  std::string_view embed_states_heading;
  std::string_view embed_states_intro;
  // The registry's own address, in every page's header.
  std::string_view official_address;
  // Verify page: the verdict card. Templates fill {url}, {time}, {date}.
  std::string_view address_check;  // "This page must be at {url}: check your address bar."
  std::string_view checked_at;     // "Registry status as of {time}."
  std::string_view since_valid;    // "Valid until {date} (24:00 JST)."
  std::string_view since_not_yet_valid;
  std::string_view since_expired;
  std::string_view since_suspended;
  std::string_view since_revoked;
  std::string_view since_returned;
  std::string_view report_link;  // the prominent link to the report form
  // The comparison rule, exactly, and an example; fills {domain}, {good},
  // {bad1}, {bad2}.
  std::string_view domains_example;
  // What the mark means and whom to ask; about_contact fills {site}.
  std::string_view about_contact;
  std::string_view council_site;
  // The in-browser check's outcomes that are not "could not confirm".
  std::string_view sig_unavailable_word;  // "Could not check"
  // Could not confirm: the check ran and the certificate did not hold, or
  // the page is not at the official address. Steps fill {url}.
  std::string_view cnc_word;
  std::string_view cnc_headline;
  std::string_view cnc_text;
  std::string_view cnc_offsite_text;
  std::string_view cnc_step_address;
  std::string_view cnc_step_report;
  // Search page: what to do when nothing is found, the warning kept for an
  // exact number or domain ({q}), and near SSIDs ({theirs}).
  std::string_view search_tips;
  std::string_view no_results_number;
  std::string_view no_results_domain;
  std::string_view near_ssid_word;
  std::string_view near_ssid_note;
  // Error pages.
  std::string_view error_not_found_title;
  std::string_view error_not_found_text;
  std::string_view error_client_title;
  std::string_view error_client_text;
  std::string_view error_server_title;
  std::string_view error_server_text;
};

// The council's site, linked from the pages.
inline constexpr std::string_view kCouncilUrl = "https://www.isp-ss.jp/";

const UiText& UiTextFor(badge::Lang lang);

// "JAIPA (Japan Internet Providers Association)" etc. for 'J', 'T', 'D'.
std::string_view ReviewBodyName(char body, badge::Lang lang);

}  // namespace mark::pages
