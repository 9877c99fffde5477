package main

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// events is a stream as `go test -json` writes it: a passing test, a
// failing one, a skipped one with its reason, a skipped subtest, a package
// that fails to build and a package that fails outside any test.
const events = `{"Action":"run","Package":"p","Test":"TestA"}
{"Action":"output","Package":"p","Test":"TestA","Output":"=== RUN   TestA\n"}
{"Action":"pass","Package":"p","Test":"TestA"}
{"Action":"run","Package":"p","Test":"TestB"}
{"Action":"output","Package":"p","Test":"TestB","Output":"    b_test.go:9: want 1, got 2\n"}
{"Action":"fail","Package":"p","Test":"TestB"}
{"Action":"output","Package":"p","Test":"TestRedis","Output":"=== RUN   TestRedis\n"}
{"Action":"output","Package":"p","Test":"TestRedis","Output":"    redis_test.go:12: redis-server not found; apt-get install redis-server\n"}
{"Action":"output","Package":"p","Test":"TestRedis","Output":"--- SKIP: TestRedis (0.00s)\n"}
{"Action":"skip","Package":"p","Test":"TestRedis"}
{"Action":"skip","Package":"p","Test":"TestC/sub"}
{"Action":"fail","Package":"p","Elapsed":0.5}
{"ImportPath":"q","Action":"build-output","Output":"q/x.go:1:1: syntax error\n"}
{"ImportPath":"q","Action":"build-fail"}
{"Action":"fail","Package":"q","Elapsed":0,"FailedBuild":"q"}
{"Action":"output","Package":"r","Output":"panic: boom\n"}
{"Action":"fail","Package":"r","Elapsed":0.1}
{"Action":"skip","Package":"s"}
not json: go: cannot load module
`

func TestTally(t *testing.T) {
	tl := newTally()
	var live strings.Builder
	require.NoError(t, tl.read(strings.NewReader(events), &live))

	assert.Equal(t, 1, tl.passed)
	assert.Equal(t, 3, tl.failed, "TestB, the build of q and the panic in r")
	assert.Equal(t, 2, tl.skipped)
	for _, want := range []string{
		"--- FAIL p TestB\n    b_test.go:9: want 1, got 2",
		"SKIP p TestRedis: redis_test.go:12: redis-server not found; apt-get install redis-server",
		"SKIP p TestC/sub: (no reason given)",
		"FAIL q [build failed]", "q/x.go:1:1: syntax error",
		"FAIL r (0.1s)\npanic: boom",
		"not json: go: cannot load module",
	} {
		assert.Contains(t, live.String(), want)
	}
	assert.NotContains(t, live.String(), " s ", "a package without tests prints nothing")

	var sum strings.Builder
	assert.Equal(t, 1, tl.summarize(&sum))
	lines := strings.Split(strings.TrimSpace(sum.String()), "\n")
	assert.Equal(t, "1 passed, 3 failed, 2 skipped", lines[len(lines)-1])
	assert.Contains(t, sum.String(), "Skipped:\n  p TestRedis: redis_test.go:12")
}

func TestSummarizeCleanRun(t *testing.T) {
	tl := newTally()
	require.NoError(t, tl.read(strings.NewReader(`{"Action":"pass","Package":"p","Test":"TestA"}`+"\n"), &strings.Builder{}))
	var sum strings.Builder
	assert.Equal(t, 0, tl.summarize(&sum))
	assert.Equal(t, "1 passed, 0 failed, 0 skipped\n", sum.String())
}
