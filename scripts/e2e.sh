#!/usr/bin/env bash
# End-to-end browser tests (docs/e2e.md): builds the release binary when needed, starts
# `paritrana serve --demo` on a free loopback port with a fresh data folder, an administrator and
# a pemda operator, then runs tests/e2e/*.test.mjs (Node's test runner, playwright-core driving
# Debian's chromium). Screenshots go to target/e2e/screenshots/, page weights to
# target/e2e/page-weights.json. The server is stopped however the script ends.
#
# Environment: CHROMIUM (default /usr/bin/chromium), PARITRANA_BIN (a built binary: skips the
# build), E2E_DEMO_ROWS (default 20000), E2E_KEEP=1 keeps the data folder.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
out="$root/target/e2e"

fail() {
  echo "e2e: $*" >&2
  exit 1
}

# What the tests need, checked before anything slow: a missing browser is a failure, not a skip.
export CHROMIUM="${CHROMIUM:-/usr/bin/chromium}"
[ -x "$CHROMIUM" ] || fail "chromium not found at $CHROMIUM (apt-get install chromium, or set CHROMIUM)"
command -v node >/dev/null || fail "node not found (apt-get install nodejs)"
command -v npm >/dev/null || fail "npm not found (apt-get install npm)"
command -v curl >/dev/null || fail "curl not found (apt-get install curl)"
node_major=$(node -p 'process.versions.node.split(".")[0]')
[ "$node_major" -ge 20 ] || fail "Node.js 20 or newer needed, found $(node --version)"

started=$(date +%s)

if [ -n "${PARITRANA_BIN:-}" ]; then
  bin="$PARITRANA_BIN"
else
  # A no-op when the binary is up to date.
  cargo build --release -p paritrana --quiet
  bin="$root/target/release/paritrana"
fi
[ -x "$bin" ] || fail "no paritrana binary at $bin"

# Offline when the modules are there and match the lock file.
if [ ! -d tests/e2e/node_modules ] || [ tests/e2e/package-lock.json -nt tests/e2e/node_modules/.package-lock.json ]; then
  (cd tests/e2e && npm ci --no-audit --no-fund --prefer-offline --loglevel=error)
fi

rm -rf "$out"
mkdir -p "$out/screenshots"
data=$(mktemp -d "${TMPDIR:-/tmp}/paritrana-e2e.XXXXXX")
server_pid=""

cleanup() {
  local status=$?
  if [ -n "$server_pid" ] && kill -0 "$server_pid" 2>/dev/null; then
    kill "$server_pid" 2>/dev/null || true
    for _ in $(seq 50); do kill -0 "$server_pid" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
  fi
  cp "$data/server.log" "$out/server.log" 2>/dev/null || true
  if [ "${E2E_KEEP:-}" = 1 ]; then
    echo "e2e: data folder kept in $data" >&2
  else
    rm -rf "$data"
  fi
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

export PARITRANA_DATA_DIR="$data"
unset PARITRANA_DATABASE_URL PARITRANA_ADDR PARITRANA_TODAY PARITRANA_LANG

# Accounts with random passwords, made at the console as an operator of the server would.
password() { echo "e2e-$(head -c 18 /dev/urandom | od -An -tx1 | tr -d ' \n')"; }
export PARITRANA_E2E_ADMIN_USER=e2e-admin
export PARITRANA_E2E_ADMIN_PASSWORD=$(password)
export PARITRANA_E2E_OPERATOR_USER=e2e-operator
export PARITRANA_E2E_OPERATOR_PASSWORD=$(password)
export PARITRANA_E2E_OPERATOR_SCOPE=64.01 # Kab. Paser
# The assessor exists before `serve --demo`, so the demo award cycle makes them a member of its
# Kalimantan Timur panel, assigned to the demo entries (docs/award-web.md).
export PARITRANA_E2E_ASSESSOR_USER=e2e-asesor
export PARITRANA_E2E_ASSESSOR_PASSWORD=$(password)
"$bin" init >/dev/null
printf '%s\n' "$PARITRANA_E2E_ADMIN_PASSWORD" |
  "$bin" user add "$PARITRANA_E2E_ADMIN_USER" --role admin --name "Admin Uji" --password-stdin >/dev/null
printf '%s\n' "$PARITRANA_E2E_OPERATOR_PASSWORD" |
  "$bin" user add "$PARITRANA_E2E_OPERATOR_USER" --role pemda_operator --scope "$PARITRANA_E2E_OPERATOR_SCOPE" \
    --name "Operator Uji" --institution "Disnakertrans Kab. Paser" --password-stdin >/dev/null
printf '%s\n' "$PARITRANA_E2E_ASSESSOR_PASSWORD" |
  "$bin" user add "$PARITRANA_E2E_ASSESSOR_USER" --role assessor --name "Asesor Uji" --password-stdin >/dev/null

# The server on a free port; it prints `Paritrana: http://ADDR/` once it listens.
PARITRANA_LOG=info "$bin" serve --demo --demo-rows "${E2E_DEMO_ROWS:-20000}" --addr 127.0.0.1:0 \
  >"$data/server.out" 2>"$data/server.log" &
server_pid=$!
base=""
for _ in $(seq 600); do
  base=$(sed -n 's#^Paritrana: \(http://[^/]*\)/$#\1#p' "$data/server.out" | head -n 1)
  [ -n "$base" ] && break
  kill -0 "$server_pid" 2>/dev/null || { tail -n 20 "$data/server.log" >&2; fail "the server stopped while starting"; }
  sleep 0.5
done
[ -n "$base" ] || { tail -n 20 "$data/server.log" >&2; fail "the server printed no address within 300 s"; }
for _ in $(seq 100); do
  [ "$(curl -fsS --max-time 2 "$base/healthz" 2>/dev/null)" = ok ] && break
  sleep 0.2
done
[ "$(curl -fsS --max-time 2 "$base/healthz")" = ok ] || fail "$base/healthz does not answer ok"
echo "e2e: server at $base, ready $(($(date +%s) - started)) s after the start of this script"

export PARITRANA_E2E_URL="$base"
export PARITRANA_E2E_OUT="$out"
echo "e2e: screenshots go to target/e2e/screenshots/, page weights to target/e2e/page-weights.json"
# The runner's own summary closes the output.
node --test --test-reporter=spec --test-concurrency=1 tests/e2e/
