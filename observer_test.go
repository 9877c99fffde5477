package jwtsso

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/supportsso/jwtsso/internal/testutil"
)

// recordingObserver keeps every event it is told of, and whether each came
// with the request's context (marked by ctxMark).
type recordingObserver struct {
	mu     sync.Mutex
	events []Event
	marked []bool
}

type ctxMarkKey struct{}

func (o *recordingObserver) ObserveIssuer(ctx context.Context, e Event) {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.events = append(o.events, e)
	o.marked = append(o.marked, ctx.Value(ctxMarkKey{}) == "request")
}

func (o *recordingObserver) take() ([]Event, []bool) {
	o.mu.Lock()
	defer o.mu.Unlock()
	e, m := o.events, o.marked
	o.events, o.marked = nil, nil
	return e, m
}

// markedRequest returns a request whose context the observer recognises.
func markedRequest(method, target string) *http.Request {
	r := httptest.NewRequest(method, target, nil)
	return r.WithContext(context.WithValue(r.Context(), ctxMarkKey{}, "request"))
}

func TestObserverOneEventPerRequest(t *testing.T) {
	anonymous := &staticResolver{err: ErrNoIdentity}
	resolverDown := &staticResolver{err: errors.New("session store down")}
	unverified := &staticResolver{id: Identity{Name: "Jo", Email: "jo@example.com"}}
	badEmail := &staticResolver{id: Identity{Name: "Jo", Email: "Jo <jo@example.com>", EmailVerified: true}}
	badName := &staticResolver{id: Identity{Name: "Jo\x00", Email: "jo@example.com", EmailVerified: true}}
	panicking := IdentityResolverFunc(func(*http.Request) (Identity, error) { panic("boom") })
	withLogin := WithLoginURL("/login", "next")
	cancelled := func(r *http.Request) *http.Request {
		ctx, cancel := context.WithCancel(r.Context())
		cancel()
		return r.WithContext(ctx)
	}
	header := func(k, v string) func(*http.Request) *http.Request {
		return func(r *http.Request) *http.Request { r.Header.Set(k, v); return r }
	}
	crossSite := func(r *http.Request) *http.Request {
		r.Header.Set("Sec-Fetch-Site", "cross-site")
		r.Header.Set("Sec-Fetch-Mode", "navigate")
		return r
	}
	tests := []struct {
		name     string
		res      IdentityResolver
		opts     []Option
		method   string
		edit     func(*http.Request) *http.Request
		outcome  Outcome
		reason   string
		sentinel error
	}{
		{name: "minted", res: &staticResolver{id: jo}, outcome: OutcomeMinted},
		{name: "minted with form", res: &staticResolver{id: jo}, opts: []Option{WithAutoSubmitForm()}, outcome: OutcomeMinted},
		{name: "head", res: &staticResolver{id: jo}, method: http.MethodHead, outcome: OutcomeHeadAnswered},
		{name: "login required", res: anonymous, opts: []Option{withLogin}, outcome: OutcomeLoginRequired},
		{name: "bounced", res: anonymous, opts: []Option{withLogin}, edit: crossSite, outcome: OutcomeBounced},
		{name: "prefetch", res: &staticResolver{id: jo}, edit: header("Sec-Purpose", "prefetch"), outcome: OutcomePrefetchDeclined},
		{name: "method", res: &staticResolver{id: jo}, method: http.MethodPost,
			outcome: OutcomeRefused, reason: "method_not_allowed", sentinel: ErrMethodNotAllowed},
		{name: "anonymous without login URL", res: anonymous,
			outcome: OutcomeRefused, reason: "no_identity", sentinel: ErrNoIdentity},
		{name: "resolver error", res: resolverDown,
			outcome: OutcomeRefused, reason: "resolver", sentinel: ErrResolver},
		{name: "resolver panic", res: panicking,
			outcome: OutcomeRefused, reason: "resolver", sentinel: ErrResolver},
		{name: "unverified", res: unverified,
			outcome: OutcomeRefused, reason: "email_unverified", sentinel: ErrEmailUnverified},
		{name: "invalid email", res: badEmail,
			outcome: OutcomeRefused, reason: "invalid_email", sentinel: ErrInvalidEmail},
		{name: "invalid name", res: badName,
			outcome: OutcomeRefused, reason: "invalid_name", sentinel: ErrInvalidName},
		{name: "entropy", res: &staticResolver{id: jo}, opts: []Option{WithEntropy(failingEntropy{})},
			outcome: OutcomeRefused, reason: "entropy", sentinel: ErrEntropy},
		{name: "request ended", res: &staticResolver{id: jo}, edit: cancelled,
			outcome: OutcomeRefused, reason: "request_ended", sentinel: ErrRequestEnded},
	}
	for _, tt := range tests {
		for _, guarded := range []bool{true, false} {
			t.Run(fmt.Sprintf("%s/guarded=%v", tt.name, guarded), func(t *testing.T) {
				obs := &recordingObserver{}
				h := newTestHandler(t, tt.res, append(tt.opts, WithObserver(obs))...)
				r := markedRequest(cmpOr(tt.method, http.MethodGet), "/sso/happyfox")
				if tt.edit != nil {
					r = tt.edit(r)
				}
				var handler http.Handler = h
				if guarded {
					handler = h.Middleware(h)
				}
				w := serve(handler, r)
				events, marked := obs.take()
				require.Len(t, events, 1, "exactly one event per request")
				require.Equal(t, []bool{true}, marked, "the observer gets the request's context")
				e := events[0]
				require.Equal(t, tt.outcome, e.Outcome, "outcome %v", e.Outcome)
				require.Equal(t, tt.reason, e.Reason)
				require.Equal(t, tt.sentinel, e.Sentinel) // the sentinel itself, not the wrapped error
				if tt.outcome == OutcomeMinted {
					require.NotEmpty(t, e.JTI)
					checkJTIInResponse(t, w, e.JTI)
				} else {
					require.Empty(t, e.JTI)
				}
				requireNoSecret(t, e, w)
			})
		}
	}
}

// checkJTIInResponse asserts that jti is the jti of the token the response
// carries, in a Location header or an auto-submit page.
func checkJTIInResponse(t *testing.T, w *httptest.ResponseRecorder, jti string) {
	t.Helper()
	token := ""
	if loc := w.Header().Get("Location"); loc != "" {
		token = tokenFromLocation(t, loc, acmeTokenURL)
	} else {
		m := regexp.MustCompile(`name="token" value="([^"]+)"`).FindStringSubmatch(w.Body.String())
		require.Len(t, m, 2, "no token in the page")
		token = m[1]
	}
	require.JSONEq(t, `"`+jti+`"`, string(decodeToken(t, token).claims["jti"]))
}

// requireNoSecret asserts that no field of e holds the key, the token the
// response carries or a URL that carries one.
func requireNoSecret(t *testing.T, e Event, w *httptest.ResponseRecorder) {
	t.Helper()
	s := fmt.Sprintf("%+v", e)
	require.NotContains(t, s, testKey)
	require.NotContains(t, s, "token=")
	if loc := w.Header().Get("Location"); strings.Contains(loc, "token=") {
		require.NotContains(t, s, loc[strings.Index(loc, "token=")+len("token="):])
	}
}

func cmpOr(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

func TestObserverLogout(t *testing.T) {
	failing := func(http.ResponseWriter, *http.Request) error { return errors.New("session store down") }
	tests := []struct {
		name    string
		end     EndSessionFunc
		method  string
		prefix  string
		outcome Outcome
		reason  string
	}{
		{name: "logged out", method: http.MethodGet, outcome: OutcomeLoggedOut},
		{name: "hook fails", end: failing, method: http.MethodGet, outcome: OutcomeRefused, reason: "logout"},
		{name: "method", method: http.MethodPut, outcome: OutcomeRefused, reason: "method_not_allowed"},
		{name: "prefetch", method: http.MethodGet, prefix: "prefetch", outcome: OutcomePrefetchDeclined},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			obs := &recordingObserver{}
			h := newTestHandler(t, &staticResolver{id: jo}, WithLogout("/", tt.end), WithObserver(obs))
			r := markedRequest(tt.method, "/sso/logout")
			if tt.prefix != "" {
				r.Header.Set("Sec-Purpose", tt.prefix)
			}
			serve(http.HandlerFunc(h.ServeLogout), r)
			events, marked := obs.take()
			require.Len(t, events, 1)
			require.Equal(t, []bool{true}, marked)
			require.Equal(t, tt.outcome, events[0].Outcome)
			require.Equal(t, tt.reason, events[0].Reason)
		})
	}
}

func TestObserverRedirectURL(t *testing.T) {
	obs := &recordingObserver{}
	h := newTestHandler(t, RedirectURLOnly, WithObserver(obs))
	ctx := context.WithValue(t.Context(), ctxMarkKey{}, "request")

	loc, err := h.RedirectURL(ctx, jo)
	require.NoError(t, err)
	events, marked := obs.take()
	require.Len(t, events, 1)
	require.Equal(t, []bool{true}, marked)
	require.Equal(t, OutcomeMinted, events[0].Outcome)
	require.JSONEq(t, `"`+events[0].JTI+`"`, string(decodeToken(t, tokenFromLocation(t, loc, acmeTokenURL)).claims["jti"]))

	_, err = h.RedirectURL(ctx, Identity{Name: "Jo", Email: "jo@example.com"})
	require.ErrorIs(t, err, ErrEmailUnverified)
	events, _ = obs.take()
	require.Equal(t, []Event{{Outcome: OutcomeRefused, Reason: "email_unverified", Sentinel: ErrEmailUnverified}}, events)
}

func TestObserverConcurrentRequests(t *testing.T) {
	var mu sync.Mutex
	jtis := map[string]int{}
	obs := ObserverFunc(func(_ context.Context, e Event) {
		mu.Lock()
		defer mu.Unlock()
		jtis[e.JTI]++
	})
	h := newTestHandler(t, &staticResolver{id: jo}, WithObserver(obs), WithEntropy(&lockedCounting{}))
	guarded := h.Middleware(h)
	const n = 64
	var wg sync.WaitGroup
	for range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			serve(guarded, httptest.NewRequest(http.MethodGet, "/sso/happyfox", nil))
		}()
	}
	wg.Wait()
	require.Len(t, jtis, n, "one event per request, each with its own jti")
}

// lockedCounting is countingEntropy behind a lock (the Handler locks its
// reader too; this one is for the race detector's peace of mind).
type lockedCounting struct {
	mu sync.Mutex
	c  countingEntropy
}

func (l *lockedCounting) Read(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.c.Read(p)
}

func TestWithObserverNil(t *testing.T) {
	for name, o := range map[string]Observer{"nil interface": nil, "nil func": ObserverFunc(nil)} {
		t.Run(name, func(t *testing.T) {
			_, err := New(testKey, &staticResolver{id: jo}, WithAccount("acme"), WithObserver(o))
			require.ErrorIs(t, err, ErrInvalidConfig)
			require.ErrorContains(t, err, "WithObserver")
		})
	}
}

func TestOutcomeString(t *testing.T) {
	tests := map[Outcome]string{
		OutcomeMinted: "minted", OutcomeLoginRequired: "login_required", OutcomeBounced: "bounced",
		OutcomePrefetchDeclined: "prefetch_declined", OutcomeRefused: "refused",
		OutcomeHeadAnswered: "head_answered", OutcomeLoggedOut: "logged_out",
		0: "unknown", OutcomeLoggedOut + 1: "unknown", 255: "unknown",
	}
	for o, want := range tests {
		t.Run(want, func(t *testing.T) { require.Equal(t, want, o.String()) })
	}
}

func TestRefusalReasonOther(t *testing.T) {
	e := refusal(errors.New("something else"))
	require.Equal(t, Event{Outcome: OutcomeRefused, Reason: ReasonOther}, e)
}

// configOnlySentinels are refused by New, and ErrNilContext by RedirectURL
// before it observes anything; no Event carries them, so they have no
// reason.
var configOnlySentinels = map[string]bool{
	"ErrInvalidConfig": true, "ErrInvalidKey": true, "ErrInvalidAccount": true,
	"ErrInvalidSupportURL": true, "ErrInvalidLoginURL": true, "ErrNilContext": true,
}

// TestEverySentinelHasAReason reads the package's own source: every
// exported Err… variable other than the configuration ones must have a row
// in refusalReasons whose reason is its name without "Err" in snake case,
// and whose error is that very variable. A sentinel added later fails here
// until it has its row.
func TestEverySentinelHasAReason(t *testing.T) {
	names := testutil.ExportedSentinels(t, ".")
	require.Contains(t, names, "ErrEmailUnverified", "the parser found the sentinels")
	byReason := map[string]error{}
	for _, r := range refusalReasons {
		require.NotContains(t, byReason, r.reason, "reason %q twice", r.reason)
		byReason[r.reason] = r.sentinel
		require.Equal(t, r.reason, refusal(fmt.Errorf("wrapped: %w", r.sentinel)).Reason,
			"an earlier row shadows %q", r.reason)
	}
	for _, name := range names {
		if configOnlySentinels[name] {
			continue
		}
		reason := testutil.SentinelReason(name)
		sentinel, ok := byReason[reason]
		require.True(t, ok, "add {%s, %q} to refusalReasons in observer.go", name, reason)
		require.Equal(t, reason, refusal(sentinel).Reason)
	}
	require.Len(t, byReason, len(names)-len(configOnlySentinels), "a row for a sentinel that no longer exists")
}
