#!/usr/bin/env bash
# Lighthouse for the pages people land on (one command):  bench/lighthouse.sh
#
# 1. Builds the api (Release) and the web's production build (npm ci + next build, when its
#    sources changed), as bench/run-all.sh does.
# 2. Starts its own PostgreSQL (as an unprivileged user: it refuses root), Redis and the fake
#    Stripe on free ports in a temporary folder (removed afterwards), the api in Production and the
#    web's standalone server in front of it; seeds a trainer and a student with work reviewed
#    (bench/seed.py).
# 3. Installs npm lighthouse@12.2.3 into a prefix of its own (LIGHTHOUSE_DIR, default
#    /tmp/apranova-lighthouse-12.2.3, reused by later runs) and runs it with Debian's Chromium
#    (headless, no sandbox) on /, /tracks, /tracks/DP and the student's /dashboard, mobile
#    emulation and simulated throttling (Lighthouse's defaults). The dashboard is loaded logged in:
#    the student's refresh cookie goes in Lighthouse's --extra-headers, so the page's own
#    refresh call signs it in as a returning student's browser would.
# 4. Prints a table: the four category scores per page, LCP, CLS and TBT, and the 1-minute load
#    average when that page's run started (the machine is shared: read the figures with it). JSON reports stay in the temporary
#    folder when KEEP_WORK=1.
#
# Tunables: LIGHTHOUSE_DIR, CHROMIUM (/usr/bin/chromium), KEEP_WORK=1.
set -euo pipefail
LIGHTHOUSE_VERSION=12.2.3
LIGHTHOUSE_DIR=${LIGHTHOUSE_DIR:-/tmp/apranova-lighthouse-$LIGHTHOUSE_VERSION}
CHROMIUM=${CHROMIUM:-/usr/bin/chromium}

root=$(git -C "$(dirname "$0")" rev-parse --show-toplevel)
[ "$(id -u)" = 0 ] || { echo "run as root: PostgreSQL is started as an unprivileged user" >&2; exit 1; }
[ -x "$CHROMIUM" ] || { echo "Chromium not found at $CHROMIUM (apt-get install -y chromium)" >&2; exit 1; }
command -v redis-server >/dev/null || { echo "installing redis-server"; apt-get install -y redis-server >/dev/null; }
pg_user=postgres; id "$pg_user" >/dev/null 2>&1 || pg_user=nobody

work=$(mktemp -d /tmp/apranova-lighthouse.XXXXXX)
chmod 755 "$work"
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  if [ -n "${pg_started:-}" ]; then runuser -u "$pg_user" -- /usr/local/bin/pg_ctl -D "$work/pg/data" -m immediate stop >/dev/null 2>&1 || true; fi
  if [ -n "${KEEP_WORK:-}" ]; then echo "reports and logs kept in $work"; else rm -rf "$work"; fi
}
trap cleanup EXIT
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }
wait_for() { # url, pid to watch, log
  for _ in $(seq 1 240); do
    curl -fs -o /dev/null "$1" && return 0
    kill -0 "$2" 2>/dev/null || { echo "exited before answering $1:"; tail -40 "$3"; exit 1; }
    sleep 0.5
  done
  echo "no answer from $1:"; tail -40 "$3"; exit 1
}

echo "== lighthouse@$LIGHTHOUSE_VERSION in $LIGHTHOUSE_DIR"
lighthouse="$LIGHTHOUSE_DIR/node_modules/.bin/lighthouse"
if [ ! -x "$lighthouse" ] || [ "$("$lighthouse" --version 2>/dev/null)" != "$LIGHTHOUSE_VERSION" ]; then
  mkdir -p "$LIGHTHOUSE_DIR"
  npm install --prefix "$LIGHTHOUSE_DIR" --no-audit --no-fund --save-exact "lighthouse@$LIGHTHOUSE_VERSION" >"$work/npm-lighthouse.log" 2>&1 \
    || { tail -40 "$work/npm-lighthouse.log"; exit 1; }
fi

echo "== build (Release api, production web)"
dotnet publish "$root/ApraNova.Api" -c Release -o "$work/api" --nologo -v quiet >/dev/null
dotnet publish "$root/tools/FakeStripe" -c Release -o "$work/fake-stripe" --nologo -v quiet >/dev/null
web="$root/ApraNova.Web"
[ -d "$web/node_modules/.bin" ] || (cd "$web" && npm ci --no-audit --no-fund >"$work/npm-ci.log" 2>&1) || { tail -40 "$work/npm-ci.log"; exit 1; }
if [ ! -f "$web/.next/standalone/server.js" ] || [ -n "$(find "$web/app" "$web/components" "$web/lib" "$web"/*.ts "$web/package.json" -newer "$web/.next/BUILD_ID" -print -quit 2>/dev/null)" ]; then
  (cd "$web" && npm run build >"$work/web-build.log" 2>&1) || { tail -40 "$work/web-build.log"; exit 1; }
fi

echo "== start PostgreSQL (as $pg_user), Redis, the fake Stripe"
pg_port=$(free_port); redis_port=$(free_port); fake_port=$(free_port)
mkdir -p "$work/pg" && chown "$pg_user" "$work/pg"
runuser -u "$pg_user" -- /usr/local/bin/initdb -D "$work/pg/data" -U postgres --auth=trust >/dev/null
runuser -u "$pg_user" -- /usr/local/bin/pg_ctl -D "$work/pg/data" -l "$work/pg/log" -w \
  -o "-p $pg_port -k $work/pg -c listen_addresses=127.0.0.1" start >/dev/null
pg_started=1
conninfo="host=127.0.0.1 port=$pg_port user=postgres"
psql "$conninfo dbname=postgres" -qc "CREATE DATABASE apranova_lighthouse"
redis-server --port "$redis_port" --bind 127.0.0.1 --save '' --appendonly no >"$work/redis.log" 2>&1 &
pids+=($!)
webhook_secret="whsec_lh_$(openssl rand -hex 16)"
stripe_key="sk_test_lh_$(openssl rand -hex 8)"
ASPNETCORE_URLS="http://127.0.0.1:$fake_port" FakeStripe__ApiKey="$stripe_key" FakeStripe__WebhookSecret="$webhook_secret" \
  Logging__LogLevel__Default=Warning dotnet "$work/fake-stripe/ApraNova.FakeStripe.dll" >"$work/fake-stripe.log" 2>&1 &
fake_pid=$!; pids+=($fake_pid)

api_port=$(free_port); web_port=$(free_port)
admin_email="lh-admin@bench.apranova.dev"
admin_password="lh-$(openssl rand -hex 12)"
echo "== start the api (Production) on 127.0.0.1:$api_port and the web on 127.0.0.1:$web_port"
env "ConnectionStrings__apranova-db=Host=127.0.0.1;Port=$pg_port;Username=postgres;Database=apranova_lighthouse" \
    "ConnectionStrings__redis=127.0.0.1:$redis_port" \
    "Jwt__SigningKey=$(openssl rand -hex 32)" \
    "Files__RootPath=$work/files" "App__PublicUrl=http://127.0.0.1:$web_port" \
    "Bootstrap__SuperAdminEmail=$admin_email" "Bootstrap__SuperAdminPassword=$admin_password" \
    "Stripe__SecretKey=$stripe_key" "Stripe__WebhookSecret=$webhook_secret" Stripe__PublishableKey=pk_test_lh \
    "Stripe__ApiBase=http://127.0.0.1:$fake_port" \
    "ASPNETCORE_URLS=http://127.0.0.1:$api_port" ASPNETCORE_ENVIRONMENT=Production \
  dotnet "$work/api/ApraNova.Api.dll" --contentRoot "$work/api" >"$work/api.log" 2>&1 &
api_pid=$!; pids+=($api_pid)
wait_for "http://127.0.0.1:$api_port/health" "$api_pid" "$work/api.log"
api="http://127.0.0.1:$api_port"
env PORT=$web_port HOSTNAME=127.0.0.1 API_URL="$api" NODE_ENV=production NEXT_TELEMETRY_DISABLED=1 \
  node "$web/.next/standalone/server.js" >"$work/web.log" 2>&1 &
web_pid=$!; pids+=($web_pid)
base="http://127.0.0.1:$web_port"
wait_for "$base/" "$web_pid" "$work/web.log"

echo "== seed: a trainer in DP, an enrolled student with steps ticked and submissions reviewed"
student_token=$(python3 "$root/bench/seed.py" "$api" "$admin_email" "$admin_password" "$conninfo dbname=apranova_lighthouse")
student_email=$(curl -fs -H "Authorization: Bearer $student_token" "$api/api/auth/me" | python3 -c 'import json,sys; print(json.load(sys.stdin)["email"])')

# The student's browser: a refresh cookie, as after logging in (seed.py's password). Taken just
# before the dashboard's run: the web's refresh call rotates it.
refresh_cookie() {
  curl -fs -o /dev/null -D - -H "Content-Type: application/json" -H "X-Forwarded-For: 198.18.200.$((RANDOM % 250 + 1))" \
    -d "{\"email\":\"$student_email\",\"password\":\"bench-password-123\"}" "$base/api/auth/login" \
    | awk -F'[:;] *' 'tolower($1)=="set-cookie" && $2 ~ /^apranova_refresh=/ {print $2; exit}'
}

# Warm each page once (the first render loads modules; Lighthouse measures a returning server).
for path in / /tracks /tracks/DP /dashboard; do curl -fs -o /dev/null "$base$path" || true; done

run_lighthouse() { # name, path, [extra headers JSON]
  local name=$1 path=$2 headers=${3:-}
  local args=("$base$path" --quiet --output=json --output-path="$work/$name.json"
    --chrome-path="$CHROMIUM" --chrome-flags="--no-sandbox --headless --disable-gpu"
    --only-categories=performance,accessibility,best-practices,seo)
  [ -n "$headers" ] && args+=("--extra-headers=$headers")
  echo "-- $path (load average $(cut -d' ' -f1-3 /proc/loadavg))"
  load_at_run+=("$(cut -d' ' -f1 /proc/loadavg)")
  CHROME_PATH="$CHROMIUM" "$lighthouse" "${args[@]}" 2>"$work/$name.log" || { tail -20 "$work/$name.log"; exit 1; }
}
load_at_run=()
run_lighthouse home /
run_lighthouse tracks /tracks
run_lighthouse track-dp /tracks/DP
cookie=$(refresh_cookie)
[ -n "$cookie" ] || { echo "no refresh cookie from logging the student in" >&2; exit 1; }
run_lighthouse dashboard /dashboard "{\"Cookie\":\"$cookie\"}"

echo
echo "== Lighthouse $LIGHTHOUSE_VERSION, mobile, simulated throttling (load average at the end: $(cut -d' ' -f1-3 /proc/loadavg))"
python3 - "$work" "${load_at_run[@]}" <<'PY'
import json, sys
work, loads = sys.argv[1], sys.argv[2:]
pages = [("home", "/"), ("tracks", "/tracks"), ("track-dp", "/tracks/DP"), ("dashboard", "/dashboard (student)")]
print(f"| {'page':<22} | perf | a11y | best pr. | seo | {'LCP':>7} | {'CLS':>5} | {'TBT':>7} | load |")
print(f"|{'-'*24}|------|------|----------|-----|{'-'*9}|{'-'*7}|{'-'*9}|------|")
for (name, label), load in zip(pages, loads):
    report = json.load(open(f"{work}/{name}.json"))
    score = lambda c: round(100 * (report["categories"][c]["score"] or 0))
    audit = lambda a: report["audits"][a]["numericValue"]
    final = report.get("finalDisplayedUrl") or report.get("finalUrl", "")
    note = "" if "/login" not in final else " (ended on /login!)"
    print(f"| {label + note:<22} | {score('performance'):>4} | {score('accessibility'):>4} | {score('best-practices'):>8} | {score('seo'):>3} "
          f"| {audit('largest-contentful-paint')/1000:>5.2f} s | {audit('cumulative-layout-shift'):>5.3f} | {audit('total-blocking-time'):>4.0f} ms | {load:>4} |")
PY
