#!/usr/bin/env bash
# Installs and starts what the test suites need from the machine (Debian packages):
#  - chromium for the browser tests (playwright-core drives /usr/bin/chromium)
#  - postgresql for the PostgreSQL store tests; writes .ci/postgres.env with TEST_DATABASE_URL
# Safe to re-run. Needs root (CI and developer machines here run as root); otherwise prints the
# exact commands to run. With CI=true a piece it cannot provide fails the script (exit 1), so the
# PostgreSQL and browser suites really run in CI; elsewhere it says what is missing and exits 0.
set -uo pipefail
cd "$(dirname "$0")/.."
problems=()
problem() { echo "ci-setup: $1"; problems+=("$1"); }
need=()
[ -x /usr/bin/chromium ] || need+=(chromium)
command -v pg_ctlcluster >/dev/null 2>&1 || need+=(postgresql)
if [ ${#need[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ]; then
    echo "ci-setup: installing ${need[*]} from Debian"
    (apt-get -o DPkg::Lock::Timeout=600 update -qq && DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 install -y -qq "${need[@]}" >/dev/null) \
      || problem "apt-get install ${need[*]} failed"
  else
    problem "missing ${need[*]}; run: sudo apt-get update && sudo apt-get install -y ${need[*]}"
  fi
fi
if command -v pg_ctlcluster >/dev/null 2>&1; then
  ver=$(ls /etc/postgresql 2>/dev/null | sort -n | tail -1)
  if [ -z "$ver" ]; then
    problem "postgresql installed but no cluster"
  else
    pg_ctlcluster "$ver" main start 2>/dev/null || true
    for _ in $(seq 1 20); do
      su postgres -c "psql -qAtc 'select 1'" >/dev/null 2>&1 && break
      sleep 0.5
    done
    su postgres -c "psql -qc \"do \\\$\\\$ begin if not exists (select from pg_roles where rolname='radar') then create role radar login superuser password 'radar'; end if; end \\\$\\\$;\"" >/dev/null 2>&1
    su postgres -c "psql -qAtc \"select 1 from pg_database where datname='radar_test'\"" | grep -q 1 \
      || su postgres -c "createdb -O radar radar_test" >/dev/null 2>&1
    if su postgres -c "psql -qAtc 'select 1'" >/dev/null 2>&1; then
      echo "TEST_DATABASE_URL=postgres://radar:radar@127.0.0.1:5432/radar_test" > .ci/postgres.env
      echo "ci-setup: PostgreSQL $ver running; TEST_DATABASE_URL written to .ci/postgres.env"
    else
      problem "PostgreSQL did not start"
    fi
  fi
fi
[ -x /usr/bin/chromium ] || problem "no /usr/bin/chromium"
command -v pg_ctlcluster >/dev/null 2>&1 || problem "no PostgreSQL (pg_ctlcluster)"
if [ ${#problems[@]} -gt 0 ]; then
  if [ "${CI:-}" = true ]; then
    echo "ci-setup: failed in CI (CI=true), ${#problems[@]} problem(s) above"
    exit 1
  fi
  echo "ci-setup: the suites that need these report them as skipped or failed"
fi
exit 0
