// The queue's pages: the staff's screen (/file-attente: give a ticket, call
// the next one or a chosen one, end a service; forms with CSRF, no
// JavaScript needed) and the waiting room's public display (/affichage),
// which web/static/affichage.js keeps live through the queue's events.
#include <algorithm>

#include "app/policy.h"
#include "app/queue.h"
#include "app/visits.h"  // Themes()
#include "web/errors.h"
#include "web/french.h"
#include "web/page_common.h"
#include "web/routes.h"
#include "web/session.h"

namespace relais::web {
namespace {

constexpr char kCounterCookie[] = "relais_guichet";

// "2" → "guichet 2"; a label ("Bureau B") as typed; none → "l'accueil".
std::string CounterText(const std::string& counter) {
  if (counter.empty()) return "l'accueil";
  const bool digits =
      std::all_of(counter.begin(), counter.end(), [](char c) { return c >= '0' && c <= '9'; });
  return digits ? "guichet " + counter : counter;
}

std::string WaitingText(const app::QueueBoard& board) {
  std::string text = board.waiting == 0   ? std::string("Personne n’attend.")
                     : board.waiting == 1 ? std::string("1 personne attend.")
                                          : std::to_string(board.waiting) + " personnes attendent.";
  if (board.waiting > 0 && board.open) {
    text += " Attente estimée pour un nouveau ticket : " +
            std::to_string(board.estimated_wait_minutes) + " min.";
  }
  return text;
}

std::string StateText(const app::QueueBoard& board, const app::TimeZone& zone) {
  if (board.open) return "Accueil ouvert.";
  std::string text = "Accueil fermé.";
  if (board.next_opening) {
    text += " Réouverture " + FrenchDateTime(zone.ToLocal(*board.next_opening)) + ".";
  }
  return text;
}

// The guichet remembered for this browser (a short label, or empty): the
// cookie holds it percent-encoded.
std::string RememberedCounter(const Request& request) {
  auto counter = PercentDecode(request.Cookie(kCounterCookie), false);
  if (!counter || !IsValidUtf8(*counter) || counter->size() > 4 * app::kMaxCounterChars) return {};
  return *counter;
}

std::string CounterCookie(const std::string& counter, const Request& request) {
  std::string encoded;
  for (unsigned char c : counter) {
    static const char kHex[] = "0123456789ABCDEF";
    if (std::isalnum(c)) {
      encoded += static_cast<char>(c);
    } else {
      encoded += '%';
      encoded += kHex[c >> 4];
      encoded += kHex[c & 15];
    }
  }
  return CookieHeader(kCounterCookie, encoded, request, "/file-attente", "Strict", 31536000);
}

// The signed-in agent who may see the queue, or the response to send
// instead (the login page, or 403).
Result<app::Agent> QueueAgent(const Request& request, Services& services, Response& refusal) {
  auto agent = SignedInAgent(request, services);
  if (!agent) {
    refusal = SignInRedirect(agent.error());
    return tl::unexpected(agent.error());
  }
  if (auto allowed = app::Authorize(*agent, app::Action::kIssueTicket); !allowed) {
    refusal = ErrorResponseFor(request, allowed.error());
    return tl::unexpected(allowed.error());
  }
  return agent;
}

Response Page(const Request& request, Services& services, const app::Agent& agent,
              const std::string& notice, const std::string& error, int status) {
  auto view = services.queue.Today(agent);
  if (!view) return ErrorResponseFor(request, view.error());
  const auto& zone = services.sites.CurrentHours()->zone();
  Response cookies;
  const std::string csrf = CsrfToken(request, cookies);
  const std::string counter = RememberedCounter(request);
  const bool can_call = app::Allowed(agent.role, app::Action::kCallTicket);
  PageData data;
  data.set("csrf", csrf);
  data.set("agent", AgentData(agent));
  if (!notice.empty()) data.set("notice", notice);
  if (!error.empty()) data.set("error", error);
  data.set("state", StateText(view->board, zone) + " " + WaitingText(view->board));
  data.set("open", view->board.open);
  data.set("can_issue", true);
  data.set("can_call", can_call);
  data.set("counter", counter);

  PageData partners = PageData::type::list;
  if (auto list = services.sites.Partners()) {
    for (const Partner& p : *list) {
      PageData item;
      item.set("code", p.code);
      item.set("name", p.name);
      partners.push_back(item);
    }
  }
  data.set("partners", partners);
  PageData themes = PageData::type::list;
  for (const app::Theme& theme : app::Themes()) {
    PageData item;
    item.set("code", std::string(theme.code));
    item.set("name", std::string(theme.label));
    themes.push_back(item);
  }
  data.set("themes", themes);

  PageData tickets = PageData::type::list;
  for (const app::QueueEntry& entry : view->tickets) {
    const app::QueueTicket& t = entry.ticket;
    PageData row;
    row.set("id", t.id);
    row.set("csrf", csrf);
    row.set("guichet", counter);
    row.set("number", std::to_string(t.number));
    row.set("reason", t.reason ? services.queue.ReasonLabel(*t.reason) : std::string("—"));
    row.set("issued", FrenchTime(zone.ToLocal(t.issued_at)));
    std::string state(TicketStatusLabel(t.status));
    if (t.status == TicketStatus::kWaiting) {
      state += " (position " + std::to_string(entry.position) + ", environ " +
               std::to_string(entry.estimated_wait_minutes) + " min)";
    }
    row.set("state", state);
    row.set("counter", t.counter.empty() ? std::string("—") : t.counter);
    row.set("can_call_ticket", can_call && t.status == TicketStatus::kWaiting);
    row.set("can_cancel", t.status == TicketStatus::kWaiting);
    row.set("can_finish", can_call && t.status == TicketStatus::kCalled);
    tickets.push_back(row);
  }
  data.set("ticket_count", std::to_string(view->tickets.size()));
  data.set("has_tickets", !view->tickets.empty());
  data.set("tickets", tickets);

  Response page = RenderPage("queue", "File d'attente", std::move(data));
  page.status = status;
  page.headers = std::move(cookies.headers);
  page.Header("Cache-Control", "no-store");
  return page;
}

Response Show(const Request& request, Services& services) {
  Response refusal;
  auto agent = QueueAgent(request, services, refusal);
  if (!agent) return refusal;
  std::string notice;
  if (const std::string number = request.Query("remis"); !number.empty()) {
    notice = "Ticket " + number + " remis : position " + request.Query("position") +
             ", attente estimée " + request.Query("attente") + " min.";
  } else if (const std::string number = request.Query("appele"); !number.empty()) {
    notice = "Ticket " + number + " appelé.";
  } else if (request.Query("fait") == "1") {
    notice = "Ticket mis à jour.";
  }
  // Only digits from the query: a link cannot put other words on the page.
  for (const char* key : {"remis", "position", "attente", "appele"}) {
    const std::string value = request.Query(key);
    if (!std::all_of(value.begin(), value.end(), [](char c) { return c >= '0' && c <= '9'; })) {
      notice.clear();
    }
  }
  return Page(request, services, *agent, notice, "", 200);
}

// Runs `action` for a form posted to the queue screen: the CSRF token
// checked, then a redirect (303) on success or the page with the error.
template <typename Action>
Response Submit(const Request& request, Services& services, Action action) {
  Response refusal;
  auto agent = QueueAgent(request, services, refusal);
  if (!agent) return refusal;
  auto form = CheckedForm(request);
  if (!form) {
    const bool expired = form.error().kind == ErrorKind::kForbidden;
    return Page(request, services, *agent, "",
                expired ? "Le formulaire a expiré : recommencez." : form.error().message,
                HttpStatus(form.error().kind));
  }
  Result<Response> done = action(*agent, *form);
  if (!done) {
    return Page(request, services, *agent, "", done.error().message, HttpStatus(done.error().kind));
  }
  return *done;
}

Response Issue(const Request& request, Services& services) {
  return Submit(request, services, [&](const app::Agent& agent, Fields& form) -> Result<Response> {
    const std::string reason = form["reason"];
    auto entry = services.queue.Issue(
        agent, reason.empty() ? std::nullopt : std::optional<std::string>(reason));
    if (!entry) return tl::unexpected(entry.error());
    return Redirect("/file-attente?remis=" + std::to_string(entry->ticket.number) +
                    "&position=" + std::to_string(entry->position) +
                    "&attente=" + std::to_string(entry->estimated_wait_minutes));
  });
}

Response CalledRedirect(const app::QueueTicket& ticket, const std::string& counter,
                        const Request& request) {
  Response response = Redirect("/file-attente?appele=" + std::to_string(ticket.number));
  response.Header("Set-Cookie", CounterCookie(counter, request));
  return response;
}

Response CallNext(const Request& request, Services& services) {
  return Submit(request, services, [&](const app::Agent& agent, Fields& form) -> Result<Response> {
    auto ticket = services.queue.CallNext(agent, form["counter"]);
    if (!ticket) return tl::unexpected(ticket.error());
    return CalledRedirect(*ticket, ticket->counter, request);
  });
}

Response Act(const Request& request, Services& services) {
  return Submit(request, services, [&](const app::Agent& agent, Fields& form) -> Result<Response> {
    const std::string& id = request.params.at("id");
    const std::string& action = request.params.at("action");
    Result<app::QueueTicket> ticket =
        Fail(ErrorKind::kNotFound, "not_found", "Cette adresse n'existe pas.");
    if (action == "appeler") {
      ticket = services.queue.Call(agent, id, form["counter"]);
      if (ticket) return CalledRedirect(*ticket, ticket->counter, request);
    } else if (action == "servi") {
      ticket = services.queue.Finish(agent, id, TicketEvent::kServe);
    } else if (action == "absent") {
      ticket = services.queue.Finish(agent, id, TicketEvent::kAbsent);
    } else if (action == "annuler") {
      ticket = services.queue.Cancel(agent, id);
    }
    if (!ticket) return tl::unexpected(ticket.error());
    return Redirect("/file-attente?fait=1");
  });
}

// The waiting room's screen: public, numbers and counters only.
Response Display(const Request& request, Services& services) {
  auto board = services.queue.Board();
  if (!board) return ErrorResponseFor(request, board.error());
  const auto& zone = services.sites.CurrentHours()->zone();
  PageData data;
  data.set("site", services.sites.Current()->name);
  if (!board->called.empty()) {
    PageData current;
    current.set("number", std::to_string(board->called.front().number));
    current.set("counter", CounterText(board->called.front().counter));
    data.set("current", current);
  }
  PageData previous = PageData::type::list;
  for (std::size_t i = 1; i < board->called.size(); ++i) {
    PageData item;
    item.set("number", std::to_string(board->called[i].number));
    item.set("counter", CounterText(board->called[i].counter));
    previous.push_back(item);
  }
  data.set("previous", previous);
  data.set("waiting", WaitingText(*board));
  data.set("state", StateText(*board, zone));
  Response page;
  page.content_type = "text/html; charset=utf-8";
  page.body = RenderTemplate("queue_display", data);
  page.Header("Cache-Control", "no-store");
  return page;
}

}  // namespace

void AddQueuePageRoutes(Router& router, Services& services) {
  Services* s = &services;
  router.Add(Access::Staff(app::Action::kIssueTicket),
             {"GET", "/file-attente", [s](const Request& r) { return Show(r, *s); }, true});
  router.Add(
      Access::Staff(app::Action::kIssueTicket),
      {"POST", "/file-attente/tickets", [s](const Request& r) { return Issue(r, *s); }, true});
  router.Add(
      Access::Staff(app::Action::kCallTicket),
      {"POST", "/file-attente/suivant", [s](const Request& r) { return CallNext(r, *s); }, true});
  router.Add(Access::Staff(app::Action::kCallTicket),
             {"POST", "/file-attente/tickets/{id}/{action}",
              [s](const Request& r) { return Act(r, *s); }, true});
  router.Add(Access::Public(),
             {"GET", "/affichage", [s](const Request& r) { return Display(r, *s); }, true});
}

}  // namespace relais::web
