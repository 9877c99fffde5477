#!/usr/bin/env bash
# The project's one test command (README "Run the tests"; CONTRIBUTING.md
# says what it needs and what it costs): gofmt, tidy and go vet checks, then
# race-enabled tests of every module (the Go snippets of README.md, docs/ and the modules' READMEs
# are compiled by the tests of internal/docscheck), the allocation checks
# without -race, then a short run of every fuzz target. Skipped tests are
# listed with their reason, and the last line is "N passed, N failed,
# N skipped".
#
# FUZZTIME sets the length of each fuzz run: a count of executions (default
# 30000x), because a duration races a known bug of Go 1.26's fuzz
# coordinator (go.dev/issue/75804) that fails a clean run with "context
# deadline exceeded" at the deadline.
set -euo pipefail
cd "$(dirname "$0")/.."

# Every module in the repository: the root and the nested ones.
mapfile -t modules < <(find . -name go.mod -not -path './.git/*' -printf '%h\n' | sort)

unformatted=$(gofmt -l .)
if [ -n "$unformatted" ]; then
	echo "gofmt would change these files:" >&2
	echo "$unformatted" >&2
	exit 1
fi

echo "== go.mod and go.sum are tidy"
bash scripts/tidy.sh --check

for m in "${modules[@]}"; do
	echo "== $m: go vet"
	(cd "$m" && go vet ./...)
done

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
go build -o "$work/testsum" ./internal/tools/testsum
events="$work/events.json"
status=0

for m in "${modules[@]}"; do
	echo "== $m: go test -race"
	(cd "$m" && go test -json -race -count=1 ./...) | "$work/testsum" -log "$events" || status=1
done

# The allocation checks are void under -race (it makes sync.Pool drop
# entries at random, so those tests skip their assertions): run them once
# more without it.
echo "== allocation checks without -race"
go test -json -count=1 -run '^(TestVerifyForm|TestAppendSumAllocatesNothingWithRoom)$' ./verify ./internal/hs256 |
	"$work/testsum" -log "$events" || status=1

for m in "${modules[@]}"; do
	for pkg in $(cd "$m" && go list ./...); do
		for target in $(cd "$m" && go test -list '^Fuzz' "$pkg" | grep '^Fuzz' || true); do
			echo "== fuzz $pkg $target (${FUZZTIME:-30000x})"
			(cd "$m" && go test -json -run='^$' -fuzz="^${target}\$" -fuzztime="${FUZZTIME:-30000x}" "$pkg") |
				"$work/testsum" -log "$events" || status=1
		done
	done
done

"$work/testsum" -summarize "$events" || status=1
exit $status
