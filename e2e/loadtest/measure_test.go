package loadtest

import (
	"context"
	"os"
	"os/exec"
	"runtime"
	"strings"
	"testing"
	"time"
)

// requireTools skips the test unless taskset, wrk and two CPUs are there;
// JWTSSO_REQUIRE_LOADTEST=1 turns the skip into a failure, for CI.
func requireTools(t *testing.T) {
	t.Helper()
	var missing []string
	for _, tool := range []string{"taskset", "wrk"} {
		if _, err := exec.LookPath(tool); err != nil {
			missing = append(missing, tool)
		}
	}
	if runtime.NumCPU() < 2 {
		missing = append(missing, "a second CPU")
	}
	if len(missing) == 0 {
		return
	}
	msg := "the pinned load test needs " + strings.Join(missing, " and ") +
		" (Debian: apt-get install wrk util-linux)"
	if os.Getenv("JWTSSO_REQUIRE_LOADTEST") == "1" {
		t.Fatal(msg + "; JWTSSO_REQUIRE_LOADTEST=1 makes this a failure")
	}
	t.Skip(msg)
}

// A short run of the real measurement: the server binary and wrk, each
// pinned. It judges correctness only (no errors, every SSO request minted,
// every jti distinct, the bare endpoint a copy of the SSO one), never the
// speed, which a shared machine cannot promise.
func TestShortRun(t *testing.T) {
	requireTools(t)
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	bin, err := BuildServer(ctx, t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	res, err := Measure(ctx, Config{ServerBinary: bin, Conns: 16, Phase: time.Second, Rounds: 2,
		Warmup: 0, Log: "json"})
	if err != nil {
		t.Fatal(err)
	}
	var report strings.Builder
	res.WriteReport(&report)
	t.Log("\n" + report.String())
	if p := res.Problems(); len(p) > 0 {
		t.Fatalf("problems: %q", p)
	}
	for _, ep := range endpoints {
		if s := res.Summarize(ep); s.Requests == 0 || s.Served < s.Requests {
			t.Errorf("%s: wrk counted %d requests, the server %d", ep, s.Requests, s.Served)
		}
	}
	if res.JTI.Recorded == 0 {
		t.Error("no jti recorded")
	}
}
