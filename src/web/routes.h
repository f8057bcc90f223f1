// Every route of the server: the JSON API (api.cpp, api_appointments.cpp), the pages
// (pages.cpp) and the static assets (assets.cpp).
#pragma once

#include "web/router.h"
#include "web/server.h"

namespace relais::web {

void AddApiRoutes(Router& router, Services& services);
// GET /api/v1/routes (api.cpp): every route of `router` and who may call it.
void AddRouteListRoute(Router& router, Services& services);
void AddAppointmentRoutes(Router& router, Services& services);
void AddPageRoutes(Router& router, Services& services);
void AddAssetRoutes(Router& router);
// Visits: the JSON API (api_visits.cpp) and the counter page (pages_counter.cpp).
void AddVisitRoutes(Router& router, Services& services);
void AddCounterRoutes(Router& router, Services& services);
// Appointments: the public booking pages (pages_booking.cpp) and the staff
// agenda (pages_agenda.cpp).
void AddBookingPageRoutes(Router& router, Services& services);
void AddAgendaPageRoutes(Router& router, Services& services);
// Notifications (api_calendar.cpp): an appointment's .ics, the mediators'
// calendar feeds and their page. Added last: /agenda/{token}.ics must not
// shadow the agenda pages' /agenda/… routes.
void AddCalendarRoutes(Router& router, Services& services);
// Appointment types, mediators and absences (api_appointment_settings.cpp).
void AddAppointmentSettingsRoutes(Router& router, Services& services);

// The walk-in queue: the JSON API and the display's Server-Sent Events
// (api_queue.cpp), the staff's queue screen and the waiting-room display
// (pages_queue.cpp).
void AddQueueRoutes(Router& router, Services& services);
void AddQueuePageRoutes(Router& router, Services& services);

// Person files, procedures and referrals: the JSON API (api_people.cpp)
// and the pages of a file and of the follow-ups (pages_people.cpp).
void AddPeopleRoutes(Router& router, Services& services);
void AddPeoplePageRoutes(Router& router, Services& services);

// Reports (api_reports.cpp): the activity report as JSON and CSV, the GIP
// funding split and the GIP's members.
void AddReportRoutes(Router& router, Services& services);

// Satisfaction surveys: the JSON API (api_surveys.cpp) and the pages
// (pages_surveys.cpp): the public form /questionnaire/{token}, the staff
// results /satisfaction, the invitation at the counter and on the printed
// queue ticket.
void AddSurveyRoutes(Router& router, Services& services);
void AddSurveyPageRoutes(Router& router, Services& services);

// Steering: the activity reports as CSV and XLSX (api_report_files.cpp), the
// printable report and funding pages (pages_reports.cpp) and the
// coordinator's dashboard (pages_dashboard.cpp).
void AddReportFileRoutes(Router& router, Services& services);
void AddReportPageRoutes(Router& router, Services& services);
void AddDashboardRoutes(Router& router, Services& services);

// Digital workshops: the JSON API (api_workshops.cpp), the public pages
// /ateliers and the staff's /ateliers/gestion (pages_workshops.cpp,
// pages_workshops_staff.cpp). Nothing when services.workshops is null.
void AddWorkshopRoutes(Router& router, Services& services);
void AddWorkshopPageRoutes(Router& router, Services& services);

}  // namespace relais::web
