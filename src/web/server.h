// The HTTP server: RESTinio on a few I/O threads, blocking handlers on a
// worker pool, limits on sizes and times, an access log without personal
// data, and a graceful stop on SIGINT or SIGTERM.
#pragma once

#include <signal.h>

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>

#include "app/accounts.h"
#include "app/appointment_settings.h"
#include "app/appointments.h"
#include "app/calendar_feeds.h"
#include "app/desk_indicators.h"
#include "app/networks.h"
#include "app/people.h"
#include "app/queue.h"
#include "app/reports.h"
#include "app/retention.h"
#include "app/sites.h"
#include "app/surveys.h"
#include "app/visits.h"
#include "app/workshops.h"
#include "domain/error.h"
#include "web/public_limits.h"

namespace relais::web {

// What the handlers use; owned by the composition root.
struct Services {
  app::Sites& sites;
  app::Accounts& accounts;
  app::Appointments& appointments;
  const app::Clock& clock;
  app::Visits& visits;
  app::AppointmentSettings& appointment_settings;
  // The walk-in queue of the served site.
  app::Queue& queue;
  // Person files, procedures and referrals of the served site.
  app::People& people;
  // Set after construction by the composition root (new services go here).
  // Notifications: the mediators' calendar feeds (null: none) and the
  // address of links given out ("https://rdv.exemple.fr").
  app::CalendarFeeds* calendar_feeds = nullptr;
  std::string public_url = {};
  // Reports: the activity report, the GIP funding split and members.
  app::Reports* reports = nullptr;
  // Networks of desks: their consolidated reports (null: none).
  app::Networks* networks = nullptr;
  // Satisfaction surveys: invitations, answers and results (null: none).
  app::Surveys* surveys = nullptr;
  // The dashboard's queue waits, no-shows and opening hours (null: none).
  app::DeskIndicators* desk_indicators = nullptr;
  // Digital workshops: catalogue, sessions, registrations (null: none).
  app::Workshops* workshops = nullptr;
  // The public's writes limited per address (null: no limit).
  PublicLimits* public_limits = nullptr;
  // The retention durations shown on the privacy page (null: the defaults).
  const app::RetentionPolicy* retention = nullptr;
};

struct ServerOptions {
  std::string host = "127.0.0.1";
  std::uint16_t port = 8080;
  std::size_t io_threads = 2;
  std::size_t workers = 16;
  std::size_t max_body_bytes = 1 << 20;  // larger bodies get 413
  bool trust_proxy = false;              // honour X-Forwarded-For and X-Forwarded-Proto
};

// Blocks SIGINT and SIGTERM in the calling thread and the threads it starts
// later. Call it before starting any thread that outlives the call to Serve:
// a thread with the signals unblocked would take them and end the process.
sigset_t BlockStopSignals();

// Serves until SIGINT or SIGTERM, then finishes the requests in flight.
// `on_ready` runs once the port is open. Fails when the port cannot be used.
Status Serve(const ServerOptions& options, Services& services,
             const std::function<void()>& on_ready = {});

}  // namespace relais::web
