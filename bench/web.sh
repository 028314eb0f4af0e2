#!/usr/bin/env bash
# Web benchmark (one command): bash bench/web.sh [seconds] [connections]
#
# 1. `next build` time (production build, offline).
# 2. The production server (npm start = node .next/standalone/server.js) under the web task's
#    budget (<repo>/../shared/tools/run-capped 0.25 512: 0.25 vCPU, 512 MB) against a stand-in api
#    (bench/web-stub-api.mjs): its memory idle, then under load from wrk in a second process on
#    127.0.0.1 (a static page, a server-rendered page that calls the api, and a forwarded /api call),
#    and the cgroup's peak memory.
# 3. The largest first-load JavaScript of any page.
set -euo pipefail
SECONDS_PER_RUN=${1:-20}
CONNECTIONS=${2:-16}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
WEB="$ROOT/ApraNova.Web"
RUN_CAPPED=${RUN_CAPPED:-$(git -C "$(dirname "$0")" rev-parse --show-toplevel)/../shared/tools/run-capped}
PIDS=()
cleanup() { for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done; wait 2>/dev/null || true; }
trap cleanup EXIT
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }
command -v wrk >/dev/null || { echo "wrk is missing: apt-get install -y wrk" >&2; exit 1; }

cd "$WEB"
[ -d node_modules/.bin ] || npm ci --no-audit --no-fund
echo "== next build"
start=$(date +%s.%N)
npm run build > /tmp/apranova-web-build.log 2>&1 || { tail -40 /tmp/apranova-web-build.log; exit 1; }
end=$(date +%s.%N)
echo "next build: $(awk -v s="$start" -v e="$end" 'BEGIN{printf "%.1f", e-s}') s (npm run build: next build + copying static assets)"

API_PORT=$(free_port); WEB_PORT=$(free_port)
PORT=$API_PORT node "$ROOT/bench/web-stub-api.mjs" & PIDS+=($!)
PORT=$WEB_PORT HOSTNAME=127.0.0.1 API_URL="http://127.0.0.1:$API_PORT" NODE_ENV=production \
  "$RUN_CAPPED" 0.25 512 -- npm start > /tmp/apranova-web-server.log 2>&1 & PIDS+=($!)
BASE="http://127.0.0.1:$WEB_PORT"
for _ in $(seq 1 60); do curl -fs -o /dev/null "$BASE/" && break; sleep 0.5; done
server_pid() { ss -ltnpH "sport = :$WEB_PORT" | sed -n 's/.*pid=\([0-9]*\).*/\1/p' | head -1; }
rss_mb() { awk '/VmRSS/ {printf "%.0f", $2/1024}' "/proc/$(server_pid)/status"; }

# Warm up each route once (first render compiles nothing in production, but loads modules).
for path in / /tracks /login /dashboard /api/tracks; do curl -fs -o /dev/null "$BASE$path"; done
sleep 3
echo "idle RSS after warm-up: $(rss_mb) MB"

for path in / /tracks /api/tracks; do
  echo "== wrk -t2 -c$CONNECTIONS -d${SECONDS_PER_RUN}s $path"
  wrk -t2 -c"$CONNECTIONS" -d"${SECONDS_PER_RUN}s" --latency "$BASE$path" | grep -E "Requests/sec|Latency|50%|99%|Non-2xx|Socket errors" &
  WRK=$!
  sleep $((SECONDS_PER_RUN / 2)); echo "RSS under load ($path): $(rss_mb) MB"
  wait $WRK
done
sleep 3
echo "idle RSS after load: $(rss_mb) MB"

echo "== first-load JavaScript per page"
node "$ROOT/bench/first-load-js.mjs" "$BASE" / /tracks /tracks/DP /login /signup /forgot-password /reset-password \
  /checkout /checkout/success /checkout/cancelled /dashboard /projects/x /submissions /profile \
  /staff/students /staff/students/x /staff/reviews /staff/reviews/x /staff/users /staff/unassigned /staff/payments /staff/audit

kill "$(server_pid)" 2>/dev/null || true
sleep 1
grep -h "run-capped" /tmp/apranova-web-server.log || true
