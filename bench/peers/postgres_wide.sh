#!/usr/bin/env bash
# The wide benchmark policy on PostgreSQL 15 (postgres_wide.sql, run by
# postgres_run.sh).
#
#   postgres_wide.sh ACCOUNTS.csv TERRITORIES.csv OUT.csv [URI]
exec "$(dirname "$0")/postgres_run.sh" wide "$@"
