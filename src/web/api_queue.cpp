// The walk-in queue's JSON API (api/v1/queue) and its Server-Sent Events
// for the waiting room's display. Handlers only translate: read the
// request, call app::Queue, write the answer.
#include <algorithm>

#include "app/queue.h"
#include "web/errors.h"
#include "web/json.h"
#include "web/routes.h"
#include "web/session.h"

namespace relais::web {

namespace {

using nlohmann::json;

// A heartbeat comment keeps proxies and the connection's timers from
// closing a quiet stream.
constexpr std::chrono::seconds kHeartbeat{15};
// EventSource reconnects after this delay when the stream breaks.
constexpr int kRetryMilliseconds = 3000;

// The body as a JSON object; an empty body (without a form's content type)
// is an empty object. Members other than `known` are refused: nothing may
// carry a name into the queue.
Result<json> OptionalBody(const Request& request, std::initializer_list<const char*> known) {
  const bool blank = std::all_of(request.body.begin(), request.body.end(), [](char c) {
    return c == ' ' || c == '\n' || c == '\r' || c == '\t';
  });
  if (blank && (request.content_type.empty() || request.content_type == "application/json")) {
    return json::object();
  }
  auto body = ParseJsonObject(request);
  if (!body) return body;
  for (const auto& [key, value] : body->items()) {
    if (std::find_if(known.begin(), known.end(), [&](const char* k) { return key == k; }) ==
        known.end()) {
      return Fail(ErrorKind::kInvalid, "unknown_field",
                  "Champ inconnu : un ticket est anonyme et ne prend que les champs documentés.",
                  key);
    }
  }
  return body;
}

json OrNull(const std::optional<std::chrono::sys_seconds>& at, const app::TimeZone& zone) {
  return at ? json(zone.FormatRfc3339(*at)) : json(nullptr);
}

json TicketJson(const app::QueueTicket& t, const app::TimeZone& zone) {
  return {{"id", t.id},
          {"number", t.number},
          {"day", t.day},
          {"status", TicketStatusName(t.status)},
          {"reason", t.reason ? json(*t.reason) : json(nullptr)},
          {"issued_at", zone.FormatRfc3339(t.issued_at)},
          {"called_at", OrNull(t.called_at, zone)},
          {"counter", t.counter.empty() ? json(nullptr) : json(t.counter)},
          {"ended_at", OrNull(t.ended_at, zone)}};
}

// The board as JSON: public data only.
json QueueBoardJson(const app::QueueBoard& board, const app::TimeZone& zone) {
  json called = json::array();
  for (const app::CalledTicket& c : board.called) {
    called.push_back({{"number", c.number},
                      {"counter", c.counter.empty() ? json(nullptr) : json(c.counter)},
                      {"called_at", zone.FormatRfc3339(c.called_at)}});
  }
  return {{"open", board.open},
          {"next_opening", OrNull(board.next_opening, zone)},
          {"waiting", board.waiting},
          {"estimated_wait_minutes", board.estimated_wait_minutes},
          {"called", std::move(called)}};
}

json EntryJson(const app::QueueEntry& entry, const app::TimeZone& zone) {
  json ticket = TicketJson(entry.ticket, zone);
  ticket["position"] = entry.position;
  ticket["estimated_wait_minutes"] = entry.estimated_wait_minutes;
  return ticket;
}

const app::TimeZone& Zone(Services& services) {
  return services.sites.CurrentHours()->zone();
}

Response TicketResponse(const Result<app::QueueTicket>& ticket, Services& services) {
  if (!ticket) return ErrorResponse(ticket.error());
  return JsonResponse(200, TicketJson(*ticket, Zone(services)));
}

// The optional "counter" member: a string or null.
Result<std::string> Counter(const json& body) {
  return OptionalString(body, "counter", "counter");
}

Response IssueTicket(const Request& request, Services& services) {
  auto agent = SignedInAgent(request, services);
  if (!agent) return ErrorResponse(agent.error());
  auto body = OptionalBody(request, {"reason"});
  if (!body) return ErrorResponse(body.error());
  auto reason = OptionalString(*body, "reason", "reason");
  if (!reason) return ErrorResponse(reason.error());
  auto entry = services.queue.Issue(
      *agent, reason->empty() ? std::nullopt : std::optional<std::string>(*reason));
  if (!entry) return ErrorResponse(entry.error());
  Response response = JsonResponse(201, EntryJson(*entry, Zone(services)));
  response.Header("Location", "/api/v1/queue");
  return response;
}

Response ListQueue(const Request& request, Services& services) {
  auto agent = SignedInAgent(request, services);
  if (!agent) return ErrorResponse(agent.error());
  auto view = services.queue.Today(*agent);
  if (!view) return ErrorResponse(view.error());
  const auto& zone = Zone(services);
  json body = QueueBoardJson(view->board, zone);
  json tickets = json::array();
  for (const app::QueueEntry& entry : view->tickets) tickets.push_back(EntryJson(entry, zone));
  body["tickets"] = std::move(tickets);
  return JsonResponse(200, body);
}

Response CallNext(const Request& request, Services& services) {
  auto agent = SignedInAgent(request, services);
  if (!agent) return ErrorResponse(agent.error());
  auto body = OptionalBody(request, {"counter"});
  if (!body) return ErrorResponse(body.error());
  auto counter = Counter(*body);
  if (!counter) return ErrorResponse(counter.error());
  return TicketResponse(services.queue.CallNext(*agent, *counter), services);
}

// POST /api/v1/queue/tickets/{id}/{call,served,absent,cancel}.
Response Act(const Request& request, Services& services, TicketEvent event) {
  auto agent = SignedInAgent(request, services);
  if (!agent) return ErrorResponse(agent.error());
  const std::string& id = request.params.at("id");
  auto body = OptionalBody(request, {"counter"});
  if (!body) return ErrorResponse(body.error());
  switch (event) {
    case TicketEvent::kCall: {
      auto counter = Counter(*body);
      if (!counter) return ErrorResponse(counter.error());
      return TicketResponse(services.queue.Call(*agent, id, *counter), services);
    }
    case TicketEvent::kCancel:
      return TicketResponse(services.queue.Cancel(*agent, id), services);
    default:
      return TicketResponse(services.queue.Finish(*agent, id, event), services);
  }
}

std::string EventChunk(std::uint64_t version, const app::QueueBoard& board,
                       const app::TimeZone& zone) {
  return "id: " + std::to_string(version) +
         "\nevent: queue\ndata: " + QueueBoardJson(board, zone).dump() + "\n\n";
}

// GET /api/v1/queue/events: the board now, then at every change, with a
// heartbeat comment when nothing changes. Public: numbers and counts only.
StreamReply Events(Services& services) {
  app::Queue& queue = services.queue;
  const std::uint64_t seen = queue.events().version();
  auto board = queue.Board();
  if (!board) return {ErrorResponse(board.error()), {}};
  const app::TimeZone zone = Zone(services);
  StreamReply reply;
  reply.head.content_type = "text/event-stream; charset=utf-8";
  reply.head.Header("Cache-Control", "no-store");
  reply.head.Header("X-Accel-Buffering", "no");  // nginx: pass events at once
  reply.head.body =
      "retry: " + std::to_string(kRetryMilliseconds) + "\n\n" + EventChunk(seen, *board, zone);
  reply.feed = [&queue, seen, zone](StreamSink& sink, std::stop_token stop) {
    std::uint64_t version = seen;
    auto written = std::chrono::steady_clock::now();
    while (!stop.stop_requested()) {
      auto next = queue.events().WaitNewer(version, app::kRefreshInterval, stop);
      if (stop.stop_requested()) return;
      std::string chunk;
      if (next) {
        version = next->first;
        chunk = EventChunk(version, next->second, zone);
      } else {
        // Closing time, or a change made by another process: the next turn
        // sends it.
        (void)queue.Refresh();
        if (std::chrono::steady_clock::now() - written < kHeartbeat) continue;
        chunk = ": ping\n\n";
      }
      if (!sink.Write(std::move(chunk))) return;
      written = std::chrono::steady_clock::now();
    }
  };
  return reply;
}

}  // namespace

void AddQueueRoutes(Router& router, Services& services) {
  Services* s = &services;
  router.Add(Access::Staff(app::Action::kIssueTicket),
             {"GET", "/api/v1/queue", [s](const Request& r) { return ListQueue(r, *s); }, true});
  router.Add(Access::Staff(app::Action::kIssueTicket),
             {"POST", "/api/v1/queue/tickets", [s](const Request& r) { return IssueTicket(r, *s); },
              true});
  router.Add(
      Access::Staff(app::Action::kCallTicket),
      {"POST", "/api/v1/queue/next", [s](const Request& r) { return CallNext(r, *s); }, true});
  const std::pair<const char*, TicketEvent> kActions[] = {{"call", TicketEvent::kCall},
                                                          {"served", TicketEvent::kServe},
                                                          {"absent", TicketEvent::kAbsent},
                                                          {"cancel", TicketEvent::kCancel}};
  for (const auto& [name, event] : kActions) {
    const TicketEvent e = event;
    router.Add(e == TicketEvent::kCancel ? Access::Staff(app::Action::kIssueTicket)
                                         : Access::Staff(app::Action::kCallTicket),
               {"POST", std::string("/api/v1/queue/tickets/{id}/") + name,
                [s, e](const Request& r) { return Act(r, *s, e); }, true});
  }
  Route events{"GET", "/api/v1/queue/events", nullptr, true};
  events.stream = [s](const Request&) { return Events(*s); };
  router.Add(Access::Public(), std::move(events));
}

}  // namespace relais::web
