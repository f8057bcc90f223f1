#include "app/audit.h"

#include <sodium.h>

#include <array>

namespace relais::app {
namespace {

void Field(std::string& out, const std::string& value) {
  out += std::to_string(value.size());
  out += ':';
  out += value;
}

constexpr std::size_t kPage = 4096;

}  // namespace

std::string AuditHash(const AuditEntry& entry) {
  std::string text;
  Field(text, std::to_string(entry.seq));
  Field(text, std::to_string(entry.at));
  Field(text, entry.site_id);
  Field(text, entry.agent_id);
  Field(text, entry.event);
  Field(text, entry.subject);
  Field(text, entry.prev_hash);
  std::array<unsigned char, crypto_hash_sha256_BYTES> digest{};
  crypto_hash_sha256(digest.data(), reinterpret_cast<const unsigned char*>(text.data()),
                     text.size());
  std::string hex(digest.size() * 2 + 1, '\0');
  sodium_bin2hex(hex.data(), hex.size(), digest.data(), digest.size());
  hex.pop_back();
  return hex;
}

Status AuditJournal::Record(const std::string& site_id, const std::string& agent_id,
                            const std::string& event, const std::string& subject) {
  AuditEntry entry;
  entry.at =
      std::chrono::duration_cast<std::chrono::seconds>(clock_.Now().time_since_epoch()).count();
  entry.site_id = site_id;
  entry.agent_id = agent_id;
  entry.event = event;
  entry.subject = subject;
  auto appended = store_.Append(std::move(entry), AuditHash);
  if (!appended) return tl::unexpected(appended.error());
  return {};
}

Result<AuditCheck> AuditJournal::Verify() {
  AuditCheck check;
  check.head_hash = kAuditGenesis;
  std::int64_t after = 0;
  while (true) {
    auto page = store_.Scan(after, kPage);
    if (!page) return tl::unexpected(page.error());
    for (const AuditEntry& entry : *page) {
      const bool holds = entry.seq == check.entries + 1 && entry.prev_hash == check.head_hash &&
                         entry.hash == AuditHash(entry);
      if (!holds) {
        check.broken_at = entry.seq;
        return check;
      }
      ++check.entries;
      check.head_hash = entry.hash;
      after = entry.seq;
    }
    if (page->size() < kPage) return check;
  }
}

}  // namespace relais::app
