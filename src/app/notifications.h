// Notifications: sends the outbox's due messages (app/outbox.h) through one
// Messenger per channel, retrying with exponential backoff. A reminder is
// never sent once its appointment has started or left the "booked" status;
// a message is marked sent in its own transaction right after it left, so a
// restart does not send it again. Thread-safe; Start runs a worker thread.
#pragma once

#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

#include "app/appointment_store.h"
#include "app/outbox.h"
#include "app/ports.h"
#include "app/sites.h"
#include "app/workshop_store.h"
#include "domain/error.h"
#include "domain/site.h"

namespace relais::app {

// What a workshop registration's message needs, read at send time.
struct RegistrationNotice {
  Registration registration;  // as it is now, with its waiting-list position
  WorkshopSession session;
  Workshop workshop;
};

// Everything needed to write one message, read at send time.
struct Notice {
  OutboxMessage message;
  Appointment appointment;  // as it is now
  AppointmentType type;
  Site site;
  std::string manage_token;  // for the manage link; empty when it cannot be given again
  std::string survey_token;  // kSurvey: a one-time survey token issued for this message
  // Set, instead of `appointment` and `type`, for a workshop registration's
  // message (OutboxMessage::registration_id); `manage_token` is then its own.
  std::optional<RegistrationNotice> registration;
  UtcTime now{};
};

// One channel's way out (e-mail over SMTP, SMS through a provider).
class Messenger {
 public:
  virtual ~Messenger() = default;
  // Sends the notice. kUnavailable: try again later; kInvalid: never
  // deliverable (e.g. an address the server refuses for good).
  virtual Status Send(const Notice& notice) = 0;
};

struct NotificationSettings {
  std::chrono::seconds poll{5};          // the worker's pace when not woken
  std::chrono::seconds first_retry{60};  // doubled at each failure...
  std::chrono::seconds max_retry{3600};  // ...up to this
  int max_attempts = 10;                 // then the message is "failed"
  std::size_t batch = 50;                // messages per pass at most
  std::string link_key;                  // see NoticeSettings::link_key
  // Issues a one-time survey token (Surveys::Invite) for each kSurvey
  // message as it leaves, so that nothing stored links the token to the
  // appointment; without it those messages are dropped.
  std::function<Result<std::string>()> survey_token;
  // Where to say what happened (no personal data is ever passed).
  std::function<void(const std::string&)> log;
};

class Notifications {
 public:
  // A null messenger drops its channel's messages, with a logged reason.
  Notifications(OutboxStore& outbox, AppointmentStore& appointments, Sites& sites,
                const Clock& clock, Messenger* email, Messenger* sms,
                NotificationSettings settings = {});
  ~Notifications();
  Notifications(const Notifications&) = delete;
  Notifications& operator=(const Notifications&) = delete;

  // One pass over the served site's due messages; returns how many this
  // worker claimed and handled (sent, dropped, failed or postponed), those
  // another process's worker took first left to it. REQUIRES: sites loaded.
  Result<std::size_t> SendDue();

  // How long a claimed message stays this worker's: longer than a send
  // (the SMTP and SMS timeouts), short enough to retry soon after a crash.
  static constexpr std::chrono::seconds kClaimLease{120};

  // Runs SendDue every `poll`, or at once when woken, on a thread of its own.
  void Start();
  // Asks the worker for a pass now (after a booking). Cheap; any thread.
  void Wake();
  // Stops the worker after its current pass. Idempotent.
  void Stop();

  // The delay before attempt `attempts + 1` after `attempts` failures.
  std::chrono::seconds Backoff(int attempts) const;

  // Where workshop registrations are read; without it their messages are
  // dropped. REQUIRES: called before Start.
  void SetWorkshops(WorkshopStore& store) { workshops_ = &store; }

 private:
  // Handles one message; false when storage failed.
  Status Handle(const std::string& site_id, const OutboxMessage& message, const Site& site,
                UtcTime now);
  Status HandleRegistration(const std::string& site_id, const OutboxMessage& message,
                            const Site& site, UtcTime now);
  // Sends `notice` and records the outcome (sent, or another attempt).
  Status Deliver(const std::string& site_id, Messenger& messenger, const Notice& notice);
  void Log(const std::string& line) const;
  void Run();

  OutboxStore& outbox_;
  AppointmentStore& appointments_;
  Sites& sites_;
  const Clock& clock_;
  Messenger* email_;
  Messenger* sms_;
  NotificationSettings settings_;
  WorkshopStore* workshops_ = nullptr;

  std::mutex mutex_;
  std::condition_variable wake_;
  bool woken_ = false;     // GUARDED_BY(mutex_)
  bool stopping_ = false;  // GUARDED_BY(mutex_)
  std::thread worker_;
};

}  // namespace relais::app
