#!/usr/bin/env bash
# AppHost start-up benchmark: `dotnet run --project ApraNova.AppHost` until every resource is
# healthy (api /health 200, which needs postgres, apranova-db and redis healthy; web / 200), then
# the resident memory of each process once idle, then Ctrl+C and a check that nothing is left.
#
#   bench/startup.sh            cold run, then warm run
#   bench/startup.sh warm       warm run only (reuses the bench data folder)
#
# Cold = a fresh data folder (PostgreSQL installed from npm, initdb) and no ApraNova.Web/node_modules
# or .next (npm ci + next build). Warm = the same again with everything in place.
# Uses the fixed ports 8000/3000/15080: do not run it next to another AppHost. The AppHost is
# built first (not timed). Extra AppHost arguments: APPHOST_ARGS="--ApraNova:Infrastructure=processes".
set -euo pipefail
cd "$(dirname "$0")/.."

what=${1:-both}
data=${BENCH_DATA:-/tmp/apranova-bench-startup}
log_dir=$(mktemp -d)
idle_seconds=${IDLE_SECONDS:-20}

dotnet build ApraNova.AppHost -v quiet -nologo >/dev/null

descendants() { # all processes below $1
  local pid
  for pid in $(ps -o pid= --ppid "$1"); do echo "$pid"; descendants "$pid"; done
}

run_once() {
  local label=$1 log="$log_dir/$1.log"
  local start end apphost
  start=$(date +%s.%N)
  # setsid: own process group, so the Ctrl+C below reaches the AppHost as in a terminal.
  setsid dotnet run --project ApraNova.AppHost --no-build -- --ApraNova:DataDirectory="$data" ${APPHOST_ARGS:-} >"$log" 2>&1 </dev/null &
  local runner=$!
  until [ "$(curl -s -o /dev/null -w '%{http_code}' -m 2 http://localhost:8000/health)" = 200 ] \
     && [ "$(curl -s -o /dev/null -w '%{http_code}' -m 5 http://localhost:3000/)" = 200 ]; do
    if ! kill -0 "$runner" 2>/dev/null; then echo "$label: the AppHost exited; see $log"; tail -20 "$log"; exit 1; fi
    sleep 0.5
  done
  end=$(date +%s.%N)
  printf '%s start: every resource healthy after %.1f s (%s)\n' "$label" "$(awk "BEGIN{print $end - $start}")" \
    "$(grep -o 'ApraNova infrastructure: .*' "$log" | head -1)"

  # Persistence across Ctrl+C: the cold run signs a user up, the warm run logs that user in.
  local account='{"email":"bench-startup@example.com","password":"bench-startup-password","fullName":"Bench"}'
  if [ "$label" = cold ]; then
    echo "$label: sign-up through the web: HTTP $(curl -s -o /dev/null -w '%{http_code}' -H 'Content-Type: application/json' -d "$account" http://localhost:3000/api/auth/signup) (202: the link is emailed)"
    # The link from the dev mailbox, as the person would follow it from their inbox.
    local token
    token=$(curl -s 'http://localhost:3000/api/dev/mail?to=bench-startup@example.com' \
      | python3 -c 'import json, re, sys, urllib.parse; m = [re.search(r"/confirm-email\?token=(\S+)", e["textBody"]) for e in json.load(sys.stdin)]; print(urllib.parse.unquote(next(x for x in m if x).group(1)))')
    echo "$label: sign-up confirmed by the emailed link: HTTP $(curl -s -o /dev/null -w '%{http_code}' -H 'Content-Type: application/json' -d "{\"token\":\"$token\"}" http://localhost:3000/api/auth/signup/confirm)"
  else
    echo "$label: log-in of the user signed up by an earlier run: HTTP $(curl -s -o /dev/null -w '%{http_code}' -H 'Content-Type: application/json' -d "$account" http://localhost:3000/api/auth/login) (200 = the data survived the restart)"
  fi

  sleep "$idle_seconds"
  apphost=$(pgrep -f "ApraNova.AppHost/bin/.*/ApraNova.AppHost" | head -1)
  # DCP is started by the AppHost and told to watch it (--monitor <pid>); its children are the resources.
  local dcp pids
  dcp=$(pgrep -f "dcp start-apiserver --monitor $apphost" | head -1 || true)
  pids="$apphost $(descendants "$apphost") ${dcp:+$dcp $(descendants "$dcp")}"
  echo "$label: resident memory once idle (${idle_seconds} s), MB:"
  ps -o rss=,comm=,args= -p "$(echo $pids | tr ' ' ',')" | awk '
    { name=$2; args=$0
      if (args ~ /ApraNova.AppHost/) name="apphost"
      else if (args ~ /Aspire.Dashboard|aspire.dashboard/) name="dashboard"
      else if (args ~ /(^| )dcp |\/dcp /) name="dcp (orchestrator, all)"
      else if (args ~ /ApraNova.Api/ && args ~ /dotnet run/) name="api (dotnet run wrapper)"
      else if (args ~ /ApraNova.Api/) name="api"
      else if (name ~ /postgres/) name="postgres (all processes)"
      else if (name ~ /redis|garnet/) name="redis"
      else if (args ~ /next-server|server.js|next dev/) name="web (next-server)"
      rss[name]+=$1 }
    END { for (n in rss) { printf "  %-28s %7.1f\n", n, rss[n]/1024; total+=rss[n] } printf "  %-28s %7.1f\n", "total", total/1024 }' | sort

  local stop_start=$(date +%s.%N)
  # SIGTERM: a background job of a script ignores SIGINT, and both mean "shut down gracefully" to the AppHost.
  kill -TERM -- "-$runner" 2>/dev/null || kill -TERM "$apphost"
  wait "$runner" || true
  printf '%s stop: AppHost exited %.1f s after SIGTERM (as Ctrl+C)\n' "$label" "$(awk "BEGIN{print $(date +%s.%N) - $stop_start}")"
  # DCP (the orchestrator) notices the AppHost is gone and stops what it still runs: give it 60 s.
  local left waited=0
  while left=$(ps -eo pid=,args= | grep -E "$data|dcp start-apiserver --monitor $apphost|$PWD/ApraNova.Api/bin|$PWD/ApraNova.Web/.next/standalone" | grep -v grep || true); [ -n "$left" ] && [ $waited -lt 60 ]; do
    sleep 1; waited=$((waited + 1))
  done
  if [ -n "$left" ]; then echo "$label: LEFT RUNNING 60 s after exit:"; echo "$left"; else echo "$label: nothing left running ($waited s after the AppHost exited)"; fi
}

if [ "$what" != warm ]; then
  rm -rf "$data" ApraNova.Web/node_modules ApraNova.Web/.next
  run_once cold
fi
run_once warm
echo "logs: $log_dir"
