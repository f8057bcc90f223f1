#include "app/audit.h"

#include <gtest/gtest.h>

namespace relais::app {
namespace {

AuditEntry Sample() {
  return {1,          1767225600,    "antony", "agent-1", audit_event::kPersonRead,
          "person-1", kAuditGenesis, ""};
}

TEST(AuditHash, IsTheSha256OfTheFieldsInHex) {
  const std::string hash = AuditHash(Sample());
  EXPECT_EQ(hash.size(), 64u);
  EXPECT_EQ(hash.find_first_not_of("0123456789abcdef"), std::string::npos);
  EXPECT_EQ(hash, AuditHash(Sample())) << "the same entry, the same hash";
}

TEST(AuditHash, ChangesWithEveryField) {
  const std::string base = AuditHash(Sample());
  std::vector<AuditEntry> changed(7, Sample());
  changed[0].seq = 2;
  changed[1].at += 1;
  changed[2].site_id = "massy";
  changed[3].agent_id = "agent-2";
  changed[4].event = audit_event::kPersonErase;
  changed[5].subject = "person-2";
  changed[6].prev_hash[0] = '1';
  for (const AuditEntry& entry : changed) EXPECT_NE(AuditHash(entry), base);
}

TEST(AuditHash, FieldsCannotSlideIntoEachOther) {
  AuditEntry a = Sample();
  AuditEntry b = Sample();
  a.agent_id = "agent-1";
  a.event = "x";
  b.agent_id = "agent-";
  b.event = "1x";
  EXPECT_NE(AuditHash(a), AuditHash(b));
  a.hash = "ignored";  // the hash field itself is not hashed
  EXPECT_EQ(AuditHash(a), AuditHash([&] {
              AuditEntry c = a;
              c.hash.clear();
              return c;
            }()));
}

}  // namespace
}  // namespace relais::app
