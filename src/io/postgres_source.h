// An input or table read from PostgreSQL: a table or a query, named by a
// URL, read with one COPY ... TO STDOUT (FORMAT csv, HEADER) into memory and
// parsed by the CSV reader, so it gives exactly what the same rows in a CSV
// file give.
//
//   postgresql://user:password@host:port/db?table=schema.name
//   postgresql://user:password@host:port/db?query=SELECT%20...   (URL-encoded)
//
// Other query parameters (sslmode=..., connect_timeout=...) go to libpq. The
// source's columns are looked up first (the SELECT with LIMIT 0), and only
// the declared columns that exist are copied, by quoted name, so a missing
// required column gives the CSV reader's "missing column" message; boolean
// columns are copied as 1/0. A table name is split at '.', each part quoted
// as an identifier (so it is matched exactly, case included).
//
// Errors (acctseg::Error), each naming the source without its password:
// kUsage for a URL with neither or both of table= and query=, or a declared
// encoding other than UTF-8 (the server sends UTF-8); kIo for a server that
// cannot be reached or refuses the credentials; kInput for a table, column
// or query the server rejects; then the CSV reader's errors.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "io/csv_reader.h"

namespace acctseg {

// True for "postgresql://..." and "postgres://...".
bool IsPostgresSource(std::string_view path);

// A source URL taken apart (for tests and messages).
struct PostgresSourceUrl {
  std::string connection_uri;  // the URL without table= and query=, for libpq
  std::string shown;           // the URL without the password, for messages
  std::string from;            // "\"schema\".\"name\"" or "(query) AS source"
};
PostgresSourceUrl ParsePostgresSourceUrl(const std::string& url);

// "\"a\"\"b\"" for a"b: an identifier quoted for SQL.
std::string QuoteIdentifier(std::string_view name);

CsvReadResult ReadPostgresSource(const CsvReadOptions& options);

}  // namespace acctseg
