#include "app/queue.h"

#include <algorithm>
#include <set>

#include "app/policy.h"
#include "app/secrets.h"
#include "app/visits.h"  // Themes()

namespace relais::app {
namespace {

using std::chrono::sys_seconds;

// "mardi 3 mars à 9 h 30", for the closed queue's message.
std::string FrenchOpening(date::local_seconds local) {
  static const char* const kDays[] = {"dimanche", "lundi",    "mardi", "mercredi",
                                      "jeudi",    "vendredi", "samedi"};
  static const char* const kMonths[] = {"janvier",   "février", "mars",     "avril",
                                        "mai",       "juin",    "juillet",  "août",
                                        "septembre", "octobre", "novembre", "décembre"};
  const auto day = date::floor<date::days>(local);
  const date::year_month_day ymd{day};
  const date::hh_mm_ss<std::chrono::seconds> time{local - day};
  const auto minutes = time.minutes().count();
  return std::string(kDays[date::weekday{day}.c_encoding()]) + " " +
         std::to_string(static_cast<unsigned>(ymd.day())) + " " +
         kMonths[static_cast<unsigned>(ymd.month()) - 1] + " à " +
         std::to_string(time.hours().count()) + " h " + (minutes < 10 ? "0" : "") +
         std::to_string(minutes);
}

// The number of characters of UTF-8 `text` (its non-continuation bytes).
std::size_t Characters(const std::string& text) {
  return static_cast<std::size_t>(std::count_if(text.begin(), text.end(), [](char c) {
    return (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  }));
}

// A guichet's label as typed, trimmed; kInvalid "invalid_counter" when too
// long or holding control characters.
Result<std::string> CheckedCounter(std::string counter) {
  while (!counter.empty() && counter.back() == ' ') counter.pop_back();
  while (!counter.empty() && counter.front() == ' ') counter.erase(0, 1);
  const bool control = std::any_of(counter.begin(), counter.end(), [](char c) {
    return static_cast<unsigned char>(c) < 0x20 || c == 0x7F;
  });
  if (control || Characters(counter) > kMaxCounterChars) {
    return Fail(ErrorKind::kInvalid, "invalid_counter",
                "Le guichet se désigne en " + std::to_string(kMaxCounterChars) +
                    " caractères au plus, par exemple « 2 ».",
                "counter");
  }
  return counter;
}

}  // namespace

Status Queue::MayAct(const Agent& agent, Action action) const {
  if (auto allowed = AuthorizeAt(agent, action, sites_.Current()->id); !allowed) return allowed;
  return {};
}

sys_seconds Queue::Now() const {
  return std::chrono::floor<std::chrono::seconds>(clock_.Now());
}

std::string Queue::Today(sys_seconds now) const {
  return FormatDate(sites_.CurrentHours()->LocalDate(now));
}

Status Queue::Load() {
  auto next = store_.NextClosing(sites_.Current()->id);
  if (!next) return tl::unexpected(next.error());
  {
    std::lock_guard lock(mutex_);
    next_closing_ = *next;
  }
  if (auto swept = Sweep(); !swept) return swept;
  auto board = Board();
  if (!board) return tl::unexpected(board.error());
  events_.Publish(std::move(*board));
  return {};
}

Status Queue::Sweep() {
  const sys_seconds now = Now();
  {
    std::lock_guard lock(mutex_);
    if (!next_closing_ || now < *next_closing_) return {};
  }
  const std::string& site_id = sites_.Current()->id;
  auto closed = store_.CloseDue(site_id, now);
  if (!closed) return tl::unexpected(closed.error());
  auto next = store_.NextClosing(site_id);
  if (!next) return tl::unexpected(next.error());
  {
    std::lock_guard lock(mutex_);
    // A value past `now` was set by an Issue meanwhile: keep the earlier.
    if (next_closing_ && *next_closing_ > now && (!*next || *next_closing_ < **next)) {
      *next = next_closing_;
    }
    next_closing_ = *next;
  }
  if (*closed > 0) Publish();
  return {};
}

Status Queue::Refresh() {
  {
    const auto now = std::chrono::steady_clock::now();
    std::lock_guard lock(mutex_);
    if (now - last_refresh_ < kRefreshInterval) return {};
    last_refresh_ = now;
  }
  auto board = Board();
  if (!board) return tl::unexpected(board.error());
  events_.PublishIfChanged(std::move(*board));
  return {};
}

std::string Queue::ReasonLabel(const std::string& code) const {
  if (auto partners = sites_.Partners()) {
    for (const Partner& p : *partners) {
      if (p.code == code) return p.name;
    }
  }
  return std::string(ThemeLabel(code));
}

Result<QueueEntry> Queue::Issue(const Agent& agent, const std::optional<std::string>& reason) {
  if (auto allowed = MayAct(agent, Action::kIssueTicket); !allowed) {
    return tl::unexpected(allowed.error());
  }
  if (auto swept = Sweep(); !swept) return tl::unexpected(swept.error());
  const sys_seconds now = Now();
  const auto hours = sites_.CurrentHours();
  const OpenState state = hours->At(now);
  if (!state.open) {
    std::string message = "L'accueil est fermé : aucun ticket n'est délivré.";
    if (state.next_opening) {
      message += " Réouverture " + FrenchOpening(hours->zone().ToLocal(*state.next_opening)) + ".";
    }
    return Fail(ErrorKind::kInvalid, "queue_closed", message);
  }

  QueueTicket ticket;
  if (reason && !reason->empty()) {
    auto partners = sites_.Partners();
    if (!partners) return tl::unexpected(partners.error());
    const bool partner = std::any_of(partners->begin(), partners->end(),
                                     [&](const Partner& p) { return p.code == *reason; });
    const bool theme = std::any_of(Themes().begin(), Themes().end(),
                                   [&](const Theme& t) { return t.code == *reason; });
    if (!partner && !theme) {
      return Fail(ErrorKind::kInvalid, "invalid_reason",
                  "Motif inconnu : un code de partenaire ou de thématique, ou rien.", "reason");
    }
    ticket.reason = *reason;
  }
  const date::year_month_day today = hours->LocalDate(now);
  const sys_seconds midnight =
      hours->zone().ToInstant(date::local_seconds{date::local_days{today} + date::days{1}});
  ticket.id = RandomId();
  ticket.day = FormatDate(today);
  ticket.issued_at = now;
  ticket.issued_by = agent.id;
  ticket.closes_at = state.closes_at ? std::min(*state.closes_at, midnight) : midnight;

  auto added = store_.AddTicket(sites_.Current()->id, ticket);
  if (!added) return tl::unexpected(added.error());
  {
    std::lock_guard lock(mutex_);
    if (!next_closing_ || added->closes_at < *next_closing_) next_closing_ = added->closes_at;
  }
  auto view = View(now);
  if (!view) return tl::unexpected(view.error());
  events_.Publish(view->board);
  for (const QueueEntry& entry : view->tickets) {
    if (entry.ticket.id == added->id) return entry;
  }
  return QueueEntry{*added, 0, 0};  // closed meanwhile: shown as is
}

Result<QueueTicket> Queue::Changed(Result<QueueTicket> ticket) {
  if (ticket) Publish();
  return ticket;
}

Result<QueueTicket> Queue::CallNext(const Agent& agent, const std::string& counter) {
  if (auto allowed = MayAct(agent, Action::kCallTicket); !allowed) {
    return tl::unexpected(allowed.error());
  }
  auto checked = CheckedCounter(counter);
  if (!checked) return tl::unexpected(checked.error());
  if (auto swept = Sweep(); !swept) return tl::unexpected(swept.error());
  const sys_seconds now = Now();
  auto called = store_.CallNext(sites_.Current()->id, Today(now), agent.id, *checked, now);
  if (!called) return tl::unexpected(called.error());
  if (!*called) return Fail(ErrorKind::kConflict, "queue_empty", "Personne n'attend.");
  Publish();
  return **called;
}

Result<QueueTicket> Queue::Call(const Agent& agent, const std::string& id,
                                const std::string& counter) {
  if (auto allowed = MayAct(agent, Action::kCallTicket); !allowed) {
    return tl::unexpected(allowed.error());
  }
  auto checked = CheckedCounter(counter);
  if (!checked) return tl::unexpected(checked.error());
  if (auto swept = Sweep(); !swept) return tl::unexpected(swept.error());
  return Changed(
      store_.ApplyEvent(sites_.Current()->id, id, TicketEvent::kCall, agent.id, *checked, Now()));
}

Result<QueueTicket> Queue::Finish(const Agent& agent, const std::string& id, TicketEvent event) {
  if (auto allowed = MayAct(agent, Action::kCallTicket); !allowed) {
    return tl::unexpected(allowed.error());
  }
  if (event != TicketEvent::kServe && event != TicketEvent::kAbsent) {
    return Fail(ErrorKind::kInvalid, "invalid_event", "Fin attendue : servi ou absent.");
  }
  if (auto swept = Sweep(); !swept) return tl::unexpected(swept.error());
  return Changed(store_.ApplyEvent(sites_.Current()->id, id, event, agent.id, "", Now()));
}

Result<QueueTicket> Queue::Cancel(const Agent& agent, const std::string& id) {
  if (auto allowed = MayAct(agent, Action::kIssueTicket); !allowed) {
    return tl::unexpected(allowed.error());
  }
  if (auto swept = Sweep(); !swept) return tl::unexpected(swept.error());
  return Changed(
      store_.ApplyEvent(sites_.Current()->id, id, TicketEvent::kCancel, agent.id, "", Now()));
}

Result<QueueView> Queue::Today(const Agent& agent) {
  if (auto allowed = MayAct(agent, Action::kIssueTicket); !allowed) {
    return tl::unexpected(allowed.error());
  }
  if (auto swept = Sweep(); !swept) return tl::unexpected(swept.error());
  return View(Now());
}

Result<QueueBoard> Queue::Board() {
  if (auto swept = Sweep(); !swept) return tl::unexpected(swept.error());
  auto view = View(Now());
  if (!view) return tl::unexpected(view.error());
  return std::move(view->board);
}

void Queue::Publish() {
  auto view = View(Now());
  if (view) events_.Publish(std::move(view->board));
}

Result<QueueView> Queue::View(sys_seconds now) {
  const std::string& site_id = sites_.Current()->id;
  auto tickets = store_.ListDay(site_id, Today(now));
  if (!tickets) return tl::unexpected(tickets.error());
  auto samples = store_.RecentServiceTimes(site_id, now - kServiceHistory, kServiceSamples);
  if (!samples) return tl::unexpected(samples.error());
  const std::chrono::seconds typical = TypicalServiceTime(std::move(*samples));

  std::set<std::string> serving;
  for (const QueueTicket& t : *tickets) {
    if (t.called_by.empty() || !t.called_at) continue;
    if (t.status == TicketStatus::kCalled || *t.called_at >= now - kServingWindow) {
      serving.insert(t.called_by);
    }
  }
  const int counters = static_cast<int>(serving.size());

  QueueView view;
  int position = 0;
  for (const QueueTicket& t : *tickets) {
    QueueEntry entry{t, 0, 0};
    if (t.status == TicketStatus::kWaiting) {
      entry.position = ++position;
      entry.estimated_wait_minutes = EstimatedWaitMinutes(position, typical, counters);
    }
    view.tickets.push_back(std::move(entry));
  }

  const auto hours = sites_.CurrentHours();
  const OpenState state = hours->At(now);
  QueueBoard& board = view.board;
  board.open = state.open;
  if (!state.open) board.next_opening = state.next_opening;
  board.waiting = position;
  board.estimated_wait_minutes = EstimatedWaitMinutes(position + 1, typical, counters);
  std::vector<const QueueTicket*> called;
  for (const QueueTicket& t : *tickets) {
    if (t.called_at) called.push_back(&t);
  }
  std::sort(called.begin(), called.end(), [](const QueueTicket* a, const QueueTicket* b) {
    return *a->called_at != *b->called_at ? *a->called_at > *b->called_at : a->number > b->number;
  });
  if (called.size() > kBoardCalls) called.resize(kBoardCalls);
  for (const QueueTicket* t : called)
    board.called.push_back({t->number, t->counter, *t->called_at});
  return view;
}

}  // namespace relais::app
