#!/usr/bin/env bash
# Runs `go mod tidy` in every module of the repository.
#
# The nested modules require the root module at the release they belong to
# (github.com/supportsso/jwtsso v0.1.0), with no replace directive, so that
# `go get` and `go install …@version` work for users. Before that version is
# published, a plain `go mod tidy` in a nested module cannot fetch it, so this
# script adds a temporary replace to the local checkout, tidies, and drops
# the replace again. Day-to-day builds and tests use go.work instead.
#
# With --check it changes nothing and fails if any go.mod or go.sum is not
# tidy.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
check=${1:-}

mapfile -t modules < <(find . -name go.mod -not -path './.git/*' -printf '%h\n' | sort)
status=0
for m in "${modules[@]}"; do
	(
		cd "$m"
		export GOWORK=off
		if [ "$check" = --check ]; then
			backup=$(mktemp -d)
			cp go.mod "$backup/"
			[ -f go.sum ] && cp go.sum "$backup/"
		fi
		if [ "$m" != . ]; then
			rel=$(realpath --relative-to="$(pwd)" "$root")
			go mod edit -replace "github.com/supportsso/jwtsso=$rel"
			# Nested modules that use one another (none do yet) get the same.
		fi
		go mod tidy
		if [ "$m" != . ]; then
			go mod edit -dropreplace github.com/supportsso/jwtsso
		fi
		if [ "$check" = --check ]; then
			if ! diff -q go.mod "$backup/go.mod" >/dev/null ||
				{ [ -f go.sum ] && ! diff -q go.sum "$backup/go.sum" >/dev/null; }; then
				echo "$m: go.mod or go.sum is not tidy (run scripts/tidy.sh)" >&2
				cp "$backup/go.mod" go.mod
				[ -f "$backup/go.sum" ] && cp "$backup/go.sum" go.sum
				exit 1
			fi
		fi
	) || status=1
done
exit $status
