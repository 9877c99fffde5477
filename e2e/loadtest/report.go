package loadtest

import (
	"fmt"
	"io"
	"slices"
	"time"
)

// Target is the aim for SSO ÷ bare requests per second that the report
// states. Nothing fails when it is missed: shared machines are too noisy
// for a speed threshold.
const Target = 0.9

// WriteReport writes res as Markdown: the set-up, a table per endpoint, the
// rounds, the ratios, and any problems and warnings.
func (res *Result) WriteReport(w io.Writer) {
	c := res.Config
	fmt.Fprintf(w, "server: loadserver on CPU %s (GOMAXPROCS %d), logger %s; driver: wrk -t1 -c%d on CPU %s\n",
		c.ServerCPUs, res.Stats.GOMAXPROCS, c.Log, c.Conns, c.DriverCPUs)
	fmt.Fprintf(w, "%d rounds × %v per endpoint, order alternating, after %v of warm-up each; load average %s before, %s after\n\n",
		c.Rounds, c.Phase, c.Warmup, res.LoadBefore, res.LoadAfter)
	fmt.Fprintln(w, "| endpoint | requests | req/s | p50 | p99 | errors | bytes/response | server CPU µs/req | wrk CPU µs/req | server CPU busy | wrk CPU busy |")
	fmt.Fprintln(w, "|---|---|---|---|---|---|---|---|---|---|---|")
	sso, bare := res.Summarize("sso"), res.Summarize("bare")
	for _, s := range []Summary{sso, bare} {
		fmt.Fprintf(w, "| %s | %d | %.0f | %v | %v | %d | %.0f | %.2f | %.2f | %.0f%% | %.0f%% |\n",
			s.Endpoint, s.Requests, s.RPS, ms(s.P50), ms(s.P99), s.Errors,
			ratio(float64(s.Bytes), float64(s.Requests)), s.ServerMicrosPerRequest(), s.DriverMicrosPerRequest(),
			100*s.ServerBusy(), 100*s.DriverBusy())
	}
	fmt.Fprintln(w, "\np50, p99: the median over the turns of wrk's percentile in each turn. Busy: CPU time ÷ time under load, of one CPU.")
	fmt.Fprintf(w, "jti: %d minted by the server in all (probe and warm-up included), %d recorded, %d distinct; "+
		"%d SSO requests cut short when wrk stopped\n", res.Stats.Minted, res.JTI.Recorded, res.JTI.Distinct, res.Stats.Cut)
	res.writeRounds(w)
	med, lo, hi := spread(res.RoundRatios())
	fmt.Fprintf(w, "\nSSO ÷ bare, req/s: %.3f over all turns; per round median %.3f, min %.3f, max %.3f (target ≥ %.2f)\n",
		ratio(sso.RPS, bare.RPS), med, lo, hi, Target)
	med, lo, hi = spread(res.RoundCPURatios())
	fmt.Fprintf(w, "SSO ÷ bare, server CPU per request: %.3f over all turns; per round median %.3f, min %.3f, max %.3f\n",
		ratio(sso.ServerMicrosPerRequest(), bare.ServerMicrosPerRequest()), med, lo, hi)
	for _, p := range res.Problems() {
		fmt.Fprintln(w, "PROBLEM:", p)
	}
	for _, s := range res.Warnings() {
		fmt.Fprintln(w, "warning:", s)
	}
}

func (res *Result) writeRounds(w io.Writer) {
	fmt.Fprintln(w, "\n| round | order | sso req/s | bare req/s | sso ÷ bare | server CPU µs/req (sso, bare) | server, wrk CPU busy (sso; bare) |")
	fmt.Fprintln(w, "|---|---|---|---|---|---|---|")
	for i := 0; i+1 < len(res.Phases); i += 2 {
		a, b := res.Phases[i], res.Phases[i+1]
		order := a.Endpoint + ", " + b.Endpoint
		if a.Endpoint == "bare" {
			a, b = b, a
		}
		fmt.Fprintf(w, "| %d | %s | %.0f | %.0f | %.3f | %.1f, %.1f | %.0f%%, %.0f%%; %.0f%%, %.0f%% |\n",
			a.Round, order, a.RPS(), b.RPS(), ratio(a.RPS(), b.RPS()), a.ServerMicrosPerRequest(), b.ServerMicrosPerRequest(),
			100*a.ServerBusy(), 100*a.DriverBusy(), 100*b.ServerBusy(), 100*b.DriverBusy())
	}
}

// Warnings lists what makes the figures doubtful without making the run
// wrong: a driver near a full CPU (it may be the bottleneck), or a server
// that did not keep its CPU busy (something else ran there, or the driver
// held it back).
func (res *Result) Warnings() []string {
	var out []string
	for _, ep := range endpoints {
		s := res.Summarize(ep)
		if s.DriverBusy() > 0.9 {
			out = append(out, fmt.Sprintf("%s: wrk used %.0f%% of its CPU; it may be the bottleneck", ep, 100*s.DriverBusy()))
		}
		if s.ServerBusy() < 0.9 {
			out = append(out, fmt.Sprintf("%s: the server used only %.0f%% of its CPU", ep, 100*s.ServerBusy()))
		}
	}
	return out
}

// ms formats d in milliseconds, two decimals, for a table that lines up.
func ms(d time.Duration) string { return fmt.Sprintf("%.2fms", float64(d)/float64(time.Millisecond)) }

// spread returns the median, minimum and maximum of xs (zeros when empty).
func spread(xs []float64) (med, lo, hi float64) {
	if len(xs) == 0 {
		return 0, 0, 0
	}
	return median(xs), slices.Min(xs), slices.Max(xs)
}
