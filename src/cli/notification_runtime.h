// The notifications' parts built from the configuration: the outbox store,
// the messengers (SMTP e-mail, SMS provider) and the worker thread, wired
// to the appointments. Part of the composition root.
#pragma once

#include <memory>

#include "app/appointments.h"
#include "app/calendar_feeds.h"
#include "app/notifications.h"
#include "app/surveys.h"
#include "app/workshops.h"
#include "cli/config.h"
#include "notify/email_messenger.h"
#include "notify/sms.h"
#include "storage/database.h"
#include "storage/sql_notification_store.h"

namespace relais::cli {

struct NotificationRuntime {
  std::unique_ptr<storage::SqlNotificationStore> store;
  std::unique_ptr<app::CalendarFeeds> feeds;
  std::unique_ptr<notify::EmailMessenger> email;
  std::unique_ptr<notify::SmsProvider> sms_provider;
  std::unique_ptr<notify::SmsMessenger> sms;
  std::unique_ptr<app::Notifications> worker;  // started; stops when destroyed
};

// Builds the parts, gives the appointments their notice settings and starts
// the worker; with `surveys`, an appointment marked seen sends its person
// the satisfaction survey. With `workshops` (and their store), workshop
// registrations get the same notice settings and their messages are sent.
// REQUIRES: sites loaded; appointments not loaded yet.
Result<std::unique_ptr<NotificationRuntime>> StartNotifications(
    const Config& config, storage::Database& db, app::AppointmentStore& appointment_store,
    app::Sites& sites, app::Appointments& appointments, const app::Clock& clock,
    app::Surveys* surveys = nullptr, app::Workshops* workshops = nullptr,
    app::WorkshopStore* workshop_store = nullptr);

}  // namespace relais::cli
