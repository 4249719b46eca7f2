// What acctseg says about a PostgreSQL connection URI, shared by the run
// store (store/postgres_store.h) and the PostgreSQL input source
// (io/postgres_source.h): where it points, without the password; the
// connect timeout added to it; and libpq's connect failures in one line.
// Pure string functions; nothing here links libpq.
#pragma once

#include <string>

namespace acctseg {

// Where a PostgreSQL URI points, for messages.
struct PostgresTarget {
  std::string location;  // the URI without any password
  std::string address;   // "host:port/dbname"
  std::string user;      // may be empty (libpq then uses the login name)
  // Empty, or why the URI cannot be used as written: a password holding a
  // raw '/', '?' or '#' (libpq would take part of it for the host or port
  // and echo it in its error). Said before connecting, the password left out.
  std::string unusable;
};
PostgresTarget DescribePostgresUri(const std::string& uri);

// The URI handed to libpq: a connect timeout unless one is given, so a host
// that does not answer fails in seconds rather than minutes.
std::string WithConnectTimeout(const std::string& uri);

// libpq's connection failure `message` as one line: "authentication failed
// for user "u" (check the user and password in the <uri_role>)" for refused
// credentials, else the first reason libpq gives.
std::string DescribeConnectFailure(const std::string& message, const PostgresTarget& target,
                                   const std::string& uri_role);

// The first reason in a libpq error message, without its "FATAL:" prefix
// and the address it repeats.
std::string ConnectFailureReason(const std::string& message);

}  // namespace acctseg
