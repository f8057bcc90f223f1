#include "app/calendar_feeds.h"

#include <algorithm>

#include "app/secrets.h"

namespace relais::app {
namespace {

tl::unexpected<Error> UnknownFeed() {
  return Fail(ErrorKind::kNotFound, "calendar_feed_not_found",
              "Cet agenda en abonnement n'existe pas ou a été remplacé.");
}

}  // namespace

Result<std::string> CalendarFeeds::Issue(const Agent& agent) {
  const std::string site_id = sites_.Current()->id;
  auto mediators = appointments_.ListMediators(site_id);
  if (!mediators) return tl::unexpected(mediators.error());
  const bool takes = std::any_of(mediators->begin(), mediators->end(),
                                 [&](const MediatorSettings& m) { return m.agent_id == agent.id; });
  if (!takes) {
    return Fail(ErrorKind::kForbidden, "not_a_mediator",
                "Seuls les agents qui reçoivent des rendez-vous dans ce lieu ont un agenda.");
  }
  std::string token = RandomToken();
  if (auto saved = feeds_.SaveCalendarFeed(site_id, agent.id, TokenDigest(token), clock_.Now());
      !saved) {
    return tl::unexpected(saved.error());
  }
  return token;
}

Result<std::vector<Appointment>> CalendarFeeds::Appointments(const std::string& token) {
  if (token.empty() || token.size() > 128) return UnknownFeed();
  const std::string site_id = sites_.Current()->id;
  auto agent_id = feeds_.FindCalendarFeed(site_id, TokenDigest(token));
  if (!agent_id) return tl::unexpected(agent_id.error());
  if (!*agent_id) return UnknownFeed();
  const UtcTime now = std::chrono::floor<std::chrono::seconds>(clock_.Now());
  auto all = appointments_.ListAppointments(site_id, now - kFeedPast, now + kFeedFuture);
  if (!all) return tl::unexpected(all.error());
  std::vector<Appointment> mine;
  for (Appointment& a : *all) {
    if (a.agent_id == **agent_id && HoldsTime(a.status)) mine.push_back(std::move(a));
  }
  return mine;
}

}  // namespace relais::app
