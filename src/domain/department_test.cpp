#include "domain/department.h"

#include <gtest/gtest.h>

namespace relais {
namespace {

TEST(DepartmentTable, FindsNamesByCode) {
  auto table = DepartmentTable::Parse(
      "2A\tCorse-du-Sud\n91\tEssonne\n92\tHauts-de-Seine\n974\tLa Réunion\n");
  ASSERT_TRUE(table) << table.error().message;
  EXPECT_EQ(table->size(), 4u);
  EXPECT_EQ(table->Name("91"), "Essonne");
  EXPECT_EQ(table->Name("2A"), "Corse-du-Sud");
  EXPECT_EQ(table->Name("974"), "La Réunion");
  EXPECT_EQ(table->Name("93"), "");
  EXPECT_EQ(table->Name(""), "");
}

TEST(DepartmentTable, RefusesMalformedLinesNamingThem) {
  auto unsorted = DepartmentTable::Parse("92\tHauts-de-Seine\n91\tEssonne\n");
  ASSERT_FALSE(unsorted);
  EXPECT_NE(unsorted.error().message.find("ligne 2"), std::string::npos);
  EXPECT_FALSE(DepartmentTable::Parse("91 Essonne\n"));
  EXPECT_FALSE(DepartmentTable::Parse("91\t\n"));
  EXPECT_FALSE(DepartmentTable::Parse("91\tEssonne\t1\n"));
  EXPECT_FALSE(DepartmentTable::Parse("91\tEssonne\n91\tEssonne\n"));
}

}  // namespace
}  // namespace relais
