package loadtest

import (
	"os"
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
		return Phase{Round: round, Endpoint: ep, Served: reqs, ServerCPU: 700 * time.Millisecond,
			ServerCore: CoreTicks{Busy: 70, IRQ: 30}, DriverCore: CoreTicks{Busy: 30, Idle: 70},
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
	if s.Requests != 1700 || s.RPS != 850 || s.ServerBusy() != 0.7 || s.DriverBusy() != 0.3 ||
		s.ServerCore.IRQShare() != 0.3 || s.DriverCore.IdleShare() != 0.7 {
		t.Errorf("sso summary %+v", s)
	}
	if w := res.Warnings(); len(w) != 0 {
		t.Errorf("warnings %q", w)
	}
	res.Phases[0].ServerCore = CoreTicks{Busy: 40, Idle: 60} // server held back
	res.Phases[1].DriverCore = CoreTicks{Busy: 100}          // wrk saturated, both bare turns
	res.Phases[2].DriverCore = CoreTicks{Busy: 100}
	res.Phases[2].ServerCPU = 100 * time.Millisecond // someone else on the server's CPU
	w := strings.Join(res.Warnings(), "; ")
	for _, want := range []string{"sso: the server's CPU was idle", "bare: wrk's CPU was idle only", "bare: other processes"} {
		if !strings.Contains(w, want) {
			t.Errorf("warnings %q lack %q", w, want)
		}
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
	res.Phases[0].ServerCPU = 1260 * time.Millisecond // 1400 µs/req against 700
	if r := res.RoundCPURatios(); len(r) != 2 || r[0] != 2 || r[1] != 1.25 {
		t.Errorf("CPU ratios %v, want [2 1.25]", r)
	}
}

func TestCPUList(t *testing.T) {
	for list, want := range map[string]int{"1": 1, "0,2": 2, "0-3": 4, "0-1,3": 3} {
		if got, err := parseCPUList(list); err != nil || len(got) != want {
			t.Errorf("%q: %v CPUs, %v; want %d", list, got, err, want)
		}
	}
	for _, bad := range []string{"", "a", "2-1", "-1", "1,"} {
		if _, err := parseCPUList(bad); err == nil {
			t.Errorf("%q accepted", bad)
		}
	}
	if _, err := os.Stat("/proc/stat"); err != nil {
		t.Skip("no /proc/stat")
	}
	if c, err := readCoreTicks("0"); err != nil || c.Total() == 0 {
		t.Errorf("readCoreTicks(0) = %+v, %v", c, err)
	}
}
