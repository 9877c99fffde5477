// Package tally counts, in memory, what a jwtsso Handler and a
// verify.Verifier do, for the jwtsso command's demo and serve to show on a
// small page: tokens minted, requests refused by reason, tokens accepted
// and refused by reason. It needs no OpenTelemetry; it is the same
// observer hook that module jwtssootel uses, read back in process.
package tally

import (
	"context"
	"sync"
	"sync/atomic"

	"github.com/supportsso/jwtsso"
	"github.com/supportsso/jwtsso/verify"
)

// Counter counts the events of the Handlers and Verifiers it is given to
// (jwtsso.WithObserver, verify.WithObserver). Its zero value is ready to
// use; it is safe for concurrent use, and its observer methods only add to
// atomic counters, so they never block a request.
type Counter struct {
	// VerifierOnly leaves the host application's part out of the page, for
	// a site that only verifies tokens (jwtsso serve). Set it before use.
	VerifierOnly bool

	issuer   counts // by jwtsso.Outcome name
	refused  counts // issuer refusals, by reason
	verifier counts // by verify.Outcome name
	rejected counts // verifier refusals, by reason
}

var (
	_ jwtsso.Observer = (*Counter)(nil)
	_ verify.Observer = (*Counter)(nil)
)

// ObserveIssuer counts e, an outcome of a jwtsso.Handler.
func (c *Counter) ObserveIssuer(_ context.Context, e jwtsso.Event) {
	c.issuer.add(e.Outcome.String())
	if e.Outcome == jwtsso.OutcomeRefused {
		c.refused.add(e.Reason)
	}
}

// ObserveVerifier counts e, the outcome of a Verify call.
func (c *Counter) ObserveVerifier(_ context.Context, e verify.Event) {
	c.verifier.add(e.Outcome.String())
	if e.Outcome == verify.OutcomeRefused {
		c.rejected.add(e.Reason)
	}
}

// Snapshot is what a Counter has counted, at one moment.
type Snapshot struct {
	// Minted is the number of tokens minted, and Accepted the number of
	// tokens a Verifier accepted.
	Minted, Accepted uint64
	// Issuer counts the Handler's outcomes by name ("minted",
	// "login_required", "refused", …; see jwtsso.Outcome), and Refused its
	// refusals by reason ("email_unverified", …).
	Issuer, Refused map[string]uint64
	// Verifier counts Verify calls by outcome ("accepted", "refused"), and
	// Rejected the refusals by reason ("token_expired", …).
	Verifier, Rejected map[string]uint64
}

// Snapshot returns the counts so far. Each count is read atomically; counts
// that change while Snapshot runs may be read a moment apart.
func (c *Counter) Snapshot() Snapshot {
	s := Snapshot{
		Issuer: c.issuer.read(), Refused: c.refused.read(),
		Verifier: c.verifier.read(), Rejected: c.rejected.read(),
	}
	s.Minted = s.Issuer[jwtsso.OutcomeMinted.String()]
	s.Accepted = s.Verifier[verify.OutcomeAccepted.String()]
	return s
}

// counts is a set of named atomic counters. The names come from the
// packages' fixed outcomes and reasons; should a caller invent more, names
// past maxNames are counted under "other", so memory stays bounded.
type counts struct {
	m sync.Map // string → *atomic.Uint64
	n atomic.Int32
}

const maxNames = 64

func (c *counts) add(name string) {
	if v, ok := c.m.Load(name); ok {
		v.(*atomic.Uint64).Add(1)
		return
	}
	if c.n.Load() >= maxNames {
		name = "other"
	}
	v, loaded := c.m.LoadOrStore(name, new(atomic.Uint64))
	if !loaded {
		c.n.Add(1)
	}
	v.(*atomic.Uint64).Add(1)
}

func (c *counts) read() map[string]uint64 {
	out := map[string]uint64{}
	c.m.Range(func(k, v any) bool {
		out[k.(string)] = v.(*atomic.Uint64).Load()
		return true
	})
	return out
}
