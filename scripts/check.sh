#!/usr/bin/env bash
# The project's one test command (README "Run the tests"): gofmt and go vet
# checks, then race-enabled tests over every module, then a short run of
# every fuzz target. FUZZTIME sets the length of each fuzz run: a count of
# executions (default 30000x), because a duration races a known bug of Go
# 1.26's fuzz coordinator (go.dev/issue/75804) that fails a clean run with
# "context deadline exceeded" at the deadline.
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

for m in "${modules[@]}"; do
	echo "== $m: go vet"
	(cd "$m" && go vet ./...)
done

# The README's quick start must compile as pasted.
echo "== README quick start builds"
qs=$(mktemp -d)
trap 'rm -rf "$qs"' EXIT
awk '/^```go$/ {inblock=1; next} /^```$/ && inblock {exit} inblock' README.md > "$qs/main.go"
root=$(pwd)
(
	cd "$qs"
	printf 'module quickstart\n\ngo 1.26\n\nrequire github.com/supportsso/jwtsso v0.0.0\n\nreplace github.com/supportsso/jwtsso => %s\n' "$root" > go.mod
	cp "$root/go.sum" go.sum
	go mod tidy >/dev/null
	go vet . && go build -o /dev/null .
)
echo "README quick start: ok"

for m in "${modules[@]}"; do
	echo "== $m: go test -race"
	(cd "$m" && go test -race -count=1 ./...)
done

for m in "${modules[@]}"; do
	(
		cd "$m"
		for pkg in $(go list ./...); do
			for target in $(go test -list '^Fuzz' "$pkg" | grep '^Fuzz' || true); do
				echo "== fuzz $pkg $target"
				go test -run='^$' -fuzz="^${target}\$" -fuzztime="${FUZZTIME:-30000x}" "$pkg"
			done
		done
	)
done

