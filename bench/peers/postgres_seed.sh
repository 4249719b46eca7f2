#!/usr/bin/env bash
# The seed policy on PostgreSQL 15 (postgres_seed.sql, run by postgres_run.sh).
#
#   postgres_seed.sh ACCOUNTS.csv REGIONS.csv OUT.csv [URI]
exec "$(dirname "$0")/postgres_run.sh" seed "$@"
