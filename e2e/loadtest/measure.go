package loadtest

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"strings"
	"time"
)

// Config describes one measurement. Every field must be set except those
// whose comment gives a default.
type Config struct {
	ServerBinary     string        // the loadserver binary (see BuildServer)
	ServerCPUs       string        // taskset -c list for the server; "" means "1"
	DriverCPUs       string        // taskset -c list for wrk; "" means "0"
	Conns            int           // wrk's connections (one thread)
	Phase            time.Duration // one endpoint's turn under load; whole seconds
	Rounds           int           // each endpoint gets this many turns
	Warmup           time.Duration // one unrecorded turn each first; whole seconds, 0 for none
	Log              string        // the server's -log flag, "discard" or "json"; "" means "discard"
	ServerCPUProfile string        // if not "", the server writes a CPU profile there (its -cpuprofile), labelled by endpoint
	Progress         io.Writer     // a line per turn, if not nil
}

// Endpoints in the order of the first round; later rounds alternate it.
var endpoints = [2]string{"sso", "bare"}

// Phase is one endpoint's turn under load.
type Phase struct {
	Round    int
	Endpoint string // "sso" or "bare"
	Wrk      WrkResult
	// ServerCPU is the server's CPU time during the turn, and Served the
	// requests it counted on the endpoint (Stats before and after).
	ServerCPU time.Duration
	Served    int64
	// ServerCore and DriverCore are what the server's and wrk's CPUs did
	// during the turn, whoever ran there.
	ServerCore, DriverCore CoreTicks
}

// Result is a whole measurement.
type Result struct {
	Config     Config
	Probe      ProbeResult
	Phases     []Phase  // the recorded turns, in the order they ran
	Stats      Stats    // the server's counters at the end
	JTI        JTICheck // the server's jti check at the end
	LoadBefore string   // /proc/loadavg before the run
	LoadAfter  string   // and after
}

// Measure runs the measurement that cfg describes: it starts the server,
// probes both endpoints, then puts them under load in turns. It returns an
// error only when the measurement could not be made; what it found wrong
// is in Result.Problems.
func Measure(ctx context.Context, cfg Config) (*Result, error) {
	if err := cfg.check(); err != nil {
		return nil, err
	}
	res := &Result{Config: cfg, LoadBefore: loadavg()}
	dir, err := os.MkdirTemp("", "loadtest")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(dir)
	w, err := newWrk(dir, cfg.DriverCPUs, cfg.Conns)
	if err != nil {
		return nil, err
	}
	args := []string{"-addr", "127.0.0.1:0", "-log", cfg.Log}
	if cfg.ServerCPUProfile != "" {
		args = append(args, "-cpuprofile", cfg.ServerCPUProfile)
	}
	srv, err := startServer(ctx, cfg.ServerCPUs, cfg.ServerBinary, args...)
	if err != nil {
		return nil, err
	}
	err = res.run(ctx, srv.base, w)
	if _, stopErr := srv.stop(); err == nil {
		err = stopErr
	}
	res.LoadAfter = loadavg()
	return res, err
}

func (cfg *Config) check() error {
	if cfg.ServerCPUs == "" {
		cfg.ServerCPUs = "1"
	}
	if cfg.DriverCPUs == "" {
		cfg.DriverCPUs = "0"
	}
	if cfg.Log == "" {
		cfg.Log = "discard"
	}
	whole := func(d time.Duration) bool { return d%time.Second == 0 }
	if cfg.ServerBinary == "" || cfg.Conns < 1 || cfg.Rounds < 1 || cfg.Phase < time.Second ||
		!whole(cfg.Phase) || cfg.Warmup < 0 || !whole(cfg.Warmup) {
		return errors.New("loadtest: need a server binary, connections, rounds, and whole seconds per turn")
	}
	for _, tool := range []string{"taskset", "wrk"} {
		if _, err := exec.LookPath(tool); err != nil {
			return fmt.Errorf("loadtest: %w", err)
		}
	}
	return nil
}

func (res *Result) run(ctx context.Context, base string, w *wrk) error {
	var err error
	if res.Probe, err = Probe(ctx, base); err != nil {
		return err
	}
	if res.Config.Warmup > 0 {
		for _, ep := range endpoints {
			if _, err := w.run(ctx, base+"/"+ep, res.Config.Warmup); err != nil {
				return err
			}
		}
	}
	for round := range res.Config.Rounds {
		for i := range endpoints {
			ep := endpoints[(i+round)%2]
			p, err := res.turn(ctx, base, w, ep)
			if err != nil {
				return err
			}
			p.Round = round + 1
			res.Phases = append(res.Phases, p)
			res.progress(p)
		}
	}
	if err := getJSON(ctx, base, StatsPath, &res.Stats); err != nil {
		return err
	}
	return getJSON(ctx, base, JTIPath, &res.JTI)
}

// turn puts one endpoint under load, reading the server's Stats around it.
func (res *Result) turn(ctx context.Context, base string, w *wrk, ep string) (Phase, error) {
	var before, after snapshot
	if err := before.take(ctx, base, res.Config); err != nil {
		return Phase{}, err
	}
	wr, err := w.run(ctx, base+"/"+ep, res.Config.Phase)
	if err != nil {
		return Phase{}, err
	}
	if err := after.take(ctx, base, res.Config); err != nil {
		return Phase{}, err
	}
	served := after.stats.SSO - before.stats.SSO
	if ep == "bare" {
		served = after.stats.Bare - before.stats.Bare
	}
	return Phase{Endpoint: ep, Wrk: wr, ServerCPU: time.Duration(after.stats.CPUNanos - before.stats.CPUNanos),
		Served: served, ServerCore: after.server.minus(before.server), DriverCore: after.driver.minus(before.driver)}, nil
}

// snapshot is the server's Stats and the two CPUs' ticks at one moment.
type snapshot struct {
	stats          Stats
	server, driver CoreTicks
}

func (s *snapshot) take(ctx context.Context, base string, cfg Config) error {
	var err error
	if s.server, err = readCoreTicks(cfg.ServerCPUs); err != nil {
		return err
	}
	if s.driver, err = readCoreTicks(cfg.DriverCPUs); err != nil {
		return err
	}
	return getJSON(ctx, base, StatsPath, &s.stats)
}

func (res *Result) progress(p Phase) {
	if res.Config.Progress == nil {
		return
	}
	fmt.Fprintf(res.Config.Progress, "round %d %-4s %7.0f req/s  server %5.1f µs/req  idle: server's CPU %3.0f%%, wrk's %3.0f%%\n",
		p.Round, p.Endpoint, p.RPS(), p.ServerMicrosPerRequest(), 100*p.ServerCore.IdleShare(), 100*p.DriverCore.IdleShare())
}

// loadavg returns the first three fields of /proc/loadavg, or "?".
func loadavg() string {
	b, err := os.ReadFile("/proc/loadavg")
	if f := strings.Fields(string(b)); err == nil && len(f) >= 3 {
		return strings.Join(f[:3], " ")
	}
	return "?"
}
