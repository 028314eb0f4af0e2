#!/usr/bin/env bash
# Webhook throughput of the api (one command): bash bench/webhooks.sh [sessions] [concurrency]
# Env: WARMUP=9000 sessions fired first, not counted (0: a cold api; see STEADY_STATE below);
# TRACE_SECONDS=10 adds a sampled-stack trace of the measured round, summarized by
# bench/trace-summary.py (TRACE_KEEP=file keeps its speedscope JSON); KEEP_API_LOG=file keeps the
# api's log.
#
# Starts a throw-away PostgreSQL and Redis on free local ports (or uses BENCH_DB / BENCH_REDIS),
# the fake Stripe, and the api (Release) under the api task budget
# (<repo>/../shared/tools/run-capped 0.5 1024: 0.5 vCPU, 1 GB), then from a second process on
# 127.0.0.1 prepares N paid checkouts and fires their Stripe-signed webhook events with
# duplicates mixed in. Receipts are issued every second (not every 15 s), so the round carries its
# own payments' receipts evenly rather than a burst or none. Prints events applied per second, the duplicate count, latencies, the
# api's peak memory, and checks the database: one paid row and one enrollment per session.
set -euo pipefail
# STEADY_STATE: the warm-up is long because a webhook runs a lot of code (EF's change tracking and
# update pipeline, Identity, Stripe.net, Npgsql), and on half a core the runtime promotes hot
# methods to optimized code slowly: it sees one CPU and waits ten times longer before counting
# calls, and its one background compiler shares the 0.5 CPU with the requests. Measured with
# dotnet-counters (dotnet.jit.compiled_methods) on the api during the measured round:
#   warm-up   1,200 events: 1,588 methods compiled in 22 s, 3.9 - 5.5 ms of CPU per applied event
#   warm-up   6,000 events:   961 methods compiled in 10 s, 3.1 - 3.7 ms
#   warm-up  18,000 events:    99 methods compiled in  5 s, 2.8 ms
# A task that has run for a while is in the last state; a fresh one reaches it after about two
# minutes of webhook load. WARMUP=600 measures the start of that climb. (Figures from before the
# thread pool's hill climbing was turned off in the api's csproj: after the long warm-up it now
# costs 2.0 ms per applied event, 253 events/s; 1.8 ms and 279/s without the gen0 budget cap.)
SESSIONS=${1:-300}
CONCURRENCY=${2:-16}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
WORK=$(mktemp -d /tmp/apranova-bench-webhooks.XXXXXX)
RUN_CAPPED=${RUN_CAPPED:-$(git -C "$(dirname "$0")" rev-parse --show-toplevel)/../shared/tools/run-capped}
PIDS=()

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }
pg_bin() { for d in /usr/lib/postgresql/*/bin /usr/local/bin; do [ -x "$d/$1" ] && { echo "$d/$1"; return; }; done; command -v "$1"; }
cleanup() {
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  if [ -n "${KEEP_API_LOG:-}" ] && [ -f "$WORK/api.log" ]; then cp "$WORK/api.log" "$KEEP_API_LOG"; fi
  if [ -n "${PG_STARTED:-}" ]; then runuser -u "$PG_USER" -- "$(pg_bin pg_ctl)" -D "$WORK/pg" -m immediate stop >/dev/null 2>&1 || true; fi
  rm -rf "$WORK"
}
trap cleanup EXIT

echo "== building (Release)"
dotnet build "$ROOT/ApraNova.Api/ApraNova.Api.csproj" -c Release -v q -nologo >/dev/null
dotnet build "$ROOT/tools/FakeStripe/ApraNova.FakeStripe.csproj" -c Release -v q -nologo >/dev/null
dotnet build "$ROOT/bench/WebhookBench/WebhookBench.csproj" -c Release -v q -nologo >/dev/null

if [ -z "${BENCH_DB:-}" ]; then
  echo "== starting PostgreSQL"
  PG_USER=${PG_USER:-postgres}; id "$PG_USER" >/dev/null 2>&1 || PG_USER=nobody
  PG_PORT=$(free_port); mkdir -p "$WORK/pg" && chown "$PG_USER" "$WORK" "$WORK/pg"
  runuser -u "$PG_USER" -- "$(pg_bin initdb)" -D "$WORK/pg" -U postgres --auth=trust >/dev/null
  runuser -u "$PG_USER" -- "$(pg_bin pg_ctl)" -D "$WORK/pg" -l "$WORK/pg.log" -w \
    -o "-p $PG_PORT -k $WORK -c listen_addresses=127.0.0.1 -c max_connections=200" start >/dev/null
  PG_STARTED=1
  BENCH_DB="Host=127.0.0.1;Port=$PG_PORT;Username=postgres;Database=apranova_bench"
  PSQL=(psql -h 127.0.0.1 -p "$PG_PORT" -U postgres -d apranova_bench -tA)
  psql -h 127.0.0.1 -p "$PG_PORT" -U postgres -qc "CREATE DATABASE apranova_bench" >/dev/null
else
  PSQL=(psql "$(echo "$BENCH_DB" | sed 's/;/ /g; s/Host=/host=/; s/Port=/port=/; s/Username=/user=/; s/Database=/dbname=/; s/Password=/password=/')" -tA)
fi
if [ -z "${BENCH_REDIS:-}" ]; then
  REDIS_PORT=$(free_port)
  redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --save '' --appendonly no >"$WORK/redis.log" 2>&1 &
  PIDS+=($!)
  BENCH_REDIS="127.0.0.1:$REDIS_PORT"
fi

SECRET="whsec_bench_$(head -c 16 /dev/urandom | od -An -tx1 | tr -d ' \n')"
API_KEY="sk_test_bench_$(head -c 8 /dev/urandom | od -An -tx1 | tr -d ' \n')"
FAKE_PORT=$(free_port); API_PORT=$(free_port)

echo "== starting fake Stripe on :$FAKE_PORT"
ASPNETCORE_URLS="http://127.0.0.1:$FAKE_PORT" FakeStripe__ApiKey="$API_KEY" FakeStripe__WebhookSecret="$SECRET" \
  Logging__LogLevel__Default=Warning \
  dotnet "$ROOT/tools/FakeStripe/bin/Release/net10.0/ApraNova.FakeStripe.dll" >"$WORK/fake.log" 2>&1 &
PIDS+=($!)

echo "== starting api on :$API_PORT under run-capped 0.5 CPU / 1024 MB"
env ASPNETCORE_URLS="http://127.0.0.1:$API_PORT" ASPNETCORE_ENVIRONMENT=Production \
  "ConnectionStrings__apranova-db=$BENCH_DB" ConnectionStrings__redis="$BENCH_REDIS" \
  Jwt__SigningKey="bench-signing-key-$(head -c 16 /dev/urandom | od -An -tx1 | tr -d ' \n')" \
  Files__RootPath="$WORK/files" App__PublicUrl="http://localhost:3000" \
  Stripe__SecretKey="$API_KEY" Stripe__WebhookSecret="$SECRET" Stripe__PublishableKey=pk_test_bench \
  Stripe__ApiBase="http://127.0.0.1:$FAKE_PORT" Receipts__PollInterval=00:00:01 \
  RateLimiting__Policies__checkout-ip__PermitLimit=100000000 \
  Logging__LogLevel__Default=Warning OTEL_SDK_DISABLED=true DOTNET_GCgen0size=0x400000 MALLOC_ARENA_MAX=2 \
  "$RUN_CAPPED" 0.5 1024 -- dotnet "$ROOT/ApraNova.Api/bin/Release/net10.0/ApraNova.Api.dll" --contentRoot "$ROOT/ApraNova.Api/bin/Release/net10.0" >"$WORK/api.log" 2>&1 &
API_WRAPPER=$!
PIDS+=($API_WRAPPER)

for _ in $(seq 1 120); do
  curl -fs "http://127.0.0.1:$API_PORT/health" >/dev/null 2>&1 && curl -fs "http://127.0.0.1:$FAKE_PORT/" >/dev/null 2>&1 && break
  sleep 0.5
done
curl -fs "http://127.0.0.1:$API_PORT/health" >/dev/null || { echo "api did not become healthy:"; tail -40 "$WORK/api.log"; exit 1; }

echo "== firing webhooks: $SESSIONS sessions, concurrency $CONCURRENCY (load average $(cut -d' ' -f1-3 /proc/loadavg))"
API_PID=$(pgrep -P "$API_WRAPPER" -f ApraNova.Api.dll | head -1 || true)
API_CGROUP=/sys/fs/cgroup/cpu/capped-$API_WRAPPER; [ -f "$API_CGROUP/cpu.stat" ] || API_CGROUP=/sys/fs/cgroup/capped-$API_WRAPPER
[ -f "$API_CGROUP/cpu.stat" ] || API_CGROUP=""
if [ -n "${TRACE_SECONDS:-}" ]; then
  # Optional: a sampled-stack trace of the api while it fires (TRACE_SECONDS=10), summarized at the end.
  (cd "$ROOT" && dotnet tool restore >/dev/null
   while [ ! -f "$WORK/firing" ]; do sleep 0.2; done
   dotnet dotnet-trace collect -p "$API_PID" --profile dotnet-sampled-thread-time \
    --duration "00:00:00:$TRACE_SECONDS" -o "$WORK/webhooks.nettrace" >"$WORK/trace.log" 2>&1) &
  TRACE_PID=$!
fi
# Sessions waiting on the trainer-assignment lock (advisory), sampled every 0.2 s while firing:
# how much of the rate that lock costs, apart from the machine's noise.
( while [ ! -f "$WORK/done" ]; do
    "${PSQL[@]}" -c "SELECT count(*) FILTER (WHERE NOT granted), count(*) FILTER (WHERE granted) FROM pg_locks WHERE locktype = 'advisory'" 2>/dev/null
    sleep 0.2
  done >"$WORK/lock-samples" ) &
LOCK_SAMPLER=$!
set +e
dotnet "$ROOT/bench/WebhookBench/bin/Release/net10.0/WebhookBench.dll" \
  --api "http://127.0.0.1:$API_PORT" --fake "http://127.0.0.1:$FAKE_PORT" --secret "$SECRET" \
  --sessions "$SESSIONS" --concurrency "$CONCURRENCY" --warmup "${WARMUP:-9000}" ${API_PID:+--api-pid "$API_PID"} ${API_CGROUP:+--api-cgroup "$API_CGROUP"} \
  ${TRACE_SECONDS:+--fire-marker "$WORK/firing"}
BENCH_RC=$?
touch "$WORK/done"; wait "$LOCK_SAMPLER" 2>/dev/null
awk -F'|' 'NF == 2 { n++; w += $1; if ($1 > m) m = $1; if ($2 > 0) h++ }
  END { if (n) printf "assignment lock:       held in %d%% of %d samples, %.1f sessions waiting on average (max %d)\n", 100 * h / n, n, w / n, m }' "$WORK/lock-samples"
echo "load average after firing: $(cut -d' ' -f1-3 /proc/loadavg)"
if [ -n "${TRACE_PID:-}" ]; then
  wait "$TRACE_PID" || { cat "$WORK/trace.log"; }
  (cd "$ROOT" && dotnet dotnet-trace convert "$WORK/webhooks.nettrace" --format Speedscope -o "$WORK/webhooks" >/dev/null)
  python3 "$ROOT/bench/trace-summary.py" "$WORK/webhooks.speedscope.json" ${TRACE_KEEP:+--copy "$TRACE_KEEP"}
fi
set -e

echo "== database check"
"${PSQL[@]}" -c "SELECT 'payments paid: ' || count(*) FILTER (WHERE state = 'Paid') || ' of ' || count(*) FROM payments"
"${PSQL[@]}" -c "SELECT 'enrollments: ' || count(*) || ', students with more than one: ' || (SELECT count(*) FROM (SELECT student_id FROM enrollments GROUP BY student_id HAVING count(*) > 1) x) FROM enrollments"
"${PSQL[@]}" -c "SELECT 'processed_stripe_events: ' || count(*) FROM processed_stripe_events"

# Stop the api so run-capped prints its peak memory.
pkill -TERM -P "$API_WRAPPER" 2>/dev/null || true
wait "$API_WRAPPER" 2>/dev/null || true
grep -h "run-capped:" "$WORK/api.log" || true
echo "api errors logged (unique violations of racing duplicates are expected):"; grep -oE "violates unique constraint \"[a-z_]+\"" "$WORK/api.log" | sort | uniq -c || echo "  none"
exit $BENCH_RC
