package jwtsso

import (
	"context"
	"errors"
)

// Observer is told what became of each request to the Remote Login and
// Remote Logout URLs, and of each [Handler.RedirectURL] call: exactly one
// [Event] per request or call (but none for a RedirectURL call with a nil
// context, which returns [ErrNilContext] before anything else). It is the hook for metrics and traces;
// package github.com/supportsso/jwtsso/jwtssootel turns the events into
// OpenTelemetry metrics and span events.
//
// ObserveIssuer is called synchronously, on the goroutine that serves the
// request, once the outcome is known: after a token's redirect has been
// written, and before the error handler answers a refusal; ctx is the request's
// context (so a span it carries can be found), or the context given to
// RedirectURL. It is called from concurrent requests at once, so it must be
// safe for concurrent use, and it must not block: the request waits for it.
// A panic in it is not recovered. An Event never holds the key, a token or
// a URL that carries one.
type Observer interface {
	ObserveIssuer(ctx context.Context, e Event)
}

// ObserverFunc adapts an ordinary function to [Observer].
type ObserverFunc func(ctx context.Context, e Event)

// ObserveIssuer calls f(ctx, e).
func (f ObserverFunc) ObserveIssuer(ctx context.Context, e Event) { f(ctx, e) }

// Event is one outcome of the [Handler], as an [Observer] sees it.
type Event struct {
	// Outcome is what happened.
	Outcome Outcome
	// Reason is set for OutcomeRefused only: a short, fixed name of the
	// sentinel the refusal wraps, the sentinel's name without "Err" in
	// snake case ("email_unverified" for ErrEmailUnverified,
	// "invalid_email" for ErrInvalidEmail), or "other" for an error that
	// wraps none of them. The set of reasons is small and bounded, so it
	// can be a metric attribute.
	Reason string
	// Sentinel is the Err… sentinel that Reason names (nil for "other" and
	// for outcomes other than OutcomeRefused). It is the sentinel itself,
	// never the wrapped error, whose message may quote the resolver.
	Sentinel error
	// JTI is the jti of the token minted, for OutcomeMinted only: the value
	// by which the support centre's records can be matched. It is not a
	// secret; the token is.
	JTI string
}

// Outcome says what the [Handler] did with a request.
type Outcome uint8

// The outcomes of a request. Every request to the guarded Remote Login URL
// ends in exactly one of the first six; a request to the Remote Logout URL
// ends in OutcomeLoggedOut, OutcomePrefetchDeclined or OutcomeRefused; a
// RedirectURL call in OutcomeMinted or OutcomeRefused.
const (
	// OutcomeMinted: a token was minted and sent to the support centre (or
	// returned by RedirectURL).
	OutcomeMinted Outcome = iota + 1
	// OutcomeLoginRequired: an anonymous visitor was sent to the login URL
	// set with [WithLoginURL].
	OutcomeLoginRequired
	// OutcomeBounced: an anonymous visitor on a cross-site navigation got
	// the same-site bounce page (see [WithoutSameSiteBounce]).
	OutcomeBounced
	// OutcomePrefetchDeclined: a browser prefetch was answered 503 without
	// a token.
	OutcomePrefetchDeclined
	// OutcomeRefused: the error handler got the request; Event.Reason and
	// Event.Sentinel say why.
	OutcomeRefused
	// OutcomeHeadAnswered: a HEAD request from a signed-in user was
	// answered 204 without a token.
	OutcomeHeadAnswered
	// OutcomeLoggedOut: [Handler.ServeLogout] ended the session and
	// redirected.
	OutcomeLoggedOut
)

var outcomeNames = [...]string{
	OutcomeMinted:           "minted",
	OutcomeLoginRequired:    "login_required",
	OutcomeBounced:          "bounced",
	OutcomePrefetchDeclined: "prefetch_declined",
	OutcomeRefused:          "refused",
	OutcomeHeadAnswered:     "head_answered",
	OutcomeLoggedOut:        "logged_out",
}

// String returns the outcome's short snake-case name, such as "minted" or
// "login_required", or "unknown" for a value that is not an outcome.
func (o Outcome) String() string {
	if int(o) < len(outcomeNames) && outcomeNames[o] != "" {
		return outcomeNames[o]
	}
	return "unknown"
}

// ReasonOther is the [Event] Reason of a refusal whose error wraps none of
// the package's sentinels.
const ReasonOther = "other"

// refusalReasons maps each sentinel a request can be refused with to its
// Reason, the sentinel's name without "Err" in snake case. The first match
// wins, so a specific sentinel comes before the one it is wrapped beside
// (ErrInvalidEmail before ErrInvalidIdentity). A new sentinel needs one row
// here; a test fails until it has one. The configuration sentinels are not
// here: New refuses those, so no request sees them.
var refusalReasons = [...]struct {
	sentinel error
	reason   string
}{
	{ErrMethodNotAllowed, "method_not_allowed"},
	{ErrNotNavigation, "not_navigation"},
	{ErrNoIdentity, "no_identity"},
	{ErrResolver, "resolver"},
	{ErrRequestEnded, "request_ended"},
	{ErrInvalidEmail, "invalid_email"},
	{ErrInvalidName, "invalid_name"},
	{ErrEmailUnverified, "email_unverified"},
	{ErrInvalidIdentity, "invalid_identity"},
	{ErrEntropy, "entropy"},
	{ErrTokenQuery, "token_query"},
	{ErrLogout, "logout"},
}

// refusal returns the Event for a request refused with err.
func refusal(err error) Event {
	for _, r := range refusalReasons {
		if errors.Is(err, r.sentinel) {
			return Event{Outcome: OutcomeRefused, Reason: r.reason, Sentinel: r.sentinel}
		}
	}
	return Event{Outcome: OutcomeRefused, Reason: ReasonOther}
}

// WithObserver sets the [Observer] told of each request's outcome. Use
// jwtssootel.New() for OpenTelemetry metrics and span events. A nil
// observer is a configuration error. Default: none, which costs a nil check
// per request.
func WithObserver(o Observer) Option {
	return func(s *settings) {
		if f, ok := o.(ObserverFunc); o == nil || ok && f == nil {
			s.fail("WithObserver: nil observer")
		}
		s.observer = o
	}
}

// observe tells the observer, if there is one, of an outcome that carries
// no reason and no jti.
func (h *Handler) observe(ctx context.Context, o Outcome) {
	if h.observer != nil {
		h.observer.ObserveIssuer(ctx, Event{Outcome: o})
	}
}

// observeMinted tells the observer, if there is one, of a minted token.
func (h *Handler) observeMinted(ctx context.Context, jti string) {
	if h.observer != nil {
		h.observer.ObserveIssuer(ctx, Event{Outcome: OutcomeMinted, JTI: jti})
	}
}

// observeRefused tells the observer, if there is one, of a refusal; the
// reason is looked up only then.
func (h *Handler) observeRefused(ctx context.Context, err error) {
	if h.observer != nil {
		h.observer.ObserveIssuer(ctx, refusal(err))
	}
}
