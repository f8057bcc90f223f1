// The admin's page of the site's hours: the weekly value with its error in
// place and a preview of the next 14 days, the dated exceptions.
#include "app/policy.h"
#include "web/errors.h"
#include "web/french.h"
#include "web/hours_view.h"
#include "web/page_common.h"
#include "web/session.h"

namespace relais::web {
namespace {

constexpr int kPreviewDays = 14;

struct HoursForm {
  std::string value;
  std::string timezone;
  bool alsace_moselle = false;
  std::string error;
  std::string notice;
  bool previewing = false;
};

struct ExceptionForm {
  std::string date;
  std::string hours = "off";
  std::string reason;
  std::string error;
};

// The signed-in admin, or the response to send instead (login or 403).
Result<app::Agent> Admin(const Request& request, Services& services, Response& refusal) {
  auto agent = SignedInAgent(request, services);
  if (!agent) {
    refusal = SignInRedirect(agent.error());
    return tl::unexpected(agent.error());
  }
  if (auto allowed = app::Authorize(*agent, app::Action::kEditSettings); !allowed) {
    refusal = ErrorResponseFor(request, allowed.error());
    return tl::unexpected(allowed.error());
  }
  return agent;
}

Response Page(const Request& request, Services& services, const app::Agent& agent,
              const HoursForm& form, const ExceptionForm& exception, const app::SiteHours& preview,
              int status) {
  Response cookies;
  PageData data;
  data.set("csrf", CsrfToken(request, cookies));
  data.set("agent", AgentData(agent));
  data.set("value", form.value);
  data.set("timezone", form.timezone);
  data.set("alsace_moselle", form.alsace_moselle);
  data.set("previewing", form.previewing);
  if (!form.error.empty()) data.set("error", form.error);
  if (!form.notice.empty()) data.set("notice", form.notice);
  PageData view =
      HoursView(preview, date::floor<std::chrono::seconds>(services.clock.Now()), kPreviewDays);
  view.set("caption", "Horaires jour par jour");
  data.set("hours_panel", RenderTemplate("hours_panel", view));

  PageData list = PageData::type::list;
  auto exceptions = services.sites.HoursExceptions();
  if (exceptions) {
    for (const auto& record : *exceptions) {
      PageData item;
      auto day = app::ParseDate(record.date, "date");
      item.set("date", record.date);
      item.set("day", day ? FrenchDate(*day) : record.date);
      item.set("hours", record.hours == "off" ? std::string("Fermé") : record.hours);
      item.set("reason", record.reason);
      item.set("csrf", data.get("csrf")->string_value());
      list.push_back(item);
    }
  }
  data.set("has_exceptions", exceptions && !exceptions->empty());
  data.set("exceptions", list);
  data.set("exception_date", exception.date);
  data.set("exception_hours", exception.hours);
  data.set("exception_reason", exception.reason);
  if (!exception.error.empty()) data.set("exception_error", exception.error);
  Response page = RenderPage("admin_hours", "Horaires d'ouverture", std::move(data));
  page.status = status;
  page.headers = std::move(cookies.headers);
  page.Header("Cache-Control", "no-store");
  return page;
}

HoursForm CurrentForm(Services& services) {
  auto site = services.sites.Current();
  return HoursForm{site->opening_hours, site->timezone, site->alsace_moselle, {}, {}, false};
}

Response Show(const Request& request, Services& services) {
  Response refusal;
  auto admin = Admin(request, services, refusal);
  if (!admin) return refusal;
  HoursForm form = CurrentForm(services);
  if (request.Query("enregistre") == "1") form.notice = "Horaires enregistrés.";
  if (request.Query("exception") == "1") form.notice = "Exceptions mises à jour.";
  return Page(request, services, *admin, form, {}, *services.sites.CurrentHours(), 200);
}

Response Submit(const Request& request, Services& services) {
  Response refusal;
  auto admin = Admin(request, services, refusal);
  if (!admin) return refusal;
  auto fields = CheckedForm(request);
  if (!fields) return ErrorResponseFor(request, fields.error());
  HoursForm form{(*fields)["opening_hours"],
                 (*fields)["timezone"],
                 (*fields)["alsace_moselle"] == "1",
                 {},
                 {},
                 false};
  Site site = *services.sites.Current();
  site.opening_hours = form.value;
  site.timezone = form.timezone;
  site.alsace_moselle = form.alsace_moselle;
  auto exceptions = services.sites.HoursExceptions();
  auto preview = app::SiteHours::Build(
      site, exceptions ? *exceptions : std::vector<app::HoursExceptionRecord>{});
  if (!preview) {
    form.error = preview.error().message;
    return Page(request, services, *admin, form, {}, *services.sites.CurrentHours(), 422);
  }
  if ((*fields)["action"] == "preview") {
    form.previewing = true;
    return Page(request, services, *admin, form, {}, *preview, 200);
  }
  if (auto saved = services.sites.Save(site); !saved) {
    form.error = saved.error().message;
    return Page(request, services, *admin, form, {}, *services.sites.CurrentHours(),
                HttpStatus(saved.error().kind));
  }
  return Redirect("/admin/horaires?enregistre=1");
}

Response AddException(const Request& request, Services& services) {
  Response refusal;
  auto admin = Admin(request, services, refusal);
  if (!admin) return refusal;
  auto fields = CheckedForm(request);
  if (!fields) return ErrorResponseFor(request, fields.error());
  ExceptionForm exception{(*fields)["date"], (*fields)["hours"], (*fields)["reason"], {}};
  if (auto saved =
          services.sites.SaveHoursException({exception.date, exception.hours, exception.reason});
      !saved) {
    exception.error = saved.error().message;
    return Page(request, services, *admin, CurrentForm(services), exception,
                *services.sites.CurrentHours(), 422);
  }
  return Redirect("/admin/horaires?exception=1");
}

Response DeleteException(const Request& request, Services& services) {
  Response refusal;
  auto admin = Admin(request, services, refusal);
  if (!admin) return refusal;
  auto fields = CheckedForm(request);
  if (!fields) return ErrorResponseFor(request, fields.error());
  if (auto deleted = services.sites.DeleteHoursException((*fields)["date"]); !deleted) {
    return ErrorResponseFor(request, deleted.error());
  }
  return Redirect("/admin/horaires?exception=1");
}

}  // namespace

void AddHoursAdminRoutes(Router& router, Services& services) {
  Services* s = &services;
  router.Add(Access::Staff(app::Action::kEditSettings),
             {"GET", "/admin/horaires", [s](const Request& r) { return Show(r, *s); }, true});
  router.Add(Access::Staff(app::Action::kEditSettings),
             {"POST", "/admin/horaires", [s](const Request& r) { return Submit(r, *s); }, true});
  router.Add(Access::Staff(app::Action::kEditSettings),
             {"POST", "/admin/horaires/exceptions",
              [s](const Request& r) { return AddException(r, *s); }, true});
  router.Add(Access::Staff(app::Action::kEditSettings),
             {"POST", "/admin/horaires/exceptions/supprimer",
              [s](const Request& r) { return DeleteException(r, *s); }, true});
}

}  // namespace relais::web
