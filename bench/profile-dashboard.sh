#!/usr/bin/env bash
# Profile of GET /api/dashboard under load (one command, as root): bash bench/profile-dashboard.sh
#
# Builds the api (Release), starts its own PostgreSQL, Redis and OTLP sink (telemetry on, as in
# production) and the api under <repo>/../shared/tools/run-capped 0.5 1024, seeds a student with
# progress (bench/seed.py), then loads /api/dashboard with wrk (CONNECTIONS, default 50) twice:
#   1. with dotnet-counters collecting (GC, heap, allocation rate, thread pool, CPU, lock contention),
#   2. with dotnet-trace sampling thread stacks (~100 Hz) for TRACE_SECONDS (default 10),
# and prints wrk's figures for both rounds, a counters summary and where the managed CPU goes
# (bench/trace-summary.py). KEEP_WORK=1 keeps the trace, counters and logs. API_DIR=<folder> profiles an
# api published there instead of building this checkout (e.g. main's build beside a branch's, for an A/B).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
run_capped=${RUN_CAPPED:-$root/../shared/tools/run-capped}
CONNECTIONS=${CONNECTIONS:-50}
THREADS=${THREADS:-2}
TRACE_SECONDS=${TRACE_SECONDS:-10}
[ -x "$run_capped" ] || { echo "run-capped not found at $run_capped" >&2; exit 1; }
command -v wrk >/dev/null || { echo "installing wrk"; apt-get install -y wrk >/dev/null; }
pg_user=postgres; id "$pg_user" >/dev/null 2>&1 || pg_user=nobody

work=$(mktemp -d /tmp/apranova-profile-dashboard.XXXXXX)
chmod 755 "$work"
pids=(); capped=()
cleanup() {
  for pid in "${capped[@]}"; do pkill -TERM -P "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  if [ -n "${pg_started:-}" ]; then runuser -u "$pg_user" -- /usr/local/bin/pg_ctl -D "$work/pg/data" -m immediate stop >/dev/null 2>&1 || true; fi
  if [ -n "${KEEP_WORK:-}" ]; then echo "kept in $work"; else rm -rf "$work"; fi
}
trap cleanup EXIT
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }

echo "== build (Release) and the diagnostics tools (.config/dotnet-tools.json)"
(cd "$root" && dotnet tool restore >/dev/null)
if [ -n "${API_DIR:-}" ]; then
  cp -r "$API_DIR" "$work/api"
else
  dotnet publish "$root/ApraNova.Api" -c Release -o "$work/api" --nologo -v quiet >/dev/null
fi

echo "== start PostgreSQL (as $pg_user), Redis, the OTLP sink"
pg_port=$(free_port); redis_port=$(free_port); sink_port=$(free_port); api_port=$(free_port)
mkdir -p "$work/pg" && chown "$pg_user" "$work/pg"
runuser -u "$pg_user" -- /usr/local/bin/initdb -D "$work/pg/data" -U postgres --auth=trust >/dev/null
runuser -u "$pg_user" -- /usr/local/bin/pg_ctl -D "$work/pg/data" -l "$work/pg/log" -w \
  -o "-p $pg_port -k $work/pg -c listen_addresses=127.0.0.1 -c max_connections=200" start >/dev/null
pg_started=1
conninfo="host=127.0.0.1 port=$pg_port user=postgres"
psql "$conninfo dbname=postgres" -qc "CREATE DATABASE apranova_bench"
redis-server --port "$redis_port" --bind 127.0.0.1 --save '' --appendonly no >"$work/redis.log" 2>&1 &
pids+=($!)
python3 "$root/bench/otlp-sink.py" "$sink_port" "$work/otlp-summary.json" >"$work/otlp-sink.log" 2>&1 &
pids+=($!)

admin_email="bench-admin@bench.apranova.dev"
admin_password="bench-$(openssl rand -hex 12)"
echo "== start the api (run-capped 0.5 CPU / 1024 MB) on 127.0.0.1:$api_port, telemetry to the OTLP sink"
env "ConnectionStrings__apranova-db=Host=127.0.0.1;Port=$pg_port;Username=postgres;Database=apranova_bench" \
    "ConnectionStrings__redis=127.0.0.1:$redis_port" \
    "Jwt__SigningKey=$(openssl rand -hex 32)" "Jwt__AccessTokenLifetime=02:00:00" \
    "Files__RootPath=$work/files" "App__PublicUrl=http://localhost:3000" \
    "Bootstrap__SuperAdminEmail=$admin_email" "Bootstrap__SuperAdminPassword=$admin_password" \
    "OTEL_EXPORTER_OTLP_ENDPOINT=http://127.0.0.1:$sink_port" OTEL_EXPORTER_OTLP_PROTOCOL=http/protobuf OTEL_SERVICE_NAME=api \
    "ASPNETCORE_URLS=http://127.0.0.1:$api_port" ASPNETCORE_ENVIRONMENT=Production \
  "$run_capped" 0.5 1024 -- dotnet "$work/api/ApraNova.Api.dll" --contentRoot "$work/api" >"$work/api.log" 2>&1 &
api_capped=$!; capped+=($api_capped)
for _ in $(seq 1 240); do
  curl -fs -o /dev/null "http://127.0.0.1:$api_port/health" && break
  kill -0 "$api_capped" 2>/dev/null || { echo "api exited:"; tail -40 "$work/api.log"; exit 1; }
  sleep 0.5
done
api_pid=$(pgrep -P "$api_capped" -f ApraNova.Api.dll | head -1)
# The api's CFS quota: periods in which it used its 50 ms of CPU per 100 ms and was stopped.
cpu_cgroup=/sys/fs/cgroup/cpu/capped-$api_capped; [ -f "$cpu_cgroup/cpu.stat" ] || cpu_cgroup=/sys/fs/cgroup/capped-$api_capped
throttling() { awk '$1=="nr_periods"{p=$2} $1=="nr_throttled"{t=$2} $1=="throttled_time"{ns=$2} $1=="throttled_usec"{ns=$2*1000} END{print p, t, ns}' "$cpu_cgroup/cpu.stat" 2>/dev/null || echo "0 0 0"; }
url="http://127.0.0.1:$api_port/api/dashboard"

echo "== seed: a trainer in DP, an enrolled student with steps ticked and submissions reviewed"
token=$(python3 "$root/bench/seed.py" "http://127.0.0.1:$api_port" "$admin_email" "$admin_password" "$conninfo dbname=apranova_bench")

wrk_line() { # label, wrk output
  printf "%-34s requests/s=%-9s p50=%-8s p99=%-8s non-2xx=%s\n" "$1" \
    "$(awk '/Requests\/sec/ {print $2}' <<<"$2")" "$(awk '$1=="50%" {print $2}' <<<"$2")" \
    "$(awk '$1=="99%" {print $2}' <<<"$2")" "$(awk '/Non-2xx/ {print $4}' <<<"$2" | grep . || echo 0)"
}
load() { wrk -t"$THREADS" -c"$CONNECTIONS" -d"$1" --latency -H "Authorization: Bearer $token" "$url"; }

WARMUP_SECONDS=${WARMUP_SECONDS:-10}
# Long enough for tiered compilation to settle (on half a core the JIT's tier-1 work otherwise lands in round 1).
echo "== warm-up ($WARMUP_SECONDS s), then two rounds of $((TRACE_SECONDS + 4)) s, $CONNECTIONS connections (load average $(cut -d' ' -f1-3 /proc/loadavg))"
load "${WARMUP_SECONDS}s" >/dev/null
dotnet_tool() { (cd "$root" && dotnet "$@"); }

# Round 1: counters. System.Runtime (GC, heap, allocations, thread pool, CPU, contention) and the
# request rate as the api's own Kestrel/hosting meters see it.
dotnet_tool dotnet-counters collect -p "$api_pid" --format json -o "$work/counters.json" --refresh-interval 1 \
  --duration "00:00:00:$TRACE_SECONDS" --counters System.Runtime,Microsoft.AspNetCore.Hosting >"$work/counters.log" 2>&1 &
counters_pid=$!
read -r periods0 throttled0 ns0 < <(throttling)
round1=$(load "$((TRACE_SECONDS + 4))s")
read -r periods1 throttled1 ns1 < <(throttling)
wait "$counters_pid" || { cat "$work/counters.log"; }

# Round 2: sampled stacks.
dotnet_tool dotnet-trace collect -p "$api_pid" --profile dotnet-sampled-thread-time \
  --duration "00:00:00:$TRACE_SECONDS" -o "$work/dashboard.nettrace" >"$work/trace.log" 2>&1 &
trace_pid=$!
round2=$(load "$((TRACE_SECONDS + 4))s")
wait "$trace_pid" || { cat "$work/trace.log"; }

echo
wrk_line "GET /api/dashboard (counters on)" "$round1"
wrk_line "GET /api/dashboard (trace on)" "$round2"
periods=$((periods1 - periods0)); throttled=$((throttled1 - throttled0))
echo "api CPU quota (round 1): throttled in $throttled of $periods periods of 100 ms; stopped $(awk -v ns=$((ns1 - ns0)) -v p="$periods" 'BEGIN{printf "%.1f", p ? ns / 1e6 / p : 0}') ms per period on average"
echo "machine load average: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores (shared)"
echo
echo "== counters (dotnet-counters, $TRACE_SECONDS s under load)"
python3 - "$work/counters.json" "$(awk '/Requests\/sec/ {print $2}' <<<"$round1")" <<'PY'
import json, sys, re
from collections import defaultdict
text = open(sys.argv[1]).read()
# A collection stopped by --duration may leave the JSON unterminated.
try:
    doc = json.loads(text)
except json.JSONDecodeError:
    doc = json.loads(re.sub(r",\s*$", "", text.rstrip().rstrip(",")) + "]}")
series = defaultdict(list)
for e in doc.get("Events", []):
    key = e["name"] + (" [" + e["tags"] + "]" if e.get("tags") else "")
    series[key].append(e["value"])
def show(pattern, label, fmt="{:,.1f}", how="mean"):
    for key, values in sorted(series.items()):
        if re.search(pattern, key):
            v = {"mean": sum(values) / len(values), "max": max(values), "last": values[-1], "sum": sum(values)}[how]
            print(f"  {label + ' ' + key[len(key.split(' [')[0]):] if '[' in key else label:<58} {fmt.format(v)}  ({how} of {len(values)} samples)")
print("  (rates are per 1 s refresh)")
show(r"^dotnet\.gc\.collections", "GC collections/s", "{:,.2f}")
show(r"^dotnet\.gc\.heap\.total_allocated", "allocated bytes/s", "{:,.0f}")
allocated = [v for k, vs in series.items() if k.startswith("dotnet.gc.heap.total_allocated") for v in vs]
if allocated and float(sys.argv[2] or 0) > 0:
    print(f"  {'allocated bytes per request (round 1 requests/s)':<58} {sum(allocated) / len(allocated) / float(sys.argv[2]):,.0f}")
show(r"^dotnet\.gc\.last_collection\.heap\.size", "heap size after last GC (bytes)", "{:,.0f}", "last")
show(r"^dotnet\.gc\.pause\.time", "GC pause time s/s", "{:,.4f}")
show(r"^dotnet\.process\.memory\.working_set", "working set (bytes)", "{:,.0f}", "max")
show(r"^dotnet\.process\.cpu\.time", "CPU s/s", "{:,.3f}")
show(r"^dotnet\.thread_pool\.thread\.count", "thread-pool threads", "{:,.1f}")
show(r"^dotnet\.thread_pool\.queue\.length", "thread-pool queue length", "{:,.1f}")
show(r"^dotnet\.thread_pool\.work_item\.count", "thread-pool work items/s", "{:,.0f}")
show(r"^dotnet\.monitor\.lock_contentions", "lock contentions/s", "{:,.1f}")
show(r"^dotnet\.exceptions", "exceptions/s", "{:,.1f}")
if not series:
    print("  no counters collected:", text[:300])
PY
echo
echo "== where the managed CPU goes (dotnet-trace, $TRACE_SECONDS s under load)"
dotnet_tool dotnet-trace convert "$work/dashboard.nettrace" --format Speedscope -o "$work/dashboard" >/dev/null
python3 "$root/bench/trace-summary.py" "$work/dashboard.speedscope.json" --top "${TOP:-25}"

pkill -TERM -P "$api_capped" 2>/dev/null || true
wait "$api_capped" 2>/dev/null || true
grep -h "run-capped:" "$work/api.log" || true
