#include "web/booking_form.h"

#include <array>

#include "app/visits.h"

namespace relais::web {
namespace {

struct FieldSpec {
  const char* id;
  const char* app_field;
  const char* label;
  const char* type;
  const char* autocomplete;
  const char* inputmode;  // or empty
  int maxlength;          // 0: none
};

constexpr std::array<FieldSpec, 5> kFields = {{
    {"prenom", "person.first_name", "Prénom", "text", "given-name", "", 100},
    {"nom", "person.last_name", "Nom", "text", "family-name", "", 100},
    {"telephone", "person.phone", "Téléphone", "tel", "tel", "tel", 30},
    {"email", "person.email", "Adresse e-mail", "email", "email", "email", 254},
    {"commune", "person.commune_insee", "Commune de résidence", "text", "address-level2", "", 0},
}};

constexpr char kConsentHelpPublic[] =
    "Vos nom, prénom, téléphone, adresse e-mail et commune servent uniquement à organiser ce "
    "rendez-vous : le préparer, vous prévenir en cas de changement. Seule l'équipe du lieu les "
    "consulte ; ils ne sont ni vendus ni transmis. Ils sont effacés ou rendus anonymes à la fin "
    "de la durée de conservation du lieu. Vous pouvez annuler le rendez-vous à tout moment.";
constexpr char kConsentHelpStaff[] =
    "Expliquez à la personne que ses coordonnées servent uniquement à organiser ce rendez-vous, "
    "que seule l'équipe du lieu les consulte, et qu'elle peut annuler à tout moment.";

const std::string& Value(const PersonForm& form, const std::string& id) {
  if (id == "prenom") return form.first_name;
  if (id == "nom") return form.last_name;
  if (id == "telephone") return form.phone;
  if (id == "email") return form.email;
  return form.commune;
}

std::string Get(const Fields& form, const char* name) {
  auto it = form.find(name);
  return it == form.end() ? std::string() : it->second;
}

std::string ErrorOf(const PersonForm& form, const std::string& field) {
  auto it = form.errors.find(field);
  return it == form.errors.end() ? std::string() : it->second;
}

}  // namespace

PersonForm ReadPersonForm(const Fields& form) {
  PersonForm person;
  person.first_name = Get(form, "prenom");
  person.last_name = Get(form, "nom");
  person.phone = Get(form, "telephone");
  person.email = Get(form, "email");
  person.commune = Get(form, "commune");
  person.commune_insee = Get(form, "commune_insee");
  person.commune_asked = Get(form, "commune_asked");
  person.consent = Get(form, "consentement") == "oui";
  return person;
}

std::string FormFieldOf(const std::string& app_field) {
  for (const FieldSpec& spec : kFields) {
    if (app_field == spec.app_field) return spec.id;
  }
  if (app_field == "consent") return "consentement";
  return {};
}

void AddError(PersonForm& form, const Error& error) {
  form.errors[FormFieldOf(error.field)] = error.message;
}

bool PersonDetailsOf(PersonForm& form, Services& services, app::PersonDetails& person) {
  person.first_name = form.first_name;
  person.last_name = form.last_name;
  person.phone = form.phone;
  person.email = form.email;
  // A choice among homonyms counts while the name typed is the one asked about.
  if (!form.commune_insee.empty() && form.commune_asked == form.commune) {
    person.commune_insee = form.commune_insee;
    return true;
  }
  auto resolved = services.visits.communes().Resolve(services.sites.Current()->id, form.commune,
                                                     "person.commune_insee");
  if (!resolved) {
    AddError(form, resolved.error());
    return false;
  }
  if (!resolved->choices.empty()) {
    form.choices = std::move(resolved->choices);
    form.errors["commune"] = "Plusieurs communes portent ce nom : choisissez la vôtre ci-dessous.";
    return false;
  }
  if (resolved->commune) person.commune_insee = std::string(resolved->commune->insee);
  return true;
}

std::string RenderPersonFields(const PersonForm& form, bool staff) {
  return RenderPersonFields(
      form, staff,
      {staff ? kConsentHelpStaff : kConsentHelpPublic,
       staff ? "La personne accepte que ses coordonnées soient enregistrées pour ce rendez-vous."
             : "J'accepte que mes coordonnées soient enregistrées pour ce rendez-vous."});
}

std::string RenderPersonFields(const PersonForm& form, bool staff, const ConsentWording& consent) {
  PageData data;
  PageData fields = PageData::type::list;
  for (const FieldSpec& spec : kFields) {
    const std::string id = spec.id;
    PageData field;
    field.set("id", id);
    field.set("label", std::string(spec.label));
    field.set("type", std::string(spec.type));
    field.set("autocomplete", std::string(spec.autocomplete));
    SetText(field, "inputmode", spec.inputmode);
    SetText(field, "maxlength", spec.maxlength > 0 ? std::to_string(spec.maxlength) : "");
    field.set("value", Value(form, id));
    const bool required = id == "prenom" || id == "nom";
    field.set("required", required);
    std::string help;
    if (id == "telephone") {
      help = staff ? "Par exemple 06 12 34 56 78."
                   : "Par exemple 06 12 34 56 78. Indiquez un téléphone ou une adresse e-mail "
                     "(au moins l'un des deux) pour être prévenu en cas de changement.";
    } else if (id == "email") {
      help = "Par exemple prenom.nom@exemple.fr.";
    } else if (id == "commune") {
      help = "Le nom de votre commune ou son code INSEE, par exemple Antony.";
      if (staff) help = "Le nom de la commune ou son code INSEE, par exemple Antony.";
    }
    SetText(field, "help", help);
    const std::string error = ErrorOf(form, id);
    SetText(field, "field_error", error);
    std::string describedby = help.empty() ? "" : "aide-" + id;
    if (!error.empty()) describedby += (describedby.empty() ? "" : " ") + ("erreur-" + id);
    SetText(field, "describedby", describedby);
    if (id == "commune" && !form.choices.empty()) {
      PageData choices = PageData::type::list;
      for (std::size_t i = 0; i < form.choices.size(); ++i) {
        PageData item;
        item.set("insee", std::string(form.choices[i].insee));
        item.set("name", std::string(form.choices[i].name));
        item.set("department", std::string(form.choices[i].department));
        item.set("first", i == 0);
        choices.push_back(item);
      }
      field.set("choices", choices);
      field.set("has_choices", true);
    } else {
      field.set("has_choices", false);
    }
    fields.push_back(field);
  }
  data.set("fields", fields);
  data.set("legend", std::string(staff ? "La personne" : "Vos coordonnées"));
  data.set("consent", form.consent);
  data.set("consent_help", consent.help);
  data.set("consent_label", consent.label);
  SetText(data, "consent_error", ErrorOf(form, "consentement"));
  return RenderTemplate("booking_person_fields", data);
}

std::optional<std::chrono::minutes> ParseHhmm(const std::string& text) {
  if (text.size() != 4) return std::nullopt;
  for (char c : text) {
    if (c < '0' || c > '9') return std::nullopt;
  }
  const int hour = (text[0] - '0') * 10 + (text[1] - '0');
  const int minute = (text[2] - '0') * 10 + (text[3] - '0');
  if (hour > 23 || minute > 59) return std::nullopt;
  return std::chrono::minutes{hour * 60 + minute};
}

std::string Hhmm(date::local_seconds time) {
  const auto since_midnight =
      date::floor<std::chrono::minutes>(time - date::floor<date::days>(time));
  const int total = static_cast<int>(since_midnight.count()) % (24 * 60);
  const int hour = total / 60;
  const int minute = total % 60;
  return {static_cast<char>('0' + hour / 10), static_cast<char>('0' + hour % 10),
          static_cast<char>('0' + minute / 10), static_cast<char>('0' + minute % 10)};
}

std::string StartAt(const app::TimeZone& zone, date::year_month_day day,
                    std::chrono::minutes time_of_day) {
  return zone.FormatRfc3339(zone.ToInstant(date::local_days{day} + time_of_day));
}

std::string StatusLabel(app::AppointmentStatus status) {
  switch (status) {
    case app::AppointmentStatus::kBooked:
      return "Réservé";
    case app::AppointmentStatus::kCancelled:
      return "Annulé";
    case app::AppointmentStatus::kSeen:
      return "Reçu";
    case app::AppointmentStatus::kNoShow:
      return "Absent";
    case app::AppointmentStatus::kExcused:
      return "Excusé";
  }
  return "Réservé";
}

std::string UrlComponent(const std::string& text) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (char c : text) {
    const auto u = static_cast<unsigned char>(c);
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
        c == '_' || c == '.' || c == '~') {
      out.push_back(c);
    } else {
      out.push_back('%');
      out.push_back(kHex[u >> 4]);
      out.push_back(kHex[u & 15]);
    }
  }
  return out;
}

void SetText(PageData& data, const std::string& key, const std::string& value) {
  if (value.empty()) {
    data.set(key, false);
  } else {
    data.set(key, value);
  }
}

}  // namespace relais::web
