// The notifications' outbox (boîte d'envoi): the messages an appointment
// owes its person (confirmation, reminders, change, cancellation), written
// in the booking's own transaction and sent later by app/notifications.h;
// likewise a workshop registration's (confirmation, reminders, promotion
// from the waiting list, cancellation).
// A row holds no personal data: the text is rendered at send time.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "app/ports.h"
#include "domain/error.h"
#include "domain/slots.h"

namespace relais::app {

struct Appointment;

enum class NoticeKind {
  kConfirmation,  // confirmation de la réservation
  kReminder,      // rappel, avant le rendez-vous
  kChange,        // le rendez-vous a été déplacé
  kCancellation,  // le rendez-vous a été annulé
  kSurvey,        // questionnaire de satisfaction, après un rendez-vous reçu
  kPromotion,     // une place s'est libérée : l'inscription à un atelier est confirmée
};

enum class NoticeChannel { kEmail, kSms };

enum class OutboxStatus {
  kPending,  // à envoyer
  kSent,     // envoyé
  kDropped,  // abandonné sans envoi (rendez-vous commencé, annulé, canal absent)
  kFailed,   // abandonné après trop d'échecs
};

std::string_view KindName(NoticeKind kind);  // "confirmation", "reminder"...
std::optional<NoticeKind> ParseKind(std::string_view name);
std::string_view NoticeChannelName(NoticeChannel channel);  // "email", "sms"
std::optional<NoticeChannel> ParseNoticeChannel(std::string_view name);
std::string_view OutboxStatusName(OutboxStatus status);  // "pending"...
std::optional<OutboxStatus> ParseOutboxStatus(std::string_view name);

// One message of the outbox.
struct OutboxMessage {
  std::string id;               // also the e-mail's Message-ID: <id@relais>
  std::string appointment_id;   // the appointment it is about, or empty…
  std::string registration_id;  // …and then the workshop registration
  NoticeKind kind = NoticeKind::kConfirmation;
  NoticeChannel channel = NoticeChannel::kEmail;
  int sequence = 0;  // the appointment's iCalendar SEQUENCE when written
  UtcTime due_at{};
  // The state of delivery, as read back from storage.
  OutboxStatus status = OutboxStatus::kPending;
  int attempts = 0;
  UtcTime next_attempt_at{};
  std::optional<UtcTime> sent_at;
  std::string last_error;  // never personal data
};

// The reminders sent before each appointment, by default the day before.
struct ReminderPlan {
  std::vector<std::chrono::minutes> before{std::chrono::hours{24}};
};

// The channels on which a person can be reached: e-mail when they gave an
// address, SMS when they gave a phone number.
std::vector<NoticeChannel> ChannelsOf(const Appointment& appointment);

// The messages owed when `appointment` is booked (kConfirmation), moved
// (kChange) or cancelled (kCancellation) at `now`: one per channel, due at
// once, and for a booking or a move one reminder per channel and per delay
// of `plan` whose due time is still after `now`.
std::vector<OutboxMessage> PlanNotices(const Appointment& appointment, NoticeKind kind,
                                       const ReminderPlan& plan, UtcTime now);

// The satisfaction survey's invitation owed once `appointment` is marked
// seen at `now` (kSurvey, due at once): one message, by e-mail when the
// person gave an address, else by SMS; none without consent or a channel.
std::vector<OutboxMessage> PlanSurveyInvitation(const Appointment& appointment, UtcTime now);

// The outbox's storage port. Thread-safe. Each relais process sharing a
// database runs a worker: a message is claimed before it is sent.
class OutboxStore {
 public:
  virtual ~OutboxStore() = default;

  // The pending messages whose next attempt is due at `now`, the earliest
  // first, `limit` at most.
  virtual Result<std::vector<OutboxMessage>> DueMessages(const std::string& site_id, UtcTime now,
                                                         std::size_t limit) = 0;
  // Every message of an appointment, as written.
  virtual Result<std::vector<OutboxMessage>> MessagesOf(const std::string& site_id,
                                                        const std::string& appointment_id) = 0;
  // Every message of a workshop registration, as written.
  virtual Result<std::vector<OutboxMessage>> MessagesOfRegistration(
      const std::string& site_id, const std::string& registration_id) = 0;
  // Takes `message_id` for this worker until `until`, if it is still pending
  // and due at `now` (its next attempt pushed to `until`): false when another
  // worker took it first. One left claimed by a worker that died is due
  // again at `until`.
  virtual Result<bool> Claim(const std::string& site_id, const std::string& message_id, UtcTime now,
                             UtcTime until) = 0;
  // Each in its own transaction; a message no longer pending is left as it is.
  virtual Status MarkSent(const std::string& site_id, const std::string& message_id,
                          UtcTime at) = 0;
  virtual Status MarkDropped(const std::string& site_id, const std::string& message_id,
                             const std::string& reason) = 0;
  // Another attempt at `next_attempt_at`, or none (kFailed) when `give_up`.
  virtual Status MarkAttempt(const std::string& site_id, const std::string& message_id,
                             int attempts, UtcTime next_attempt_at, const std::string& error,
                             bool give_up) = 0;

  // The site's secret key for signed links (`purpose`, e.g. "manage"), made
  // of random bytes on first use and kept from then on.
  virtual Result<std::string> SiteKey(const std::string& site_id, const std::string& purpose,
                                      Instant now) = 0;
};

}  // namespace relais::app
