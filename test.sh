#!/usr/bin/env bash
# Runs the whole test suite: installs what the tests need, builds with warnings as errors,
# runs unit, integration (as root, with the real runc, registry and CNI plugins) and linter tests,
# and ends with one line: "N passed, N failed, N skipped".
set -uo pipefail
repo=$(cd "$(dirname "$0")" && pwd)
cd "$repo"
. deploy/lib.sh
answer_help "$0" "$@"
require_root
require_dotnet
install_packages deploy/packages.txt tests/packages.txt

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
if ! dotnet build CriRuntime.sln -c Release --nologo -v quiet; then
  echo "build failed"
  echo "0 passed, 1 failed, 0 skipped"
  exit 1
fi

log=$(mktemp)
trap 'rm -f "$log" "$log.conformance"' EXIT
status=0
for project in $(dotnet sln CriRuntime.sln list | grep -E 'Tests\.csproj$'); do
  echo "== $project"
  dotnet test "$project" -c Release --no-build --nologo 2>&1 | tee -a "$log" || status=1
done

echo "== conformance suite against criruntimed"
conformance/run.sh -c Release 2>&1 | tee "$log.conformance" || status=1

# dotnet test prints one "Passed!/Failed!  - Failed: F, Passed: P, Skipped: S" line per test project;
# the conformance suite ends with "N passed, N failed, N skipped".
read -r passed failed skipped < <( {
  grep -E '^(Passed|Failed)!' "$log" | sed -E 's/.*Failed: *([0-9]+), Passed: *([0-9]+), Skipped: *([0-9]+).*/\2 \1 \3/'
  grep -E '^[0-9]+ passed, [0-9]+ failed, [0-9]+ skipped$' "$log.conformance" | sed -E 's/([0-9]+) passed, ([0-9]+) failed, ([0-9]+) skipped/\1 \2 \3/'
} | awk '{p+=$1; f+=$2; s+=$3} END {print p+0, f+0, s+0}')
if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then
  failed=1
fi
echo "$passed passed, $failed failed, $skipped skipped"
[ "$status" -eq 0 ] && [ "$failed" -eq 0 ]
