// What the booking pages (pages_booking.cpp) and the staff agenda
// (pages_agenda.cpp) share: the person's fields as typed, kept with their
// French errors to show again, slot times in URLs ("1430"), status labels.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "app/appointments.h"
#include "domain/commune.h"
#include "web/http.h"
#include "web/server.h"
#include "web/templates.h"

namespace relais::web {

// The person's part of a booking form, as typed.
struct PersonForm {
  std::string first_name;
  std::string last_name;
  std::string phone;
  std::string email;
  std::string commune;        // a name, "Antony (92002)" or a code
  std::string commune_insee;  // chosen among homonyms of `commune_asked`
  std::string commune_asked;
  bool consent = false;
  std::vector<Commune> choices;               // homonyms to choose from
  std::map<std::string, std::string> errors;  // form field ("telephone") → message
};

PersonForm ReadPersonForm(const Fields& form);

// The form field ("telephone") showing the error of an application field
// ("person.phone"), or empty when the error belongs above the form.
std::string FormFieldOf(const std::string& app_field);

// Records `error` next to its field, or under "" (above the form).
void AddError(PersonForm& form, const Error& error);

// The details to book with; resolves the commune typed. False when the
// commune is unknown or ambiguous (`form` then holds the error or choices).
bool PersonDetailsOf(PersonForm& form, Services& services, app::PersonDetails& person);

// The person's fields, rendered (template booking_person_fields), with
// `consent_label` beside the consent box.
std::string RenderPersonFields(const PersonForm& form, bool staff);

// The words of the consent box: what the details are for, and its label.
struct ConsentWording {
  std::string help;
  std::string label;
};
// The same fields with other words beside the consent box (a workshop
// registration's, say).
std::string RenderPersonFields(const PersonForm& form, bool staff, const ConsentWording& consent);

// "1430" for 14:30; nothing when `text` is not a time of day as HHMM.
std::optional<std::chrono::minutes> ParseHhmm(const std::string& text);
std::string Hhmm(date::local_seconds time);

// The RFC 3339 start of local day `day` at `time_of_day`, at the site.
std::string StartAt(const app::TimeZone& zone, date::year_month_day day,
                    std::chrono::minutes time_of_day);

// "Réservé", "Annulé", "Reçu", "Absent", "Excusé".
std::string StatusLabel(app::AppointmentStatus status);

// Percent-encodes a URL query value or path segment.
std::string UrlComponent(const std::string& text);

// Sets `key` to `value`, or to false when empty, so that a section on it
// never falls back to a key of an enclosing context.
void SetText(PageData& data, const std::string& key, const std::string& value);

}  // namespace relais::web
