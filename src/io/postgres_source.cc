#include "io/postgres_source.h"

#include <libpq-fe.h>

#include <cctype>
#include <memory>

#include "common/error.h"
#include "common/postgres_uri.h"
#include "io/text_source.h"

namespace acctseg {
namespace {

constexpr Oid kBooleanOid = 16;  // pg_type.oid of boolean

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// %XX escapes decoded (RFC 3986; '+' stays '+', since SQL uses it).
std::string PercentDecode(std::string_view text, const std::string& shown) {
  std::string decoded;
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] != '%') {
      decoded.push_back(text[i]);
      continue;
    }
    int high = i + 2 < text.size() ? HexValue(text[i + 1]) : -1;
    int low = high >= 0 ? HexValue(text[i + 2]) : -1;
    if (low < 0)
      throw Error(ErrorKind::kUsage,
                  shown + ": a '%' in the URL must start an escape such as %20 (write %25 for %)");
    decoded.push_back(static_cast<char>(high * 16 + low));
    i += 2;
  }
  return decoded;
}

using Connection = std::unique_ptr<PGconn, decltype(&PQfinish)>;
using Result = std::unique_ptr<PGresult, decltype(&PQclear)>;

// The server's reason for a failed statement, one line.
std::string ServerError(const PGresult* result, PGconn* connection) {
  const char* primary = result ? PQresultErrorField(result, PG_DIAG_MESSAGE_PRIMARY) : nullptr;
  return primary ? primary : ConnectFailureReason(PQerrorMessage(connection));
}

class PostgresReader {
 public:
  PostgresReader(const CsvReadOptions& options, PostgresSourceUrl url)
      : options_(options), url_(std::move(url)), connection_(nullptr, &PQfinish) {}

  CsvReadResult Read() {
    Connect();
    std::string copied = Copy(SelectList());
    CsvReadOptions csv = options_;
    csv.path = url_.shown;
    csv.format = CsvFormat{};  // COPY's CSV, in UTF-8
    return ReadCsvText(csv, TextSource::FromMemory(std::move(copied)));
  }

 private:
  [[noreturn]] void Fail(ErrorKind kind, const std::string& message) const {
    throw Error(kind, url_.shown + ": " + message);
  }

  void Connect() {
    connection_.reset(PQconnectdb(WithConnectTimeout(url_.connection_uri).c_str()));
    if (!connection_ || PQstatus(connection_.get()) != CONNECTION_OK) {
      std::string message = connection_ ? PQerrorMessage(connection_.get()) : "out of memory";
      PostgresTarget target = DescribePostgresUri(url_.connection_uri);
      Fail(ErrorKind::kIo, "cannot connect to PostgreSQL at " + target.address + ": " +
                               DescribeConnectFailure(message, target, "input URL"));
    }
    // COPY sends text in the client encoding; the readers parse UTF-8.
    if (PQsetClientEncoding(connection_.get(), "UTF8") != 0)
      Fail(ErrorKind::kIo, "cannot set the client encoding to UTF-8");
  }

  // The source's columns, from a statement that reads no rows.
  Result Describe() {
    Result described(PQexec(connection_.get(), ("SELECT * FROM " + url_.from + " LIMIT 0").c_str()),
                     &PQclear);
    if (PQresultStatus(described.get()) != PGRES_TUPLES_OK)
      Fail(ErrorKind::kInput,
           ServerError(described.get(), connection_.get()) +
               // A position the server gives counts in the statement around the query.
               (url_.from.starts_with("(") ? " (the query runs as SELECT * FROM (query) AS source)"
                                           : ""));
    return described;
  }

  // The requested columns the source has, or every column when the
  // caller keeps the others; booleans as 1/0, which the readers accept.
  std::string SelectList() {
    Result described = Describe();
    std::string list;
    const int count = PQnfields(described.get());
    // A declared column the source lacks: every column is read, so that the
    // reader's "missing column" lists what the source has (the near miss
    // too), not only the declared ones it found.
    for (const CsvColumnRequest& column : options_.columns)
      if (PQfnumber(described.get(), QuoteIdentifier(column.name).c_str()) < 0) return "*";
    for (int i = 0; i < count; ++i) {
      std::string name = PQfname(described.get(), i);
      bool requested = options_.keep_other_columns;
      for (const CsvColumnRequest& column : options_.columns) requested |= column.name == name;
      if (!requested) continue;
      std::string quoted = QuoteIdentifier(name);
      if (!list.empty()) list += ", ";
      list +=
          PQftype(described.get(), i) == kBooleanOid ? quoted + "::integer AS " + quoted : quoted;
    }
    return list.empty() ? "*" : list;
  }

  std::string Copy(const std::string& select_list) {
    std::string statement = "COPY (SELECT " + select_list + " FROM " + url_.from +
                            ") TO STDOUT WITH (FORMAT csv, HEADER)";
    Result started(PQexec(connection_.get(), statement.c_str()), &PQclear);
    if (PQresultStatus(started.get()) != PGRES_COPY_OUT)
      Fail(ErrorKind::kInput, ServerError(started.get(), connection_.get()));
    std::string text;
    for (;;) {
      char* buffer = nullptr;
      int length = PQgetCopyData(connection_.get(), &buffer, 0);
      if (length < 0) break;  // -1: done; -2: failed, reported below
      text.append(buffer, static_cast<size_t>(length));
      PQfreemem(buffer);
    }
    Result finished(PQgetResult(connection_.get()), &PQclear);
    if (PQresultStatus(finished.get()) != PGRES_COMMAND_OK)
      Fail(ErrorKind::kIo, "the COPY failed: " + ServerError(finished.get(), connection_.get()));
    return text;
  }

  const CsvReadOptions& options_;
  PostgresSourceUrl url_;
  Connection connection_;
};

}  // namespace

bool IsPostgresSource(std::string_view path) {
  return path.starts_with("postgresql://") || path.starts_with("postgres://");
}

std::string QuoteIdentifier(std::string_view name) {
  std::string quoted = "\"";
  for (char c : name) {
    if (c == '"') quoted.push_back('"');
    quoted.push_back(c);
  }
  return quoted + "\"";
}

PostgresSourceUrl ParsePostgresSourceUrl(const std::string& url) {
  PostgresSourceUrl parsed;
  const PostgresTarget target = DescribePostgresUri(url);
  parsed.shown = target.location;
  if (!target.unusable.empty())
    throw Error(ErrorKind::kUsage, parsed.shown + ": " + target.unusable);
  size_t question = url.find('?');
  parsed.connection_uri = url.substr(0, question);
  std::string table, query, kept;
  bool has_table = false, has_query = false;
  std::string_view parameters = question == std::string::npos
                                    ? std::string_view()
                                    : std::string_view(url).substr(question + 1);
  while (!parameters.empty()) {
    std::string_view pair = parameters.substr(0, parameters.find('&'));
    parameters.remove_prefix(std::min(parameters.size(), pair.size() + 1));
    std::string_view key = pair.substr(0, pair.find('='));
    std::string_view value = pair.substr(std::min(pair.size(), key.size() + 1));
    if (key == "table") {
      has_table = true;
      table = PercentDecode(value, parsed.shown);
    } else if (key == "query") {
      has_query = true;
      query = PercentDecode(value, parsed.shown);
    } else if (!pair.empty()) {
      kept += kept.empty() ? '?' : '&';
      kept += pair;
    }
  }
  parsed.connection_uri += kept;
  if (has_table == has_query || (has_table ? table : query).empty())
    throw Error(ErrorKind::kUsage,
                parsed.shown +
                    ": name the rows to read with ?table=schema.name or ?query=SELECT... "
                    "(URL-encoded), one of the two");
  if (has_query) {
    // A query copied from an SQL editor ends with ';', which cannot stand
    // inside the parentheses it is read through.
    while (!query.empty() &&
           (std::isspace(static_cast<unsigned char>(query.back())) || query.back() == ';'))
      query.pop_back();
    parsed.from = "(" + query + ") AS source";
    return parsed;
  }
  for (size_t start = 0;;) {
    size_t dot = table.find('.', start);
    parsed.from += QuoteIdentifier(std::string_view(table).substr(start, dot - start));
    if (dot == std::string::npos) break;
    parsed.from += ".";
    start = dot + 1;
  }
  return parsed;
}

CsvReadResult ReadPostgresSource(const CsvReadOptions& options) {
  PostgresSourceUrl url = ParsePostgresSourceUrl(options.path);
  if (options.format.encoding != TextEncoding::kUtf8)
    throw Error(ErrorKind::kUsage, url.shown +
                                       ": encoding: " + TextEncodingName(options.format.encoding) +
                                       " applies to files; PostgreSQL sends UTF-8");
  return PostgresReader(options, std::move(url)).Read();
}

}  // namespace acctseg
