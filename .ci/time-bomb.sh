#!/usr/bin/env bash
# Time bombs: the unit tests once more with the clock 400 days ahead (libfaketime; the tests pass it on to the
# processes they start, see testing/child-env.ts). A test that passes today but fails here depends on the date it
# runs on: a fixed date in the test meeting a real clock in the code. Extra arguments go to jest (a subset of files).
# Prints "time-bomb check: ...", never a "jest: ..." line: .ci/run's last one is its main run's.
set -euo pipefail
cd "$(dirname "$0")/.."
if ! command -v faketime >/dev/null; then
  echo "installing faketime (Debian package) for the time-bomb check"
  if [ "$(id -u)" = 0 ]; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq faketime >/dev/null
  else
    sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq faketime >/dev/null
  fi
fi
# The PostgreSQL tests read the clock too (heard times, retention, the watch lead). The server keeps the real one:
# the stores only compare times taken by the node process.
if [ -z "${GITOPS_PROMOTE_TEST_DATABASE_URL:-}" ]; then source .ci/postgres.sh; fi
AHEAD_DAYS=400
result="$(mktemp)"
started=$SECONDS
set +e
faketime -f "+${AHEAD_DAYS}d" npm test -- --ci --testPathIgnorePatterns=/e2e/ --json --outputFile="$result" "$@"
rc=$?
set -e
node -e 'const [file, days, seconds] = process.argv.slice(1);
  const r = JSON.parse(require("fs").readFileSync(file, "utf8"));
  const failed = r.numFailedTests + r.numRuntimeErrorTestSuites;
  const ahead = `with the clock ${days} days ahead (${seconds} s)`;
  if (failed === 0) console.log(`time-bomb check: ${r.numPassedTests} tests passed ${ahead}`);
  else {
    const names = r.testResults.flatMap(f => f.assertionResults.filter(a => a.status === "failed").map(a => a.fullName));
    console.log(`time-bomb check: ${failed} failed ${ahead}; they depend on the date they run on:`);
    for (const n of names) console.log(`  ${n}`);
    process.exitCode = 1;
  }' "$result" "$AHEAD_DAYS" "$((SECONDS - started))"
rm -f "$result"
exit $rc
