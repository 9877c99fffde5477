package loadtest

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"time"
)

// wrkScript defines only done(), which wrk calls once after the run, so it
// costs nothing per request; it prints the summary as one JSON line after
// the marker. latency:percentile and the durations are in microseconds.
const wrkScript = `done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format('` + wrkMarker + `{"requests":%d,"duration_us":%d,"bytes":%d,` +
	`"connect":%d,"read":%d,"write":%d,"status":%d,"timeout":%d,"p50_us":%d,"p99_us":%d}\n',
    summary.requests, summary.duration, summary.bytes, e.connect, e.read, e.write, e.status, e.timeout,
    latency:percentile(50), latency:percentile(99)))
end
`

const wrkMarker = "loadtest-wrk: "

// WrkResult is one wrk run: its summary and the CPU time wrk itself used.
type WrkResult struct {
	Requests   int64 `json:"requests"`
	DurationUS int64 `json:"duration_us"`
	Bytes      int64 `json:"bytes"` // received, headers included
	Connect    int64 `json:"connect"`
	Read       int64 `json:"read"`
	Write      int64 `json:"write"`
	Status     int64 `json:"status"` // responses with a status above 399
	Timeout    int64 `json:"timeout"`
	P50US      int64 `json:"p50_us"`
	P99US      int64 `json:"p99_us"`
	// CPU is wrk's user + system CPU time, from the kernel's accounting.
	CPU time.Duration `json:"-"`
}

// Errors is the sum of wrk's error counts.
func (w WrkResult) Errors() int64 { return w.Connect + w.Read + w.Write + w.Status + w.Timeout }

// Elapsed is the run's wall-clock duration as wrk measured it.
func (w WrkResult) Elapsed() time.Duration { return time.Duration(w.DurationUS) * time.Microsecond }

// wrk runs wrk pinned to cpus.
type wrk struct {
	cpus   string
	conns  int
	script string // path of wrkScript on disk
}

func newWrk(dir, cpus string, conns int) (*wrk, error) {
	script := filepath.Join(dir, "done.lua")
	if err := os.WriteFile(script, []byte(wrkScript), 0o600); err != nil {
		return nil, err
	}
	return &wrk{cpus: cpus, conns: conns, script: script}, nil
}

// run puts url under load for d (whole seconds) with one thread.
func (w *wrk) run(ctx context.Context, url string, d time.Duration) (WrkResult, error) {
	secs := int(d / time.Second)
	cmd := exec.CommandContext(ctx, "taskset", "-c", w.cpus, "wrk", "-t1", "-c"+strconv.Itoa(w.conns),
		"-d"+strconv.Itoa(secs)+"s", "--timeout", "5s", "-H", "Cookie: "+Cookie, "-s", w.script, url)
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Run(); err != nil {
		return WrkResult{}, fmt.Errorf("loadtest: wrk: %w\n%s", err, out.Bytes())
	}
	r, err := parseWrk(out.Bytes())
	if err != nil {
		return WrkResult{}, fmt.Errorf("%w\n%s", err, out.Bytes())
	}
	r.CPU = cmd.ProcessState.UserTime() + cmd.ProcessState.SystemTime()
	return r, nil
}

// parseWrk finds the line the script printed in wrk's output.
func parseWrk(out []byte) (WrkResult, error) {
	for line := range bytes.Lines(out) {
		if js, ok := bytes.CutPrefix(line, []byte(wrkMarker)); ok {
			var r WrkResult
			err := json.Unmarshal(js, &r)
			return r, err
		}
	}
	return WrkResult{}, errors.New("loadtest: no summary in wrk's output")
}
