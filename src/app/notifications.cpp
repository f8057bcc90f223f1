#include "app/notifications.h"

#include <algorithm>

#include "app/secrets.h"

namespace relais::app {
namespace {

constexpr std::size_t kMaxErrorLength = 300;

std::string Describe(const OutboxMessage& m) {
  return std::string(KindName(m.kind)) + " par " + std::string(NoticeChannelName(m.channel)) +
         " (message " + m.id + ", rendez-vous " + m.appointment_id + ")";
}

// Whether the appointment still wants the message; the reason when not.
std::optional<std::string> Unwanted(const OutboxMessage& m, const Appointment& a, UtcTime now) {
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
  for (const OutboxMessage& message : *due) {
    if (auto ok = Handle(site->id, message, *site, now); !ok) return tl::unexpected(ok.error());
  }
  return due->size();
}

Status Notifications::Handle(const std::string& site_id, const OutboxMessage& message,
                             const Site& site, UtcTime now) {
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
  if (!settings_.link_key.empty()) {
    std::string token = LinkToken(settings_.link_key, notice.appointment.id);
    if (TokenDigest(token) == notice.appointment.token_digest)
      notice.manage_token = std::move(token);
  }

  Status sent = messenger->Send(notice);
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
