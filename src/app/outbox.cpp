#include "app/outbox.h"

#include <array>

#include "app/appointment_store.h"
#include "app/secrets.h"

namespace relais::app {
namespace {

template <typename T>
struct Named {
  T value;
  std::string_view name;
};

constexpr std::array<Named<NoticeKind>, 6> kKinds = {{
    {NoticeKind::kConfirmation, "confirmation"},
    {NoticeKind::kReminder, "reminder"},
    {NoticeKind::kChange, "change"},
    {NoticeKind::kCancellation, "cancellation"},
    {NoticeKind::kSurvey, "survey"},
    {NoticeKind::kPromotion, "promotion"},
}};

constexpr std::array<Named<NoticeChannel>, 2> kNoticeChannels = {{
    {NoticeChannel::kEmail, "email"},
    {NoticeChannel::kSms, "sms"},
}};

constexpr std::array<Named<OutboxStatus>, 4> kOutboxStatuses = {{
    {OutboxStatus::kPending, "pending"},
    {OutboxStatus::kSent, "sent"},
    {OutboxStatus::kDropped, "dropped"},
    {OutboxStatus::kFailed, "failed"},
}};

template <typename T, std::size_t N>
std::string_view NameOf(const std::array<Named<T>, N>& table, T value) {
  for (const auto& entry : table) {
    if (entry.value == value) return entry.name;
  }
  return table[0].name;  // unreachable: every enumerator is listed
}

template <typename T, std::size_t N>
std::optional<T> ValueOf(const std::array<Named<T>, N>& table, std::string_view name) {
  for (const auto& entry : table) {
    if (entry.name == name) return entry.value;
  }
  return std::nullopt;
}

}  // namespace

std::string_view KindName(NoticeKind kind) {
  return NameOf(kKinds, kind);
}
std::optional<NoticeKind> ParseKind(std::string_view name) {
  return ValueOf(kKinds, name);
}
std::string_view NoticeChannelName(NoticeChannel channel) {
  return NameOf(kNoticeChannels, channel);
}
std::optional<NoticeChannel> ParseNoticeChannel(std::string_view name) {
  return ValueOf(kNoticeChannels, name);
}
std::string_view OutboxStatusName(OutboxStatus status) {
  return NameOf(kOutboxStatuses, status);
}
std::optional<OutboxStatus> ParseOutboxStatus(std::string_view name) {
  return ValueOf(kOutboxStatuses, name);
}

std::vector<NoticeChannel> ChannelsOf(const Appointment& appointment) {
  std::vector<NoticeChannel> channels;
  if (!appointment.consent) return channels;
  if (!appointment.person.email.empty()) channels.push_back(NoticeChannel::kEmail);
  if (!appointment.person.phone.empty()) channels.push_back(NoticeChannel::kSms);
  return channels;
}

std::vector<OutboxMessage> PlanNotices(const Appointment& appointment, NoticeKind kind,
                                       const ReminderPlan& plan, UtcTime now) {
  std::vector<OutboxMessage> notices;
  const auto add = [&](NoticeKind k, NoticeChannel channel, UtcTime due) {
    for (const OutboxMessage& m : notices) {
      if (m.kind == k && m.channel == channel && m.due_at == due) return;  // a repeated delay
    }
    OutboxMessage message;
    message.id = RandomId();
    message.appointment_id = appointment.id;
    message.kind = k;
    message.channel = channel;
    message.sequence = appointment.sequence;
    message.due_at = due;
    message.next_attempt_at = due;
    notices.push_back(std::move(message));
  };
  for (NoticeChannel channel : ChannelsOf(appointment)) {
    add(kind, channel, now);
    if (kind == NoticeKind::kCancellation) continue;
    for (std::chrono::minutes before : plan.before) {
      const UtcTime due = appointment.start - before;
      if (due > now) add(NoticeKind::kReminder, channel, due);
    }
  }
  return notices;
}

std::vector<OutboxMessage> PlanSurveyInvitation(const Appointment& appointment, UtcTime now) {
  const std::vector<NoticeChannel> channels = ChannelsOf(appointment);
  if (channels.empty()) return {};
  OutboxMessage message;
  message.id = RandomId();
  message.appointment_id = appointment.id;
  message.kind = NoticeKind::kSurvey;
  message.channel = channels.front();  // e-mail first
  message.sequence = appointment.sequence;
  message.due_at = now;
  message.next_attempt_at = now;
  return {message};
}

}  // namespace relais::app
