// The PostgreSQL input source. The URL tests run everywhere; the live ones
// need a server and run under tests/e2e/postgres_source.sh, which starts
// one: ACCTSEG_TEST_PG (a URI the tests may create tables in),
// ACCTSEG_TEST_PG_BAD_PASSWORD (the same with a wrong password) and, once
// the server is stopped, ACCTSEG_TEST_PG_DOWN. Without them they skip.
#include "io/postgres_source.h"

#include <gtest/gtest.h>
#include <libpq-fe.h>

#include <cstdlib>
#include <string>
#include <vector>

#include "io/table_file.h"
#include "job/inputs.h"
#include "util/read_values.h"

namespace acctseg {
namespace {

using Strings = std::vector<std::string>;

TEST(PgSourceUrlTest, TableQueryAndPassword) {
  PostgresSourceUrl url =
      ParsePostgresSourceUrl("postgresql://ana:s3cret@db:6543/crm?sslmode=disable&table=Sales.acc");
  EXPECT_EQ(url.connection_uri, "postgresql://ana:s3cret@db:6543/crm?sslmode=disable");
  EXPECT_EQ(url.shown, "postgresql://ana@db:6543/crm?sslmode=disable&table=Sales.acc");
  EXPECT_EQ(url.from, "\"Sales\".\"acc\"");
  url = ParsePostgresSourceUrl("postgres://h/db?query=SELECT%20*%20FROM%20t%20WHERE%20a%2Bb%3E1");
  EXPECT_EQ(url.connection_uri, "postgres://h/db");
  EXPECT_EQ(url.from, "(SELECT * FROM t WHERE a+b>1) AS source");
  EXPECT_EQ(QuoteIdentifier("we\"ird"), "\"we\"\"ird\"");
  EXPECT_TRUE(IsPostgresSource("postgresql://h/db?table=t"));
  EXPECT_FALSE(IsPostgresSource("accounts.csv"));
  for (const char* bad : {"postgresql://u:pw@h/db", "postgresql://u:pw@h/db?table=a&query=b",
                          "postgresql://u:pw@h/db?query=%zz", "postgresql://u:pw@h/db?table="}) {
    CsvReadOptions options;
    options.path = bad;
    std::string error = testing::ReadTableError(options, ErrorKind::kUsage);
    EXPECT_NE(error.find("postgresql://u@h/db"), std::string::npos) << error;
    EXPECT_EQ(error.find("pw"), std::string::npos) << error;
  }
}

TEST(PgSourceUrlTest, ReachesTheReaderAsAnInputArgumentAndIsShownWithoutPassword) {
  const std::string url = "postgresql://ana:s3cret@db/crm?table=accounts";
  const std::vector<PlanInput> wanted = {{"accounts", "", {}, {}}};
  EXPECT_EQ(ResolveInputPaths({url}, wanted).at("accounts"), url);  // its '=' is not NAME=
  EXPECT_EQ(ResolveInputPaths({"accounts=" + url}, wanted).at("accounts"), url);
  EXPECT_EQ(SourceDisplayName(url), "postgresql://ana@db/crm?table=accounts");
  EXPECT_EQ(SourceDisplayName("a/b.csv"), "a/b.csv");
}

// A live server: each test gets a fresh table "pg_source_test".
class PgSourceLiveTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const char* uri = std::getenv("ACCTSEG_TEST_PG");
    if (!uri) GTEST_SKIP() << "ACCTSEG_TEST_PG is not set (tests/e2e/postgres_source.sh sets it)";
    uri_ = uri;
    Execute(
        "DROP TABLE IF EXISTS pg_source_test; "
        "CREATE TABLE pg_source_test (id text, \"Employees\" integer, revenue numeric(12,2), "
        "active boolean, note text); "
        "INSERT INTO pg_source_test VALUES ('A1', 10, 12.50, true, 'a, \"quoted\"\nnote'), "
        "('A2', NULL, NULL, false, ''), ('A3', 7, 0.10, NULL, NULL);");
  }

  void Execute(const std::string& sql) {
    PGconn* connection = PQconnectdb(uri_.c_str());
    ASSERT_EQ(PQstatus(connection), CONNECTION_OK) << PQerrorMessage(connection);
    PGresult* result = PQexec(connection, sql.c_str());
    EXPECT_EQ(PQresultStatus(result), PGRES_COMMAND_OK) << PQerrorMessage(connection);
    PQclear(result);
    PQfinish(connection);
  }

  CsvReadOptions Options(const std::string& parameters) const {
    CsvReadOptions options;
    options.path = uri_ + "?" + parameters;
    options.columns = {{"id", DataType::String()},
                       {"Employees", DataType::Int64()},
                       {"revenue", DataType::Decimal(2)},
                       {"active", DataType::Bool()},
                       {"note", DataType::String()}};
    return options;
  }

  std::string Password() const {
    size_t at = uri_.find('@'), colon = uri_.rfind(':', at);
    return uri_.substr(colon + 1, at - colon - 1);
  }

  std::string uri_;
};

TEST_F(PgSourceLiveTest, ReadsATableAsTheCsvReaderWould) {
  CsvReadResult result = ReadTableFile(Options("table=public.pg_source_test"));
  EXPECT_EQ(testing::ColumnValues(result, "id"), (Strings{"A1", "A2", "A3"}));
  EXPECT_EQ(testing::ColumnValues(result, "Employees"), (Strings{"10", "<null>", "7"}));
  EXPECT_EQ(testing::ColumnValues(result, "revenue"), (Strings{"1250", "<null>", "10"}));
  EXPECT_EQ(testing::ColumnValues(result, "active"), (Strings{"1", "0", "<null>"}));
  EXPECT_EQ(testing::ColumnValues(result, "note"), (Strings{"a, \"quoted\"\nnote", "", ""}));
}

TEST_F(PgSourceLiveTest, ReadsAQuery) {
  CsvReadOptions options =
      Options("query=SELECT%20*%20FROM%20pg_source_test%20WHERE%20%22Employees%22%20%3E%208");
  EXPECT_EQ(testing::ColumnValues(ReadTableFile(options), "id"), (Strings{"A1"}));
  // As copied from an SQL editor: a trailing ';' and spaces.
  options = Options(
      "query=SELECT%20*%20FROM%20pg_source_test%20WHERE%20%22Employees%22%20%3E%208%3B%20%0A");
  EXPECT_EQ(testing::ColumnValues(ReadTableFile(options), "id"), (Strings{"A1"}));
  // A mistake says where the server counts its position.
  std::string error = testing::ReadTableError(Options("query=SELEC%20id"));
  EXPECT_NE(error.find("(the query runs as SELECT * FROM (query) AS source)"), std::string::npos)
      << error;
}

TEST_F(PgSourceLiveTest, MissingTableOrColumnNamesTheSourceNotThePassword) {
  std::string error = testing::ReadTableError(Options("table=crm.nowhere"));
  EXPECT_NE(error.find("?table=crm.nowhere: relation \"crm.nowhere\" does not exist"),
            std::string::npos)
      << error;
  EXPECT_EQ(error.find(Password()), std::string::npos) << error;
  CsvReadOptions options = Options("table=pg_source_test");
  options.columns.push_back({"segment", DataType::String()});
  error = testing::ReadTableError(options);
  EXPECT_NE(error.find("?table=pg_source_test:1: missing column \"segment\" (the header has: "
                       "id, Employees, revenue, active, note)"),
            std::string::npos)
      << error;
  EXPECT_EQ(error.find(Password()), std::string::npos) << error;
  // A near miss in a query: every column it gives is listed, not only the
  // declared ones found (nor a placeholder "?" when none is).
  options = Options("query=SELECT%20id%20AS%20%22Account_Id%22%20FROM%20pg_source_test");
  options.columns = {{"account_id", DataType::String()}};
  error = testing::ReadTableError(options);
  EXPECT_NE(error.find("missing column \"account_id\" (the header has: Account_Id)"),
            std::string::npos)
      << error;
}

TEST_F(PgSourceLiveTest, BadPasswordIsAnIoError) {
  const char* bad = std::getenv("ACCTSEG_TEST_PG_BAD_PASSWORD");
  if (!bad) GTEST_SKIP() << "ACCTSEG_TEST_PG_BAD_PASSWORD is not set";
  CsvReadOptions options = Options("table=pg_source_test");
  options.path = std::string(bad) + "?table=pg_source_test";
  std::string error = testing::ReadTableError(options, ErrorKind::kIo);
  EXPECT_NE(error.find("authentication failed for user \"acctseg\" (check the user and password "
                       "in the input URL)"),
            std::string::npos)
      << error;
  EXPECT_EQ(error.find("wrong-"), std::string::npos) << error;
}

TEST(PgSourceDownTest, ServerDownIsAnIoError) {
  const char* uri = std::getenv("ACCTSEG_TEST_PG_DOWN");
  if (!uri) GTEST_SKIP() << "ACCTSEG_TEST_PG_DOWN is not set";
  CsvReadOptions options;
  options.path = std::string(uri) + "?table=accounts";
  options.columns = {{"id", DataType::String()}};
  std::string error = testing::ReadTableError(options, ErrorKind::kIo);
  EXPECT_NE(error.find("cannot connect to PostgreSQL at 127.0.0.1:"), std::string::npos) << error;
  EXPECT_NE(error.find("Connection refused"), std::string::npos) << error;
}

}  // namespace
}  // namespace acctseg
