#!/usr/bin/env bash
# Every benchmark in one run, side by side with a bare-Kestrel baseline, as one table.
#
#   bench/run-all.sh
#
# 1. Builds (Release): the api, the baseline (bench/BareKestrel), the fake Stripe, the webhook
#    driver (bench/WebhookBench) and the web (npm ci + next build, when its sources changed).
# 2. Starts its own PostgreSQL 15 (/usr/local/bin, as an unprivileged user: PostgreSQL refuses
#    root), redis-server, an OTLP sink (bench/otlp-sink.py: telemetry is exported as in
#    production) and the fake Stripe, on free ports in a temporary folder removed afterwards.
# 3. Runs the api under `run-capped 0.5 1024` (the api task's Fargate budget: 0.5 vCPU, 1 GB),
#    seeds it (bench/seed.py), then serves the api's own GET /api/tracks bytes from the baseline
#    under the same cap, and the web under `run-capped 0.25 512` (the web task's budget).
#    run-capped is found relative to the repository: <repo>/../shared/tools/run-capped.
# 4. Loads each endpoint with wrk from a second process (THREADS threads, CONNECTIONS
#    connections, a warm-up then DURATION), the webhooks with bench/WebhookBench, and prints one
#    table: requests/s, p50, p99, the capped process's peak memory during that row, the share of
#    its CPU periods in which the cap stopped it (throttled), the ratio to the baseline, and the
#    machine's load average (the machine is shared: read figures with it).
# 5. Loads the dashboard once more at a fixed rate, DASHBOARD_RATE requests/s (bench/paced.lua):
#    wrk's closed loop keeps the capped api saturated, so the saturated rows' p99 is set by the
#    cap's pauses (the api uses its 50 ms of CPU, then waits out the rest of the 100 ms period
#    with every connection's request inside); this row gives the latency at that load instead.
#
# Tunables: DURATION (15s), WARMUP (20s), CONNECTIONS (50), THREADS (2), LOGIN_CONNECTIONS (2),
# DASHBOARD_RATE (2500), MIXED_RATE (1000) and LOGIN_RATE (1: the dashboard paced with log-ins beside it), WEBHOOK_SESSIONS (900), WEBHOOK_CONCURRENCY (16), WEBHOOK_WARMUP_SESSIONS (9000), SKIP_WEB=1 (leave the web out),
# KEEP_WORK=1 (keep the temporary folder with the logs).
set -euo pipefail
DURATION=${DURATION:-15s}
# Long warm-ups on purpose: on half a core the runtime sees one CPU, and tiered compilation then
# waits ten times longer before promoting hot methods (TC_DelaySingleProcMultiplier), so the
# first seconds measure the JIT, not the steady state.
WARMUP=${WARMUP:-20s}
CONNECTIONS=${CONNECTIONS:-50}
THREADS=${THREADS:-2}
LOGIN_CONNECTIONS=${LOGIN_CONNECTIONS:-2}
DASHBOARD_RATE=${DASHBOARD_RATE:-2500}
MIXED_RATE=${MIXED_RATE:-1000}
LOGIN_RATE=${LOGIN_RATE:-1}
WEBHOOK_SESSIONS=${WEBHOOK_SESSIONS:-900}
WEBHOOK_CONCURRENCY=${WEBHOOK_CONCURRENCY:-16}
# Until the api's compiled code has settled (bench/webhooks.sh, STEADY_STATE): about two minutes.
WEBHOOK_WARMUP_SESSIONS=${WEBHOOK_WARMUP_SESSIONS:-9000}

root=$(git -C "$(dirname "$0")" rev-parse --show-toplevel)
run_capped="$root/../shared/tools/run-capped"
[ -x "$run_capped" ] || { echo "run-capped not found at $run_capped (expected next to the repository: ../shared/tools/run-capped)" >&2; exit 1; }
[ "$(id -u)" = 0 ] || { echo "run as root: run-capped creates cgroups, PostgreSQL is started as an unprivileged user" >&2; exit 1; }
command -v wrk >/dev/null || { echo "installing wrk"; apt-get install -y wrk >/dev/null; }
command -v redis-server >/dev/null || { echo "installing redis-server"; apt-get install -y redis-server >/dev/null; }
pg_user=postgres; id "$pg_user" >/dev/null 2>&1 || pg_user=nobody

work=$(mktemp -d /tmp/apranova-run-all.XXXXXX)
chmod 755 "$work"
pids=()
capped=()  # run-capped wrappers: their child (the capped process) is stopped, then run-capped removes its cgroup
cleanup() {
  for pid in "${capped[@]}"; do pkill -TERM -P "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  if [ -n "${pg_started:-}" ]; then runuser -u "$pg_user" -- /usr/local/bin/pg_ctl -D "$work/pg/data" -m immediate stop >/dev/null 2>&1 || true; fi
  if [ -n "${KEEP_WORK:-}" ]; then echo "logs kept in $work"; else rm -rf "$work"; fi
}
trap cleanup EXIT
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }
load_average() { cut -d' ' -f1-3 /proc/loadavg; }
wait_for() { # url, pid to watch, log
  for _ in $(seq 1 240); do
    curl -fs -o /dev/null "$1" && return 0
    kill -0 "$2" 2>/dev/null || { echo "exited before answering $1:"; tail -40 "$3"; exit 1; }
    sleep 0.5
  done
  echo "no answer from $1:"; tail -40 "$3"; exit 1
}
# The capped process's cgroup (run-capped names it after its own pid): its peak memory since the last reset.
cgroup_of() { echo "/sys/fs/cgroup/memory/capped-$1"; }
reset_peak() { echo 0 > "$(cgroup_of "$1")/memory.max_usage_in_bytes" 2>/dev/null || true; }
peak_mb() { echo $(( $(cat "$(cgroup_of "$1")/memory.max_usage_in_bytes" 2>/dev/null || echo 0) / 1024 / 1024 )); }
# What the cgroup holds now: its processes' resident memory, and what memory.stat counts as cache:
# files it read first (reclaimable) and, for .NET, the runtime's double-mapped compiled code
# (shared memory, not reclaimable). The peak counts both.
memory_split() { awk '$1=="total_rss" {r=$2} $1=="total_cache" {c=$2} END {printf "%d MB resident, %d MB cache", r/1048576, c/1048576}' "$(cgroup_of "$1")/memory.stat" 2>/dev/null; }
# Its CPU accounting: "periods throttled-periods" so far (cgroup v1 cpu.stat; periods in which it had work to run).
cpu_periods() { awk '$1=="nr_periods" {p=$2} $1=="nr_throttled" {t=$2} END {print p+0, t+0}' "/sys/fs/cgroup/cpu/capped-$1/cpu.stat" 2>/dev/null || echo "0 0"; }
throttled_share() { # periods before, periods after -> share of the periods in between that the cap cut short
  local p0 t0 p1 t1; read -r p0 t0 <<<"$1"; read -r p1 t1 <<<"$2"
  awk -v p=$((p1 - p0)) -v t=$((t1 - t0)) 'BEGIN { if (p > 0) printf "%.0f %%", 100 * t / p; else print "-" }'
}

echo "== build (Release)"
dotnet publish "$root/ApraNova.Api" -c Release -o "$work/api" --nologo -v quiet >/dev/null
dotnet publish "$root/bench/BareKestrel" -c Release -o "$work/baseline" --nologo -v quiet >/dev/null
dotnet publish "$root/tools/FakeStripe" -c Release -o "$work/fake-stripe" --nologo -v quiet >/dev/null
dotnet publish "$root/bench/WebhookBench" -c Release -o "$work/webhook-bench" --nologo -v quiet >/dev/null
web="$root/ApraNova.Web"
if [ -z "${SKIP_WEB:-}" ]; then
  [ -d "$web/node_modules/.bin" ] || (cd "$web" && npm ci --no-audit --no-fund >"$work/npm-ci.log" 2>&1) || { tail -40 "$work/npm-ci.log"; exit 1; }
  if [ ! -f "$web/.next/standalone/server.js" ] || [ -n "$(find "$web/app" "$web/components" "$web/lib" "$web"/*.ts "$web/package.json" -newer "$web/.next/BUILD_ID" -print -quit 2>/dev/null)" ]; then
    (cd "$web" && npm run build >"$work/web-build.log" 2>&1) || { tail -40 "$work/web-build.log"; exit 1; }
  fi
fi

echo "== start PostgreSQL (as $pg_user), Redis, the OTLP sink, the fake Stripe"
pg_port=$(free_port); redis_port=$(free_port); sink_port=$(free_port); fake_port=$(free_port)
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
webhook_secret="whsec_bench_$(openssl rand -hex 16)"
stripe_key="sk_test_bench_$(openssl rand -hex 8)"
ASPNETCORE_URLS="http://127.0.0.1:$fake_port" FakeStripe__ApiKey="$stripe_key" FakeStripe__WebhookSecret="$webhook_secret" \
  Logging__LogLevel__Default=Warning dotnet "$work/fake-stripe/ApraNova.FakeStripe.dll" >"$work/fake-stripe.log" 2>&1 &
fake_pid=$!; pids+=($fake_pid)

api_port=$(free_port)
admin_email="bench-admin@bench.apranova.dev"
admin_password="bench-$(openssl rand -hex 12)"
echo "== start the api (run-capped 0.5 CPU / 1024 MB) on 127.0.0.1:$api_port, telemetry to the OTLP sink"
# Production environment and the api's own configuration (appsettings.json), the memory settings
# the AppHost gives the api's task (DOTNET_GCgen0size, MALLOC_ARENA_MAX), plus what the run
# needs: its databases, a signing key, the fake Stripe, log-in limits raised (the log-in row
# measures a log-in, not a 429), access tokens that outlive the run, and receipts issued every
# second rather than every 15 s: the same work, spread evenly, so each webhook round carries its
# own payments' receipts instead of whichever 15 s burst happens to fall into its few seconds.
env "ConnectionStrings__apranova-db=Host=127.0.0.1;Port=$pg_port;Username=postgres;Database=apranova_bench" \
    "ConnectionStrings__redis=127.0.0.1:$redis_port" \
    "Jwt__SigningKey=$(openssl rand -hex 32)" "Jwt__AccessTokenLifetime=02:00:00" \
    "Files__RootPath=$work/files" "App__PublicUrl=http://localhost:3000" \
    "Bootstrap__SuperAdminEmail=$admin_email" "Bootstrap__SuperAdminPassword=$admin_password" \
    "Stripe__SecretKey=$stripe_key" "Stripe__WebhookSecret=$webhook_secret" Stripe__PublishableKey=pk_test_bench \
    "Stripe__ApiBase=http://127.0.0.1:$fake_port" Receipts__PollInterval=00:00:01 \
    "RateLimiting__Policies__login-ip__PermitLimit=100000000" \
    "RateLimiting__Policies__login-account__PermitLimit=100000000" \
    "RateLimiting__Policies__checkout-ip__PermitLimit=100000000" \
    "OTEL_EXPORTER_OTLP_ENDPOINT=http://127.0.0.1:$sink_port" OTEL_EXPORTER_OTLP_PROTOCOL=http/protobuf OTEL_SERVICE_NAME=api \
    DOTNET_GCgen0size=0x400000 MALLOC_ARENA_MAX=2 \
    "ASPNETCORE_URLS=http://127.0.0.1:$api_port" ASPNETCORE_ENVIRONMENT=Production \
  "$run_capped" 0.5 1024 -- dotnet "$work/api/ApraNova.Api.dll" --contentRoot "$work/api" >"$work/api.log" 2>&1 &
api_capped=$!; capped+=($api_capped)
wait_for "http://127.0.0.1:$api_port/health" "$api_capped" "$work/api.log"
wait_for "http://127.0.0.1:$fake_port/" "$fake_pid" "$work/fake-stripe.log"
api="http://127.0.0.1:$api_port"

echo "== seed: a trainer in DP, an enrolled student with steps ticked and submissions reviewed"
student_token=$(python3 "$root/bench/seed.py" "$api" "$admin_email" "$admin_password" "$conninfo dbname=apranova_bench")
login_email="bench-login-$(openssl rand -hex 4)@bench.apranova.dev"
login_password="bench-$(openssl rand -hex 12)"
python3 "$root/bench/signup.py" "$api" "$conninfo dbname=apranova_bench" "$login_email" "$login_password" "Bench Login" >/dev/null
cat >"$work/login.lua" <<LUA
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.body = '{"email":"$login_email","password":"$login_password"}'
LUA
startup_peak=$(peak_mb "$api_capped")

echo "== start the baseline (bare Kestrel, run-capped 0.5 CPU / 1024 MB) with the api's GET /api/tracks bytes"
curl -fs -D "$work/tracks.headers" -o "$work/tracks.json" "$api/api/tracks"
tracks_type=$(awk -F': ' 'tolower($1)=="content-type" {sub(/\r$/, "", $2); print $2}' "$work/tracks.headers")
baseline_port=$(free_port)
BODY_FILE="$work/tracks.json" BODY_CONTENT_TYPE="$tracks_type" ASPNETCORE_URLS="http://127.0.0.1:$baseline_port" \
  "$run_capped" 0.5 1024 -- dotnet "$work/baseline/BareKestrel.dll" >"$work/baseline.log" 2>&1 &
baseline_capped=$!; capped+=($baseline_capped)
wait_for "http://127.0.0.1:$baseline_port/api/tracks" "$baseline_capped" "$work/baseline.log"
cmp -s "$work/tracks.json" <(curl -fs "http://127.0.0.1:$baseline_port/api/tracks") \
  || { echo "the baseline does not serve the api's bytes" >&2; exit 1; }

if [ -z "${SKIP_WEB:-}" ]; then
  web_port=$(free_port)
  echo "== start the web (run-capped 0.25 CPU / 512 MB) on 127.0.0.1:$web_port, forwarding to the api"
  env PORT=$web_port HOSTNAME=127.0.0.1 API_URL="$api" NODE_ENV=production NEXT_TELEMETRY_DISABLED=1 \
    "OTEL_EXPORTER_OTLP_ENDPOINT=http://127.0.0.1:$sink_port" OTEL_EXPORTER_OTLP_PROTOCOL=http/protobuf OTEL_SERVICE_NAME=web \
    "$run_capped" 0.25 512 -- node "$web/.next/standalone/server.js" >"$work/web.log" 2>&1 &
  web_capped=$!; capped+=($web_capped)
  wait_for "http://127.0.0.1:$web_port/" "$web_capped" "$work/web.log"
fi

# --- the runs -----------------------------------------------------------------------------------
rows=()
baseline_rps=""
per_thread() { # a rate of requests/s -> each wrk thread's share, the argument bench/paced.lua takes
  awk -v r="$1" -v t="$THREADS" 'BEGIN { print r / t }'
}
to_ms() { # wrk latency (850.00us, 1.23ms, 1.02s) -> milliseconds
  awk -v v="$1" 'BEGIN { n = v + 0; if (v ~ /us$/) n /= 1000; else if (v ~ /[0-9]s$/ && v !~ /ms$/) n *= 1000; else if (v ~ /m$/) n *= 60000; printf "%.1f", n }'
}
add_row() { # name rps p50 p99 peak_mb throttled
  local ratio="-"
  [ -n "$baseline_rps" ] && [ "$1" != "baseline: GET /api/tracks" ] && [[ "$1" == *"/api/tracks"* && "$1" != web* ]] \
    && ratio=$(awk -v a="$2" -v b="$baseline_rps" 'BEGIN { printf "%.0f %%", 100 * a / b }')
  rows+=("$1|$2|$3|$4|$5|$6|$ratio|$(cut -d' ' -f1 /proc/loadavg)")
}
run_wrk() { # name, capped pid, connections, wrk args...
  local name=$1 capped=$2 connections=$3; shift 3
  echo "-- $name"
  # wrk leaves a request that takes longer than its timeout (2 s by default) out of the latencies, so
  # the p99 of a row with slow answers (the web's, under its 0.25 vCPU) would stop at 2 s.
  wrk -t"$THREADS" -c"$connections" -d"$WARMUP" --timeout 30s "$@" >/dev/null
  reset_peak "$capped"
  local periods; periods=$(cpu_periods "$capped")
  local out; out=$(wrk -t"$THREADS" -c"$connections" -d"$DURATION" --timeout 30s --latency "$@")
  local rps p50 p99 bad
  rps=$(awk '/Requests\/sec/ {printf ($2 < 100 ? "%.1f" : "%.0f"), $2}' <<<"$out")
  p50=$(to_ms "$(awk '$1=="50%" {print $2}' <<<"$out")")
  p99=$(to_ms "$(awk '$1=="99%" {print $2}' <<<"$out")")
  bad=$(awk '/Non-2xx/ {print $4} /Socket errors/ {print}' <<<"$out")
  [ -n "$bad" ] && echo "   not all answers were 2xx / socket errors: $bad"
  add_row "$name" "$rps" "$p50" "$p99" "$(peak_mb "$capped")" "$(throttled_share "$periods" "$(cpu_periods "$capped")")"
  echo "   $rps requests/s, p99 $p99 ms; memory at the end: $(memory_split "$capped")"
  [ "$name" = "baseline: GET /api/tracks" ] && baseline_rps=$rps
  return 0
}

echo "== load: wrk $THREADS threads, $CONNECTIONS connections, $WARMUP warm-up + $DURATION per row (load average now $(load_average))"
run_wrk "baseline: GET /api/tracks" "$baseline_capped" "$CONNECTIONS" "http://127.0.0.1:$baseline_port/api/tracks"
kill -TERM "$(pgrep -P "$baseline_capped" | head -1)" 2>/dev/null || true   # frees its memory and CPU for the rest
run_wrk "api: GET /api/tracks" "$api_capped" "$CONNECTIONS" "$api/api/tracks"
run_wrk "api: GET /api/dashboard (student)" "$api_capped" "$CONNECTIONS" -H "Authorization: Bearer $student_token" "$api/api/dashboard"
run_wrk "api: GET /api/dashboard at $DASHBOARD_RATE/s (paced)" "$api_capped" "$CONNECTIONS" -H "Authorization: Bearer $student_token" \
  -s "$root/bench/paced.lua" "$api/api/dashboard" -- "$(per_thread "$DASHBOARD_RATE")"
run_wrk "api: GET /api/auth/me (student)" "$api_capped" "$CONNECTIONS" -H "Authorization: Bearer $student_token" "$api/api/auth/me"
run_wrk "api: POST /api/auth/login (${LOGIN_CONNECTIONS} conn.)" "$api_capped" "$LOGIN_CONNECTIONS" -s "$work/login.lua" "$api/api/auth/login"
login_rps=$(IFS='|' read -r _ rps _ <<<"${rows[-1]}"; echo "$rps")
# A log-in hashes its password on the api's one CPU for about 0.1 s: what everyone else's requests
# wait meanwhile. LOGIN_RATE log-ins/s (paced, in the background) beside the dashboard at MIXED_RATE/s.
cat "$work/login.lua" "$root/bench/paced.lua" >"$work/login-paced.lua"
wrk -t1 -c"$LOGIN_CONNECTIONS" -d"$(( ${WARMUP%s} + ${DURATION%s} + 5 ))s" --timeout 30s -s "$work/login-paced.lua" "$api/api/auth/login" -- "$LOGIN_RATE" >"$work/mixed-logins.out" &
mixed_logins=$!
run_wrk "api: GET /api/dashboard at $MIXED_RATE/s, $LOGIN_RATE log-in/s beside (paced)" "$api_capped" "$CONNECTIONS" -H "Authorization: Bearer $student_token" \
  -s "$root/bench/paced.lua" "$api/api/dashboard" -- "$(per_thread "$MIXED_RATE")"
wait "$mixed_logins"
echo "   log-ins beside it: $(awk '/Requests\/sec/ {print $2 "/s"} /Non-2xx/ {print "non-2xx " $4}' "$work/mixed-logins.out" | tr '\n' ' ')"

echo "-- webhooks: $WEBHOOK_SESSIONS paid checkouts, their events with duplicates, shuffled, concurrency $WEBHOOK_CONCURRENCY ($WEBHOOK_WARMUP_SESSIONS warm-up checkouts first)"
fire_webhooks() { # sessions, output file: that many paid checkouts and their events
  dotnet "$work/webhook-bench/WebhookBench.dll" --api "$api" --fake "http://127.0.0.1:$fake_port" --secret "$webhook_secret" \
    --sessions "$1" --concurrency "$WEBHOOK_CONCURRENCY" --warmup 0 >"$2" 2>&1
}
set +e
# A warm-up first (its own checkouts, not counted), long enough for the api's compiled code to
# settle: what a task that has been running serves at (bench/webhooks.sh, STEADY_STATE).
fire_webhooks "$WEBHOOK_WARMUP_SESSIONS" "$work/webhooks-warm-up.out"
warm_rc=$?
warm_up_peak=$(peak_mb "$api_capped")   # since the log-in row's reset: that row and this warm-up
reset_peak "$api_capped"
periods=$(cpu_periods "$api_capped")
fire_webhooks "$WEBHOOK_SESSIONS" "$work/webhooks.out"
webhook_rc=$?
[ "$warm_rc" = 0 ] || webhook_rc=$warm_rc
set -e
sed 's/^/   /' "$work/webhooks.out" | grep -E "outcomes|duplicates|applied/s|latency" || tail -20 "$work/webhooks.out"
paid=$(psql "$conninfo dbname=apranova_bench" -tAc "SELECT count(*) FROM payments WHERE state = 'Paid'")
doubled=$(psql "$conninfo dbname=apranova_bench" -tAc "SELECT count(*) FROM (SELECT student_id FROM enrollments GROUP BY student_id HAVING count(*) > 1) x")
echo "   database: $paid payments paid (of $((WEBHOOK_WARMUP_SESSIONS + WEBHOOK_SESSIONS)) checkouts, the warm-up's included), $doubled students with more than one enrollment, driver exit code $webhook_rc"
add_row "api: Stripe webhooks (events applied/s)" \
  "$(awk '/events applied\/s/ {printf "%.0f", $3}' "$work/webhooks.out")" \
  "$(awk '/latency ms/ {print $4}' "$work/webhooks.out")" "$(awk '/latency ms/ {print $8}' "$work/webhooks.out")" "$(peak_mb "$api_capped")" \
  "$(throttled_share "$periods" "$(cpu_periods "$api_capped")")"

if [ -z "${SKIP_WEB:-}" ]; then
  for path in / /tracks /api/tracks; do
    run_wrk "web: GET $path" "$web_capped" "$CONNECTIONS" "http://127.0.0.1:$web_port$path"
  done
fi

# --- the table ----------------------------------------------------------------------------------
api_dotnet=$(pgrep -P "$api_capped" | head -1)
api_peak=$startup_peak
[ "$warm_up_peak" -gt "$api_peak" ] && api_peak=$warm_up_peak
for row in "${rows[@]}"; do
  IFS='|' read -r name _ _ _ peak _ _ _ <<<"$row"
  [[ "$name" == api:* ]] && [ "$peak" -gt "$api_peak" ] && api_peak=$peak
done
echo
echo "== results ($(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores shared; load average at the end: $(load_average))"
printf "| %-44s | %10s | %8s | %8s | %9s | %9s | %11s | %7s |\n" "benchmark" "requests/s" "p50 ms" "p99 ms" "peak MB" "throttled" "vs baseline" "load 1m"
printf "| %-44s | %10s | %8s | %8s | %9s | %9s | %11s | %7s |\n" "---" "---:" "---:" "---:" "---:" "---:" "---:" "---:"
for row in "${rows[@]}"; do
  IFS='|' read -r name rps p50 p99 peak throttled ratio load <<<"$row"
  printf "| %-44s | %10s | %8s | %8s | %9s | %9s | %11s | %7s |\n" "$name" "$rps" "$p50" "$p99" "$peak" "$throttled" "$ratio" "$load"
done
echo
echo "peak memory: of the capped cgroup during that row (reset before each row, after the warm-up)."
echo "throttled: share of the capped process's 100 ms CPU periods in that row that its quota cut short (it then waits for the next period)."
echo "api cgroup peak over the whole run (start-up, seeding and the webhook warm-up included): $api_peak MB"
[ -n "$login_rps" ] && [ "$login_rps" != 0 ] && echo "one log-in costs about $(awk -v r="$login_rps" 'BEGIN { printf "%.0f", 500 / r }') ms of CPU (0.5 core / log-ins per second; nearly all of it is the password hash)"
echo "telemetry exported to the OTLP sink: $(cat "$work/otlp-summary.json" 2>/dev/null || echo none)"
kill -TERM "$api_dotnet" 2>/dev/null || true
wait "$api_capped" 2>/dev/null || true
exit "$webhook_rc"
