// Package loadtest drives HTTP endpoints on loopback with many concurrent
// clients for a bounded time and measures what they get: requests per
// second, latency percentiles and errors. It is the driver behind
// cmd/loadtest, which compares the guarded SSO endpoint with a bare redirect
// in one run.
package loadtest

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"slices"
	"sync"
	"time"
)

// Target is one endpoint under load.
type Target struct {
	Name string
	// NewRequest builds each request (with whatever cookies it needs).
	NewRequest func(ctx context.Context) (*http.Request, error)
	// Check judges a response; a non-nil error counts as an error. It runs
	// on the client's hot path, so it should be cheap; keep what needs
	// decoding for after the run (see Keep).
	Check func(*http.Response) error
	// Keep, if set, is called with every successful response's Location,
	// collected per connection and handed over after the run.
	Keep func(location string)
}

// Result is what one target got during its share of the run.
type Result struct {
	Name     string
	Requests int
	Errors   int
	Elapsed  time.Duration
	P50, P99 time.Duration
	// FirstError is the first error seen, for the report.
	FirstError error
}

// RPS is requests per second over the target's elapsed time.
func (r Result) RPS() float64 {
	if r.Elapsed <= 0 {
		return 0
	}
	return float64(r.Requests) / r.Elapsed.Seconds()
}

// Config bounds a run.
type Config struct {
	Conns  int           // concurrent connections per target phase (at least 1)
	Each   time.Duration // total time each target is under load
	Rounds int           // the targets take turns this many times, to share the machine's noise
}

// NewClient returns a client for conns connections to one host that does
// not follow redirects (the redirect is the answer being measured).
func NewClient(conns int) *http.Client {
	tr := http.DefaultTransport.(*http.Transport).Clone()
	tr.MaxIdleConns = conns
	tr.MaxIdleConnsPerHost = conns
	tr.MaxConnsPerHost = conns
	return &http.Client{
		Transport:     tr,
		Timeout:       10 * time.Second,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}
}

// Run puts each target under load for cfg.Each in total, the targets taking
// turns in cfg.Rounds rounds, and returns one Result per target in order.
// It stops early, with what it has, when ctx ends.
func Run(ctx context.Context, client *http.Client, cfg Config, targets ...Target) ([]Result, error) {
	if cfg.Conns < 1 || cfg.Each <= 0 || cfg.Rounds < 1 || len(targets) == 0 {
		return nil, errors.New("loadtest: need at least one connection, a duration, a round and a target")
	}
	slice := cfg.Each / time.Duration(cfg.Rounds)
	acc := make([]phase, len(targets))
	for range cfg.Rounds {
		for i, t := range targets {
			if ctx.Err() != nil {
				break
			}
			acc[i].merge(runPhase(ctx, client, cfg.Conns, slice, t))
		}
	}
	out := make([]Result, len(targets))
	for i, t := range targets {
		out[i] = acc[i].result(t.Name)
	}
	return out, nil
}

// phase is what one target got in one or more slices of the run.
type phase struct {
	latencies []time.Duration
	errors    int
	firstErr  error
	elapsed   time.Duration
}

func (p *phase) merge(q phase) {
	p.latencies = append(p.latencies, q.latencies...)
	p.errors += q.errors
	if p.firstErr == nil {
		p.firstErr = q.firstErr
	}
	p.elapsed += q.elapsed
}

func (p *phase) result(name string) Result {
	slices.Sort(p.latencies)
	return Result{
		Name: name, Requests: len(p.latencies) + p.errors, Errors: p.errors, Elapsed: p.elapsed,
		P50: percentile(p.latencies, 0.50), P99: percentile(p.latencies, 0.99), FirstError: p.firstErr,
	}
}

func percentile(sorted []time.Duration, q float64) time.Duration {
	if len(sorted) == 0 {
		return 0
	}
	return sorted[int(q*float64(len(sorted)-1))]
}

// runPhase runs conns workers against t for d.
func runPhase(ctx context.Context, client *http.Client, conns int, d time.Duration, t Target) phase {
	ctx, cancel := context.WithTimeout(ctx, d)
	defer cancel()
	workers := make([]worker, conns)
	start := time.Now()
	var wg sync.WaitGroup
	for i := range workers {
		wg.Go(func() { workers[i].run(ctx, client, t) })
	}
	wg.Wait()
	p := phase{elapsed: time.Since(start)}
	for _, w := range workers {
		p.merge(phase{latencies: w.latencies, errors: w.errors, firstErr: w.firstErr})
		if t.Keep != nil {
			for _, loc := range w.kept {
				t.Keep(loc)
			}
		}
	}
	return p
}

// worker is one client connection's loop and what it saw.
type worker struct {
	latencies []time.Duration
	kept      []string
	errors    int
	firstErr  error
}

func (w *worker) run(ctx context.Context, client *http.Client, t Target) {
	for ctx.Err() == nil {
		start := time.Now()
		loc, err := w.once(ctx, client, t)
		switch {
		case ctx.Err() != nil:
			return // the phase ended mid-request: neither a success nor an error
		case err != nil:
			w.errors++
			if w.firstErr == nil {
				w.firstErr = fmt.Errorf("%s: %w", t.Name, err)
			}
		default:
			w.latencies = append(w.latencies, time.Since(start))
			if t.Keep != nil {
				w.kept = append(w.kept, loc)
			}
		}
	}
}

func (w *worker) once(ctx context.Context, client *http.Client, t Target) (string, error) {
	req, err := t.NewRequest(ctx)
	if err != nil {
		return "", err
	}
	res, err := client.Do(req)
	if err != nil {
		return "", err
	}
	_, _ = io.Copy(io.Discard, res.Body)
	res.Body.Close()
	if err := t.Check(res); err != nil {
		return "", err
	}
	return res.Header.Get("Location"), nil
}
