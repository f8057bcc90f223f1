#include "cli/notification_runtime.h"

#include <spdlog/spdlog.h>

namespace relais::cli {

Result<std::unique_ptr<NotificationRuntime>> StartNotifications(
    const Config& config, storage::Database& db, app::AppointmentStore& appointment_store,
    app::Sites& sites, app::Appointments& appointments, const app::Clock& clock,
    app::Surveys* surveys, app::Workshops* workshops, app::WorkshopStore* workshop_store) {
  auto parts = std::make_unique<NotificationRuntime>();
  parts->store = std::make_unique<storage::SqlNotificationStore>(db);
  parts->feeds =
      std::make_unique<app::CalendarFeeds>(*parts->store, appointment_store, sites, clock);
  const std::string site_id = sites.Current()->id;
  auto key = parts->store->SiteKey(site_id, "manage", clock.Now());
  if (!key) return tl::unexpected(key.error());

  const std::string public_url = PublicUrl(config);
  if (!config.smtp.url.empty()) {
    notify::SmtpSettings smtp;
    smtp.url = config.smtp.url;
    smtp.username = config.smtp.username;
    smtp.password = config.smtp.password;
    smtp.require_tls = config.smtp.require_tls;
    parts->email = std::make_unique<notify::EmailMessenger>(
        notify::SmtpSender(smtp), notify::EmailSettings{config.smtp.from, public_url});
  } else {
    spdlog::info("notifications : aucun serveur SMTP configuré, les e-mails ne partiront pas");
  }
  if (config.sms.provider == "http") {
    parts->sms_provider =
        std::make_unique<notify::HttpSmsProvider>(config.sms.url, config.sms.token);
  } else if (config.sms.provider == "log") {
    parts->sms_provider = std::make_unique<notify::LogSmsProvider>(
        [](const std::string& line) { spdlog::info("{}", line); });
  }
  if (parts->sms_provider) {
    parts->sms = std::make_unique<notify::SmsMessenger>(*parts->sms_provider, public_url);
  }

  app::NotificationSettings settings;
  settings.link_key = *key;
  settings.log = [](const std::string& line) { spdlog::info("{}", line); };
  if (surveys != nullptr) {
    settings.survey_token = [surveys]() -> Result<std::string> {
      auto invited = surveys->Invite(SurveyKind::kAppointment);
      if (!invited) return tl::unexpected(invited.error());
      return invited->token;
    };
  }
  parts->worker =
      std::make_unique<app::Notifications>(*parts->store, appointment_store, sites, clock,
                                           parts->email.get(), parts->sms.get(), settings);
  app::NoticeSettings notices;
  notices.reminders.before.clear();
  for (int hours : config.reminder_hours)
    notices.reminders.before.emplace_back(std::chrono::hours{hours});
  notices.link_key = *key;
  app::Notifications* worker = parts->worker.get();
  notices.wake = [worker] { worker->Wake(); };
  if (workshops != nullptr && workshop_store != nullptr) {
    workshops->SetNotices(notices);
    parts->worker->SetWorkshops(*workshop_store);
  }
  appointments.SetNotices(std::move(notices));
  parts->worker->Start();
  return parts;
}

}  // namespace relais::cli
