#!/usr/bin/env bash
# Accounts benchmark: POST /api/auth/login (production password hashing: PBKDF2-SHA512, 210,000
# rounds) and GET /api/auth/me (JWT validation; revocations are checked in memory, pushed over Redis).
#
#   bench/accounts-bench.sh
#
# The api runs as a Release build under ../shared/tools/run-capped 0.5 1024 (the seed's
# Fargate task: 0.5 vCPU, 1 GB); load comes from wrk in a separate process on 127.0.0.1.
# PostgreSQL 15 (/usr/local/bin, as the postgres user) and redis-server run on free ports in a
# temp folder, removed afterwards. The log-in rate limits are raised for the run (they would
# otherwise answer 429 after 30 requests): the figure is the cost of a log-in, not of a refusal.
# Tunables: DURATION (default 15s), CONNECTIONS (16), THREADS (2).
set -euo pipefail
RUN_CAPPED=${RUN_CAPPED:-$(git -C "$(dirname "$0")" rev-parse --show-toplevel)/../shared/tools/run-capped}
cd "$(dirname "$0")/.."
DURATION=${DURATION:-15s}
CONNECTIONS=${CONNECTIONS:-16}
THREADS=${THREADS:-2}
work=$(mktemp -d /tmp/apranova-accounts-bench.XXXXXX)
chmod 755 "$work"
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  [ -n "${pg_started:-}" ] && runuser -u postgres -- /usr/local/bin/pg_ctl -D "$work/postgres/data" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }
command -v wrk >/dev/null || apt-get install -y wrk >/dev/null
command -v redis-server >/dev/null || apt-get install -y redis-server >/dev/null

echo "== build (Release)"
dotnet publish ApraNova.Api -c Release -o "$work/api" --nologo -v quiet >/dev/null

echo "== start PostgreSQL and Redis"
pg_port=$(free_port); redis_port=$(free_port); api_port=$(free_port)
mkdir -p "$work/postgres" && chown postgres "$work/postgres"
runuser -u postgres -- /usr/local/bin/initdb -D "$work/postgres/data" -U postgres --auth=trust >/dev/null
runuser -u postgres -- /usr/local/bin/pg_ctl -D "$work/postgres/data" -l "$work/postgres/log" -w \
  -o "-p $pg_port -k $work/postgres -c listen_addresses=127.0.0.1" start >/dev/null
pg_started=1
psql "host=127.0.0.1 port=$pg_port user=postgres dbname=postgres" -qc "CREATE DATABASE apranova_bench"
redis-server --port "$redis_port" --bind 127.0.0.1 --save '' --appendonly no >"$work/redis.log" 2>&1 &
pids+=($!)

email="bench-user@bench.apranova.dev"
password="bench-$(openssl rand -hex 12)"
echo "== start api (run-capped 0.5 CPU / 1024 MB) on 127.0.0.1:$api_port"
env "ConnectionStrings__apranova-db=Host=127.0.0.1;Port=$pg_port;Username=postgres;Database=apranova_bench" \
    "ConnectionStrings__redis=127.0.0.1:$redis_port" \
    "Jwt__SigningKey=$(openssl rand -hex 32)" \
    "Files__RootPath=$work/files" \
    "RateLimiting__Policies__login-ip__PermitLimit=100000000" \
    "RateLimiting__Policies__login-account__PermitLimit=100000000" \
    "ASPNETCORE_URLS=http://127.0.0.1:$api_port" ASPNETCORE_ENVIRONMENT=Production \
    "Logging__LogLevel__Default=Warning" \
  "$RUN_CAPPED" 0.5 1024 -- dotnet "$work/api/ApraNova.Api.dll" --contentRoot "$work/api" >"$work/api.log" 2>&1 &
api_pid=$!; pids+=($api_pid)
for _ in $(seq 1 120); do curl -fs "http://127.0.0.1:$api_port/alive" >/dev/null 2>&1 && break; sleep 1; done
base="http://127.0.0.1:$api_port"

token=$(python3 bench/signup.py "$base" "host=127.0.0.1 port=$pg_port user=postgres dbname=apranova_bench" "$email" "$password" "Bench User")

cat >"$work/login.lua" <<LUA
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.body = '{"email":"$email","password":"$password"}'
LUA

run() { # name, wrk args...
  local name=$1; shift
  echo "== $name ($DURATION, $CONNECTIONS connections)"
  wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --latency "$@" | grep -E "Requests/sec|50%|99%|Non-2xx|Socket errors" | sed 's/^/   /'
}
# Warm-up (JIT, connection pools), not measured.
wrk -t1 -c4 -d3s -H "Authorization: Bearer $token" "$base/api/auth/me" >/dev/null
run "GET /api/auth/me" -H "Authorization: Bearer $token" "$base/api/auth/me"
# A log-in is one PBKDF2 hash (~0.1 s of a full core): few connections, long timeout.
CONNECTIONS=4 run "POST /api/auth/login" --timeout 30s -s "$work/login.lua" "$base/api/auth/login"

# run-capped's child is the api process itself (it execs dotnet inside the cgroup).
api_dotnet=$(pgrep -P "$api_pid" | head -1)
echo "== api memory after the run: $(( $(ps -o rss= -p "$api_dotnet" | tr -d ' ') / 1024 )) MB RSS"
kill "$api_dotnet"; wait "$api_pid" 2>/dev/null || true
grep "run-capped:" "$work/api.log" | sed 's/^/   /' || true
