#include "app/notifications.h"

#include <algorithm>

#include "app/secrets.h"
#include "app/workshops.h"

namespace relais::app {
namespace {

constexpr std::size_t kMaxErrorLength = 300;

std::string Describe(const OutboxMessage& m) {
  const std::string about = m.registration_id.empty() ? ", rendez-vous " + m.appointment_id
                                                      : ", inscription " + m.registration_id;
  return std::string(KindName(m.kind)) + " par " + std::string(NoticeChannelName(m.channel)) +
         " (message " + m.id + about + ")";
}

// Whether the registration still wants the message; the reason when not.
std::optional<std::string> UnwantedRegistration(const OutboxMessage& m, const Registration& r,
                                                const WorkshopSession& s, UtcTime now) {
  if (s.start <= now) return "séance déjà commencée";
  const bool cancelled = r.status == RegistrationStatus::kCancelled;
  switch (m.kind) {
    case NoticeKind::kCancellation:
      if (!cancelled) return "inscription non annulée";
      return std::nullopt;
    case NoticeKind::kConfirmation:
      if (cancelled) return "inscription annulée";
      return std::nullopt;
    case NoticeKind::kReminder:
    case NoticeKind::kPromotion:
      if (r.status != RegistrationStatus::kRegistered) {
        return "inscription " + std::string(RegistrationStatusName(r.status));
      }
      return std::nullopt;
    default:
      return "message sans objet pour une inscription";
  }
}

// Whether the appointment still wants the message; the reason when not.
std::optional<std::string> Unwanted(const OutboxMessage& m, const Appointment& a, UtcTime now) {
  if (m.kind == NoticeKind::kSurvey) {
    if (a.status != AppointmentStatus::kSeen)
      return "rendez-vous " + std::string(StatusName(a.status));
    return std::nullopt;
  }
  if (m.kind == NoticeKind::kCancellation) {
    if (a.status != AppointmentStatus::kCancelled) return "rendez-vous non annulé";
    if (a.start <= now) return "rendez-vous déjà passé";
    return std::nullopt;
  }
  if (a.status != AppointmentStatus::kBooked) {
    return "rendez-vous " + std::string(StatusName(a.status));
  }
  if (a.start <= now) return "rendez-vous déjà commencé";
  return std::nullopt;
}

}  // namespace

Notifications::Notifications(OutboxStore& outbox, AppointmentStore& appointments, Sites& sites,
                             const Clock& clock, Messenger* email, Messenger* sms,
                             NotificationSettings settings)
    : outbox_(outbox),
      appointments_(appointments),
      sites_(sites),
      clock_(clock),
      email_(email),
      sms_(sms),
      settings_(std::move(settings)) {}

Notifications::~Notifications() {
  Stop();
}

std::chrono::seconds Notifications::Backoff(int attempts) const {
  std::chrono::seconds delay = settings_.first_retry;
  for (int i = 1; i < attempts && delay < settings_.max_retry; ++i) delay *= 2;
  return std::min(delay, settings_.max_retry);
}

void Notifications::Log(const std::string& line) const {
  if (settings_.log) settings_.log(line);
}

Result<std::size_t> Notifications::SendDue() {
  const auto site = sites_.Current();
  const UtcTime now = std::chrono::floor<std::chrono::seconds>(clock_.Now());
  auto due = outbox_.DueMessages(site->id, now, settings_.batch);
  if (!due) return tl::unexpected(due.error());
  std::size_t handled = 0;
  for (const OutboxMessage& message : *due) {
    // Another process's worker may have read the same message.
    auto claimed = outbox_.Claim(site->id, message.id, now, now + kClaimLease);
    if (!claimed) return tl::unexpected(claimed.error());
    if (!*claimed) continue;
    if (auto ok = Handle(site->id, message, *site, now); !ok) return tl::unexpected(ok.error());
    ++handled;
  }
  return handled;
}

Status Notifications::Handle(const std::string& site_id, const OutboxMessage& message,
                             const Site& site, UtcTime now) {
  if (!message.registration_id.empty()) return HandleRegistration(site_id, message, site, now);
  const auto drop = [&](const std::string& reason) {
    Log("notification abandonnée : " + Describe(message) + " : " + reason);
    return outbox_.MarkDropped(site_id, message.id, reason);
  };
  auto found = appointments_.FindAppointment(site_id, message.appointment_id);
  if (!found) return tl::unexpected(found.error());
  if (!*found) return drop("rendez-vous introuvable");
  Notice notice;
  notice.message = message;
  notice.appointment = std::move(**found);
  notice.site = site;
  notice.now = now;
  if (auto reason = Unwanted(message, notice.appointment, now)) return drop(*reason);
  Messenger* messenger = message.channel == NoticeChannel::kEmail ? email_ : sms_;
  if (messenger == nullptr) {
    return drop("canal " + std::string(NoticeChannelName(message.channel)) + " non configuré");
  }
  auto types = appointments_.ListAppointmentTypes(site_id);
  if (!types) return tl::unexpected(types.error());
  notice.type.id = notice.appointment.type_id;
  notice.type.name = notice.appointment.type_id;
  for (const AppointmentType& type : *types) {
    if (type.id == notice.appointment.type_id) notice.type = type;
  }
  if (message.kind == NoticeKind::kSurvey) {
    if (!settings_.survey_token) return drop("questionnaires de satisfaction non configurés");
    auto token = settings_.survey_token();
    if (!token) return tl::unexpected(token.error());
    notice.survey_token = std::move(*token);
  }
  if (!settings_.link_key.empty()) {
    std::string token = LinkToken(settings_.link_key, notice.appointment.id);
    if (TokenDigest(token) == notice.appointment.token_digest)
      notice.manage_token = std::move(token);
  }
  return Deliver(site_id, *messenger, notice);
}

Status Notifications::HandleRegistration(const std::string& site_id, const OutboxMessage& message,
                                         const Site& site, UtcTime now) {
  const auto drop = [&](const std::string& reason) {
    Log("notification abandonnée : " + Describe(message) + " : " + reason);
    return outbox_.MarkDropped(site_id, message.id, reason);
  };
  if (workshops_ == nullptr) return drop("ateliers non configurés");
  auto registration = workshops_->FindRegistration(site_id, message.registration_id);
  if (!registration) return tl::unexpected(registration.error());
  if (!*registration) return drop("inscription introuvable");
  auto session = workshops_->FindSession(site_id, (*registration)->session_id);
  if (!session) return tl::unexpected(session.error());
  if (!*session) return drop("séance introuvable");
  if (auto reason = UnwantedRegistration(message, **registration, **session, now)) {
    return drop(*reason);
  }
  Messenger* messenger = message.channel == NoticeChannel::kEmail ? email_ : sms_;
  if (messenger == nullptr) {
    return drop("canal " + std::string(NoticeChannelName(message.channel)) + " non configuré");
  }
  auto workshops = workshops_->ListWorkshops(site_id);
  if (!workshops) return tl::unexpected(workshops.error());
  RegistrationNotice about{std::move(**registration), std::move(**session), {}};
  about.workshop.id = about.session.workshop_id;
  about.workshop.title = about.session.workshop_id;
  for (const Workshop& w : *workshops) {
    if (w.id == about.session.workshop_id) about.workshop = w;
  }
  Notice notice;
  notice.message = message;
  notice.site = site;
  notice.now = now;
  if (!settings_.link_key.empty()) {
    std::string token = RegistrationLinkToken(settings_.link_key, about.registration.id);
    if (TokenDigest(token) == about.registration.token_digest) {
      notice.manage_token = std::move(token);
    }
  }
  notice.registration = std::move(about);
  return Deliver(site_id, *messenger, notice);
}

Status Notifications::Deliver(const std::string& site_id, Messenger& messenger,
                              const Notice& notice) {
  const OutboxMessage& message = notice.message;
  const UtcTime now = notice.now;
  Status sent = messenger.Send(notice);
  if (sent) {
    Log("notification envoyée : " + Describe(message));
    return outbox_.MarkSent(site_id, message.id, now);
  }
  const int attempts = message.attempts + 1;
  const bool give_up =
      sent.error().kind == ErrorKind::kInvalid || attempts >= settings_.max_attempts;
  std::string error = sent.error().code + " : " + sent.error().message;
  if (error.size() > kMaxErrorLength) error.resize(kMaxErrorLength);
  const UtcTime next = now + Backoff(attempts);
  Log(std::string(give_up ? "notification en échec définitif : " : "notification à réessayer : ") +
      Describe(message) + " : tentative " + std::to_string(attempts) + " : " + sent.error().code);
  return outbox_.MarkAttempt(site_id, message.id, attempts, next, error, give_up);
}

void Notifications::Start() {
  std::lock_guard lock(mutex_);
  if (worker_.joinable()) return;
  stopping_ = false;
  worker_ = std::thread([this] { Run(); });
}

void Notifications::Wake() {
  {
    std::lock_guard lock(mutex_);
    woken_ = true;
  }
  wake_.notify_one();
}

void Notifications::Stop() {
  std::thread worker;
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
    worker = std::move(worker_);
  }
  wake_.notify_one();
  if (worker.joinable()) worker.join();
}

void Notifications::Run() {
  std::unique_lock lock(mutex_);
  while (!stopping_) {
    woken_ = false;
    lock.unlock();
    // Drains what is due; a storage failure waits for the next pass.
    for (;;) {
      auto handled = SendDue();
      if (!handled) {
        Log("notifications : " + handled.error().message);
        break;
      }
      if (*handled < settings_.batch) break;
    }
    lock.lock();
    wake_.wait_for(lock, settings_.poll, [this] { return stopping_ || woken_; });
  }
}

}  // namespace relais::app
