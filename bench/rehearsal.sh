#!/usr/bin/env bash
# The production rehearsal (issue 11): the api and the web built as their images build them and
# started with exactly the environment of their ECS task definitions (read from the template the
# AppHost publishes), over PostgreSQL 14 with TLS only, Redis with TLS and an auth token, SES/IAM/STS
# on moto_server, an OTLP receiver for the collector sidecar, under run-capped (api 0.5 vCPU / 1 GB
# as uid 1654, web 0.25 / 512 MB as uid 1000), behind a stand-in for the ALB's rules; then the buyer's
# journey through the front door. Prints each stage's time, the spans received, peak memory of api
# and web, and the total. Needs root (cgroups, the images' users), moto_server, redis-server, npm.
# The same test runs in `dotnet test ApraNova.sln` (category Rehearsal).
set -euo pipefail
cd "$(dirname "$0")/.."

dotnet build ApraNova.Tests -v quiet -nologo >/dev/null
dotnet test ApraNova.Tests --no-build --filter "Category=Rehearsal" --logger "console;verbosity=detailed" 2>&1 \
  | tee /tmp/apranova-rehearsal.log \
  | grep -E '^\s+\[ *[0-9]+ s\]|OTLP:|peak memory|rehearsal duration|Passed|Failed|Skipped|Error Message|Exception' || true
grep -q "Passed ApraNova.Tests.Rehearsal" /tmp/apranova-rehearsal.log
