package loadtest

import (
	"strings"
	"testing"
	"time"
)

func TestParseWrk(t *testing.T) {
	out := "Running 1s test @ http://127.0.0.1:1/sso\n  1 threads and 16 connections\n" +
		wrkMarker + `{"requests":1200,"duration_us":1000500,"bytes":496800,"connect":0,"read":1,"write":0,"status":2,"timeout":0,"p50_us":410,"p99_us":1900}` + "\n"
	r, err := parseWrk([]byte(out))
	if err != nil {
		t.Fatal(err)
	}
	if r.Requests != 1200 || r.Errors() != 3 || r.Elapsed() != 1000500*time.Microsecond || r.P99US != 1900 {
		t.Errorf("parsed %+v", r)
	}
	if _, err := parseWrk([]byte("Running 1s test\n")); err == nil {
		t.Error("no summary line, no error")
	}
}

// result is two rounds in which everything went right.
func result() *Result {
	turn := func(round int, ep string, reqs int64) Phase {
		return Phase{Round: round, Endpoint: ep, Served: reqs, ServerCPU: time.Second,
			Wrk: WrkResult{Requests: reqs, DurationUS: 1e6, P50US: 500, P99US: 2000, CPU: 300 * time.Millisecond}}
	}
	return &Result{
		Config: Config{Rounds: 2},
		Phases: []Phase{turn(1, "sso", 900), turn(1, "bare", 1000), turn(2, "bare", 1000), turn(2, "sso", 800)},
		Stats:  Stats{SSO: 1705, Minted: 1700, Cut: 5},
		JTI:    JTICheck{Recorded: 1700, Distinct: 1700},
	}
}

func TestSummaries(t *testing.T) {
	res := result()
	if r := res.RoundRatios(); len(r) != 2 || r[0] != 0.9 || r[1] != 0.8 {
		t.Errorf("round ratios %v, want [0.9 0.8]", r)
	}
	s := res.Summarize("sso")
	if s.Requests != 1700 || s.RPS != 850 || s.ServerBusy() != 1 || s.DriverBusy() != 0.3 {
		t.Errorf("sso summary %+v", s)
	}
	if w := res.Warnings(); len(w) != 0 {
		t.Errorf("warnings %q", w)
	}
}

// Problems finds errors, refusals and repeated jti; never speed.
func TestProblems(t *testing.T) {
	for name, c := range map[string]struct {
		spoil func(*Result)
		want  string
	}{
		"wrk errors":  {func(r *Result) { r.Phases[1].Wrk.Status = 3 }, "bare: wrk counted 3 errors"},
		"refused":     {func(r *Result) { r.Stats.Refused, r.Stats.Cut = 5, 0 }, "5 requests answered without a token"},
		"unaccounted": {func(r *Result) { r.Stats.SSO++ }, "1706 requests"},
		"repeated":    {func(r *Result) { r.JTI.Distinct-- }, "1699 distinct"},
		"dropped":     {func(r *Result) { r.JTI.Dropped, r.JTI.Recorded, r.Stats.Minted = 1, 1699, 1699 }, "1 dropped"},
	} {
		res := result()
		res.Probe = goodProbe(t)
		c.spoil(res)
		if p := strings.Join(res.Problems(), "; "); !strings.Contains(p, c.want) {
			t.Errorf("%s: problems %q, want %q", name, p, c.want)
		}
	}
	res := result()
	res.Probe = goodProbe(t)
	res.Phases[0].Wrk.Requests = 1 // slow is not wrong
	if p := res.Problems(); len(p) != 0 {
		t.Errorf("problems %q on a clean run", p)
	}
}

func TestRoundCPURatios(t *testing.T) {
	res := result()
	res.Phases[0].ServerCPU = 1800 * time.Millisecond // 2000 µs/req against 1000
	if r := res.RoundCPURatios(); len(r) != 2 || r[0] != 2 || r[1] != 1.25 {
		t.Errorf("CPU ratios %v, want [2 1.25]", r)
	}
}
