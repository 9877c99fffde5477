package verify

import (
	"context"
	"errors"
	"time"

	"github.com/supportsso/jwtsso"
)

// Observer is told the outcome of each [Verifier.Verify] call: exactly one
// [Event] per call, accepted or refused, with the time the replay store
// took. It is the hook for metrics and traces; package
// github.com/supportsso/jwtsso/jwtssootel turns the events into
// OpenTelemetry metrics and span events.
//
// ObserveVerifier is called synchronously, on the goroutine that called
// Verify, just before Verify returns; ctx is the context given to Verify (so
// a span it carries can be found). It is called from concurrent Verify
// calls at once, so it must be safe for concurrent use, and it must not
// block: Verify's caller waits for it. A panic in it is not recovered. An
// Event never holds the key or the token.
type Observer interface {
	ObserveVerifier(ctx context.Context, e Event)
}

// ObserverFunc adapts an ordinary function to [Observer].
type ObserverFunc func(ctx context.Context, e Event)

// ObserveVerifier calls f(ctx, e).
func (f ObserverFunc) ObserveVerifier(ctx context.Context, e Event) { f(ctx, e) }

// Event is the outcome of one [Verifier.Verify] call, as an [Observer] sees
// it.
type Event struct {
	// Outcome says whether the token was accepted.
	Outcome Outcome
	// Reason is set for OutcomeRefused only: a short, fixed name of the
	// sentinel the refusal wraps, the sentinel's name without "Err" in
	// snake case ("token_expired" for ErrTokenExpired, "replay_store_full"
	// for ErrReplayStoreFull, which comes with ErrReplayStoreUnavailable),
	// or "other" for an error that wraps none of them. The set is small and
	// bounded, so it can be a metric attribute.
	Reason string
	// Sentinel is the Err… sentinel that Reason names (nil for "other" and
	// for OutcomeAccepted). It is the sentinel itself, never the wrapped
	// error.
	Sentinel error
	// JTI is the token's jti when the replay store was asked about it
	// (StoreCalled): the token's signature, claims and age were good. That
	// is an accepted token, the refusals "token_replayed",
	// "replay_store_unavailable" and "replay_store_full", and
	// "token_expired" for a window that closed while the Verifier's own
	// store was asked. A "replay_store_unavailable" for a context already
	// done when the store would have been asked has none. Otherwise it is
	// empty: the claims of a token refused earlier are not trusted, or not
	// read.
	JTI string
	// StoreCalled reports whether the replay store was asked, and
	// StoreDuration how long its FirstUse took (including a timeout or a
	// panic).
	StoreCalled   bool
	StoreDuration time.Duration
}

// Outcome says whether [Verifier.Verify] accepted a token.
type Outcome uint8

const (
	// OutcomeAccepted: Verify returned the claims.
	OutcomeAccepted Outcome = iota + 1
	// OutcomeRefused: Verify returned an error; Event.Reason and
	// Event.Sentinel say why.
	OutcomeRefused
)

// String returns "accepted" or "refused", or "unknown" for a value that is
// not an outcome.
func (o Outcome) String() string {
	switch o {
	case OutcomeAccepted:
		return "accepted"
	case OutcomeRefused:
		return "refused"
	}
	return "unknown"
}

// ReasonOther is the [Event] Reason of a refusal whose error wraps none of
// the package's sentinels.
const ReasonOther = "other"

// refusalReasons maps each sentinel a token can be refused with to its
// Reason, the sentinel's name without "Err" in snake case. The first match
// wins, so a sentinel that comes beside another (ErrTokenTooLarge with
// ErrTokenMalformed, ErrReplayStoreFull with ErrReplayStoreUnavailable)
// comes first. A new sentinel needs one row here; a test fails until it has
// one.
var refusalReasons = [...]struct {
	sentinel error
	reason   string
}{
	{ErrTokenTooLarge, "token_too_large"},
	{ErrTokenMalformed, "token_malformed"},
	{ErrTokenSignature, "token_signature"},
	{ErrTokenClaims, "token_claims"},
	{ErrTokenExpired, "token_expired"},
	{ErrTokenFromFuture, "token_from_future"},
	{ErrTokenReplayed, "token_replayed"},
	{ErrReplayStoreFull, "replay_store_full"},
	{ErrReplayStoreUnavailable, "replay_store_unavailable"},
}

// WithObserver sets the [Observer] told of each Verify call's outcome. Use
// jwtssootel.New() for OpenTelemetry metrics and span events. A nil observer
// is a configuration error. Default: none, which costs a nil check per
// call.
func WithObserver(o Observer) Option {
	return func(s *settings) {
		if f, ok := o.(ObserverFunc); o == nil || ok && f == nil {
			s.fail("WithObserver: nil observer")
		}
		s.observer = o
	}
}

// verifyObserved is Verify with an observer: it verifies, then reports.
func (v *Verifier) verifyObserved(ctx context.Context, token string) (jwtsso.Claims, error) {
	var p probe
	c, err := v.verify(ctx, token, &p)
	v.observer.ObserveVerifier(ctx, p.event(err))
	return c, err
}

// event returns the Event of a Verify call that returned err and whose
// store part p recorded.
func (p *probe) event(err error) Event {
	e := Event{Outcome: OutcomeAccepted, JTI: p.jti, StoreCalled: p.called, StoreDuration: p.took}
	if err == nil {
		return e
	}
	e.Outcome, e.Reason = OutcomeRefused, ReasonOther
	for _, r := range refusalReasons {
		if errors.Is(err, r.sentinel) {
			e.Reason, e.Sentinel = r.reason, r.sentinel
			break
		}
	}
	return e
}

// probe records the replay store's part of one Verify call. Its methods do
// nothing on a nil probe, which is what Verify passes without an observer.
type probe struct {
	jti    string
	called bool
	began  time.Time
	took   time.Duration
}

// start notes that the store is about to be asked about jti.
func (p *probe) start(jti string) *probe {
	if p != nil {
		p.jti, p.called, p.began = jti, true, time.Now()
	}
	return p
}

// stop notes that the store has answered (or failed, or panicked).
func (p *probe) stop() {
	if p != nil {
		p.took = time.Since(p.began)
	}
}
