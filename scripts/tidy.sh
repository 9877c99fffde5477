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
# tidy. (The body of the loop runs in a subshell on the left of ||, where
# bash ignores set -e: every command there checks its own status.)
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
check=${1:-}

mapfile -t modules < <(find . -name go.mod -not -path './.git/*' -printf '%h\n' | sort)
# The module path of each directory, for the temporary replaces.
declare -A paths
for m in "${modules[@]}"; do
	paths[$m]=$(cd "$m" && GOWORK=off go mod edit -json | sed -n 's/^\t\t"Path": "\(.*\)"$/\1/p' | head -1)
done
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
		# Every other module of the repository is replaced by its directory
		# for the time of the tidy (a module that it does not require is
		# unaffected), then the replaces are dropped again.
		for other in "${modules[@]}"; do
			[ "$other" = "$m" ] && continue
			rel=$(realpath --relative-to="$(pwd)" "$root/$other")
			case $rel in ../* | ..) ;; *) rel=./$rel ;; esac
			go mod edit -replace "${paths[$other]}=$rel" || exit 1
		done
		go mod tidy || exit 1
		for other in "${modules[@]}"; do
			[ "$other" = "$m" ] && continue
			go mod edit -dropreplace "${paths[$other]}" || exit 1
		done
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
