#!/usr/bin/env bash
# The benchmark in one command (bench/README.md): builds Release, starts the sandbox (mock
# authority + broker + demo platform, SQLite) and the bare OpenIddict baseline on free ports,
# runs every scenario, prints the table and the ratio "NetIdentity login / bare code flow",
# writes the JSON report to artifacts/bench/report.json, and stops everything.
#
#   bench/run.sh                                  # all scenarios, 200 logins each, 8 in flight
#   bench/run.sh --scenario netid baseline --duration 30 --concurrency 16
#   bench/run.sh --scenario netid baseline --rate 200 --duration 30 --concurrency 400
#
# Any option of the driver may follow (dotnet bench/NetIdentity.Bench.Driver/bin/Release/net10.0/NetIdentity.Bench.Driver.dll --help).
set -euo pipefail
cd "$(dirname "$0")/.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

echo "Building the broker, the mock, the demo platform, the sandbox, the baseline and the driver in Release…"
dotnet build bench/NetIdentity.Bench.Driver/NetIdentity.Bench.Driver.csproj -c Release -nologo -v q

defaults=()
case " $* " in
  *" --scenario "*|*" -s "*) ;;
  *) defaults+=(--scenario all) ;;
esac
case " $* " in
  *" --json "*) ;;
  *) mkdir -p artifacts/bench; defaults+=(--json artifacts/bench/report.json) ;;
esac

exec dotnet bench/NetIdentity.Bench.Driver/bin/Release/net10.0/NetIdentity.Bench.Driver.dll \
  --start-sandbox --configuration Release "${defaults[@]}" "$@"
