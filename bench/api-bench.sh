#!/usr/bin/env bash
# API benchmark: GET /api/dashboard (authenticated student with progress) and GET /api/tracks.
#
#   bench/api-bench.sh            # everything: Release build, own PostgreSQL + Redis, seed, wrk
#
# The api runs as a Release build under ../shared/tools/run-capped 0.5 1024 (the seed's
# Fargate task: 0.5 vCPU, 1 GB), load comes from wrk in a separate process on 127.0.0.1.
# PostgreSQL (15, /usr/local/bin) and redis-server are started on free ports in a temp folder
# and removed afterwards; set BENCH_DB (Npgsql connection string to a server where databases
# may be created) and BENCH_REDIS (host:port) to use running ones instead.
# Tunables: DURATION (default 20s), CONNECTIONS (32), THREADS (2).
set -euo pipefail
RUN_CAPPED=${RUN_CAPPED:-$(git -C "$(dirname "$0")" rev-parse --show-toplevel)/../shared/tools/run-capped}
cd "$(dirname "$0")/.."
root=$(pwd)
DURATION=${DURATION:-20s}
CONNECTIONS=${CONNECTIONS:-32}
THREADS=${THREADS:-2}
work=$(mktemp -d /tmp/apranova-bench.XXXXXX)
chmod 755 "$work"
pids=()

cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  if [ -n "${pg_started:-}" ]; then runuser -u postgres -- /usr/local/bin/pg_ctl -D "$work/postgres/data" -m immediate stop >/dev/null 2>&1 || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }
command -v wrk >/dev/null || { echo "installing wrk"; apt-get install -y wrk >/dev/null; }

echo "== build (Release)"
dotnet publish ApraNova.Api -c Release -o "$work/api" --nologo -v quiet >/dev/null

if [ -z "${BENCH_DB:-}" ]; then
  echo "== start PostgreSQL"
  pg_port=$(free_port)
  # PostgreSQL refuses to run as root: its folder belongs to the postgres user.
  mkdir -p "$work/postgres" && chown postgres "$work/postgres"
  runuser -u postgres -- /usr/local/bin/initdb -D "$work/postgres/data" -U postgres --auth=trust >/dev/null
  runuser -u postgres -- /usr/local/bin/pg_ctl -D "$work/postgres/data" -l "$work/postgres/log" -w \
    -o "-p $pg_port -k $work/postgres -c listen_addresses=127.0.0.1 -c max_connections=200" start >/dev/null
  pg_started=1
  BENCH_DB="Host=127.0.0.1;Port=$pg_port;Username=postgres"
fi
if [ -z "${BENCH_REDIS:-}" ]; then
  echo "== start Redis"
  redis_port=$(free_port)
  redis-server --port "$redis_port" --bind 127.0.0.1 --save '' --appendonly no >"$work/redis.log" 2>&1 &
  pids+=($!)
  BENCH_REDIS="127.0.0.1:$redis_port"
fi
db_name="apranova_bench_$(date +%s)"
api_port=$(free_port)
admin_email="bench-admin@bench.apranova.dev"
admin_password="bench-$(openssl rand -hex 12)"

echo "== start api (run-capped 0.5 CPU / 1024 MB) on 127.0.0.1:$api_port"
env "ConnectionStrings__apranova-db=$BENCH_DB;Database=$db_name" \
    "ConnectionStrings__redis=$BENCH_REDIS" \
    "Jwt__SigningKey=$(openssl rand -hex 32)" \
    "Files__RootPath=$work/files" \
    "Bootstrap__SuperAdminEmail=$admin_email" "Bootstrap__SuperAdminPassword=$admin_password" \
    "ASPNETCORE_URLS=http://127.0.0.1:$api_port" ASPNETCORE_ENVIRONMENT=Production \
    "Logging__LogLevel__Default=Warning" \
  "$RUN_CAPPED" 0.5 1024 -- dotnet "$work/api/ApraNova.Api.dll" --contentRoot "$work/api" >"$work/api.log" 2>"$work/api.err" &
api_pid=$!
pids+=($api_pid)
# The database must exist before the api migrates it.
psql_conn() { python3 - "$BENCH_DB" "$@" <<'PY'
import sys
parts = dict(p.split("=", 1) for p in sys.argv[1].split(";") if p)
print(f"host={parts.get('Host','127.0.0.1')} port={parts.get('Port','5432')} user={parts.get('Username','postgres')}" + (f" password={parts['Password']}" if 'Password' in parts else ""))
PY
}
conn=$(psql_conn)
psql "$conn dbname=postgres" -qc "CREATE DATABASE $db_name" 2>/dev/null || true
for _ in $(seq 1 120); do
  curl -fs "http://127.0.0.1:$api_port/alive" >/dev/null 2>&1 && break
  kill -0 $api_pid 2>/dev/null || { echo "api exited:"; tail -30 "$work/api.log" "$work/api.err"; exit 1; }
  sleep 1
done

echo "== seed: a trainer in DP, an enrolled student with steps ticked and submissions reviewed"
token=$(python3 "$root/bench/seed.py" "http://127.0.0.1:$api_port" "$admin_email" "$admin_password" "$conn dbname=$db_name")

run_wrk() {
  local name=$1; shift
  wrk -t"$THREADS" -c"$CONNECTIONS" -d5s "$@" >/dev/null   # warm-up (JIT, pools, cache)
  local out; out=$(wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --latency "$@")
  local rps p50 p99 non2xx
  rps=$(awk '/Requests\/sec/ {print $2}' <<<"$out")
  p50=$(awk '$1=="50%" {print $2}' <<<"$out")
  p99=$(awk '$1=="99%" {print $2}' <<<"$out")
  non2xx=$(awk '/Non-2xx/ {print $4}' <<<"$out")
  printf "%-16s requests/s=%-10s p50=%-9s p99=%-9s non-2xx=%s\n" "$name" "$rps" "$p50" "$p99" "${non2xx:-0}"
}

echo "== wrk: $THREADS threads, $CONNECTIONS connections, $DURATION per endpoint"
run_wrk "GET /api/tracks" "http://127.0.0.1:$api_port/api/tracks"
run_wrk "GET /api/dashboard" -H "Authorization: Bearer $token" "http://127.0.0.1:$api_port/api/dashboard"

echo "== api memory"
dotnet_pid=$(pgrep -P "$api_pid" -f ApraNova.Api.dll | head -1)
rss=$(ps -o rss= -p "$dotnet_pid" 2>/dev/null || echo 0)
echo "api RSS after the run: $((rss / 1024)) MB"
# SIGTERM (not SIGINT: background jobs of a script ignore it) lets the api shut down; run-capped
# then prints the cgroup's peak memory.
kill -TERM "$dotnet_pid" 2>/dev/null || true
wait "$api_pid" 2>/dev/null || true
grep "run-capped" "$work/api.err" || true
echo "machine load average during the run: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores (shared)"
