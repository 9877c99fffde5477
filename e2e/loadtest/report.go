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
	fmt.Fprintln(w, "| endpoint | requests | req/s | p50 | p99 | errors | bytes/response | server CPU µs/req | wrk CPU µs/req | server's CPU: server, interrupts, idle | wrk's CPU: wrk, idle |")
	fmt.Fprintln(w, "|---|---|---|---|---|---|---|---|---|---|---|")
	sso, bare := res.Summarize("sso"), res.Summarize("bare")
	for _, s := range []Summary{sso, bare} {
		fmt.Fprintf(w, "| %s | %d | %.0f | %v | %v | %d | %.0f | %.2f | %.2f | %.0f%%, %.0f%%, %.0f%% | %.0f%%, %.0f%% |\n",
			s.Endpoint, s.Requests, s.RPS, ms(s.P50), ms(s.P99), s.Errors,
			ratio(float64(s.Bytes), float64(s.Requests)), s.ServerMicrosPerRequest(), s.DriverMicrosPerRequest(),
			100*s.ServerBusy(), 100*s.ServerCore.IRQShare(), 100*s.ServerCore.IdleShare(),
			100*s.DriverBusy(), 100*s.DriverCore.IdleShare())
	}
	fmt.Fprintln(w, "\np50, p99: the median over the turns of wrk's percentile in each turn. "+
		"A CPU's time under load: the process's own CPU time (getrusage), interrupts (irq + softirq from /proc/stat: "+
		"on loopback, much of the network stack, charged to no process) and idle; the rest went to other processes.")
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
	fmt.Fprintln(w, "\n| round | order | sso req/s | bare req/s | sso ÷ bare | server CPU µs/req (sso, bare) | idle: server's CPU, wrk's (sso; bare) |")
	fmt.Fprintln(w, "|---|---|---|---|---|---|---|")
	for i := 0; i+1 < len(res.Phases); i += 2 {
		a, b := res.Phases[i], res.Phases[i+1]
		order := a.Endpoint + ", " + b.Endpoint
		if a.Endpoint == "bare" {
			a, b = b, a
		}
		fmt.Fprintf(w, "| %d | %s | %.0f | %.0f | %.3f | %.1f, %.1f | %.0f%%, %.0f%%; %.0f%%, %.0f%% |\n",
			a.Round, order, a.RPS(), b.RPS(), ratio(a.RPS(), b.RPS()), a.ServerMicrosPerRequest(), b.ServerMicrosPerRequest(),
			100*a.ServerCore.IdleShare(), 100*a.DriverCore.IdleShare(), 100*b.ServerCore.IdleShare(), 100*b.DriverCore.IdleShare())
	}
}

// Warnings lists what makes the figures doubtful without making the run
// wrong: a server's CPU left idle (the server was not what set the pace), a
// driver's CPU with little idle time (wrk may have been the bottleneck), or
// other processes on the server's CPU.
func (res *Result) Warnings() []string {
	var out []string
	for _, ep := range endpoints {
		s := res.Summarize(ep)
		if idle := s.ServerCore.IdleShare(); idle > 0.05 {
			out = append(out, fmt.Sprintf("%s: the server's CPU was idle %.0f%% of the time", ep, 100*idle))
		}
		if idle := s.DriverCore.IdleShare(); idle < 0.1 {
			out = append(out, fmt.Sprintf("%s: wrk's CPU was idle only %.0f%% of the time; wrk may be the bottleneck", ep, 100*idle))
		}
		other := 1 - s.ServerBusy() - s.ServerCore.IRQShare() - s.ServerCore.IdleShare()
		if other > 0.1 {
			out = append(out, fmt.Sprintf("%s: other processes took about %.0f%% of the server's CPU", ep, 100*other))
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
