package loadtest

import (
	"fmt"
	"slices"
	"time"
)

// RPS is the turn's requests per second, as wrk counted them.
func (p Phase) RPS() float64 { return perSecond(float64(p.Wrk.Requests), p.Wrk.Elapsed()) }

// ServerMicrosPerRequest is the server's CPU time per request it served
// during the turn, in microseconds.
func (p Phase) ServerMicrosPerRequest() float64 {
	return ratio(float64(p.ServerCPU.Microseconds()), float64(p.Served))
}

// DriverBusy is the share of one CPU that wrk used during the turn.
func (p Phase) DriverBusy() float64 { return ratio(p.Wrk.CPU.Seconds(), p.Wrk.Elapsed().Seconds()) }

// Summary is one endpoint over all its recorded turns.
type Summary struct {
	Endpoint         string
	Requests, Errors int64 // as wrk counted them
	Bytes            int64 // received by wrk
	RPS              float64
	P50, P99         time.Duration // medians over the turns of each turn's percentile
	ServerCPU        time.Duration
	Served           int64         // requests the server counted
	Elapsed          time.Duration // under load, in all
	DriverCPU        time.Duration
	ServerCore       CoreTicks // the server's CPUs, whoever ran there
	DriverCore       CoreTicks // wrk's CPUs
}

// ServerMicrosPerRequest is the server's CPU time per request, in µs.
func (s Summary) ServerMicrosPerRequest() float64 {
	return ratio(float64(s.ServerCPU.Microseconds()), float64(s.Served))
}

// DriverMicrosPerRequest is wrk's CPU time per request it counted, in µs.
func (s Summary) DriverMicrosPerRequest() float64 {
	return ratio(float64(s.DriverCPU.Microseconds()), float64(s.Requests))
}

// ServerBusy is the share of one CPU the server used while under load.
func (s Summary) ServerBusy() float64 { return ratio(s.ServerCPU.Seconds(), s.Elapsed.Seconds()) }

// DriverBusy is the share of one CPU wrk used while under load.
func (s Summary) DriverBusy() float64 { return ratio(s.DriverCPU.Seconds(), s.Elapsed.Seconds()) }

// Summarize sums the turns of one endpoint.
func (res *Result) Summarize(endpoint string) Summary {
	s := Summary{Endpoint: endpoint}
	var p50, p99 []time.Duration
	for _, p := range res.Phases {
		if p.Endpoint != endpoint {
			continue
		}
		s.Requests += p.Wrk.Requests
		s.Errors += p.Wrk.Errors()
		s.Bytes += p.Wrk.Bytes
		s.ServerCPU += p.ServerCPU
		s.Served += p.Served
		s.Elapsed += p.Wrk.Elapsed()
		s.DriverCPU += p.Wrk.CPU
		s.ServerCore = s.ServerCore.plus(p.ServerCore)
		s.DriverCore = s.DriverCore.plus(p.DriverCore)
		p50 = append(p50, time.Duration(p.Wrk.P50US)*time.Microsecond)
		p99 = append(p99, time.Duration(p.Wrk.P99US)*time.Microsecond)
	}
	s.RPS = perSecond(float64(s.Requests), s.Elapsed)
	s.P50, s.P99 = median(p50), median(p99)
	return s
}

// RoundRatios returns SSO ÷ bare requests per second for each round.
func (res *Result) RoundRatios() []float64 { return res.roundRatios(Phase.RPS) }

// RoundCPURatios returns SSO ÷ bare server CPU per request for each round.
// It depends less than RoundRatios on how much of its CPU the server got.
func (res *Result) RoundCPURatios() []float64 { return res.roundRatios(Phase.ServerMicrosPerRequest) }

func (res *Result) roundRatios(f func(Phase) float64) []float64 {
	type turn struct {
		round    int
		endpoint string
	}
	v := map[turn]float64{}
	for _, p := range res.Phases {
		v[turn{p.Round, p.Endpoint}] = f(p)
	}
	var out []float64
	for round := 1; round <= res.Config.Rounds; round++ {
		if b := v[turn{round, "bare"}]; b > 0 {
			out = append(out, v[turn{round, "sso"}]/b)
		}
	}
	return out
}

// ServerBusy is the share of one CPU the server used during the turn.
func (p Phase) ServerBusy() float64 { return ratio(p.ServerCPU.Seconds(), p.Wrk.Elapsed().Seconds()) }

// Problems lists what the run found wrong: a bare endpoint that does not
// copy the SSO response, errors, SSO requests answered without a token, or
// jti that were not all recorded and distinct. Speed is never a problem
// here.
func (res *Result) Problems() []string {
	out := res.Probe.Mismatches()
	for _, ep := range endpoints {
		if s := res.Summarize(ep); s.Errors > 0 {
			out = append(out, fmt.Sprintf("%s: wrk counted %d errors", ep, s.Errors))
		}
	}
	st, j := res.Stats, res.JTI
	if st.Refused > 0 {
		out = append(out, fmt.Sprintf("sso: %d requests answered without a token", st.Refused))
	}
	if st.Minted+st.Cut+st.Refused+int64(j.Dropped) != st.SSO {
		out = append(out, fmt.Sprintf("sso: %d requests, but %d minted, %d cut, %d refused, %d dropped",
			st.SSO, st.Minted, st.Cut, st.Refused, j.Dropped))
	}
	if j.Dropped > 0 || int64(j.Recorded) != st.Minted || j.Distinct != j.Recorded {
		out = append(out, fmt.Sprintf("jti: %d minted, %d recorded, %d distinct, %d dropped",
			st.Minted, j.Recorded, j.Distinct, j.Dropped))
	}
	return out
}

func perSecond(n float64, d time.Duration) float64 { return ratio(n, d.Seconds()) }

func ratio(a, b float64) float64 {
	if b == 0 {
		return 0
	}
	return a / b
}

// median of a copy of xs; zero when empty.
func median[T ~int64 | ~float64](xs []T) T {
	if len(xs) == 0 {
		return 0
	}
	s := slices.Sorted(slices.Values(xs))
	if len(s)%2 == 1 {
		return s[len(s)/2]
	}
	return (s[len(s)/2-1] + s[len(s)/2]) / 2
}
