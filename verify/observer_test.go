package verify

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/supportsso/jwtsso"
	"github.com/supportsso/jwtsso/internal/hs256"
	"github.com/supportsso/jwtsso/internal/testutil"
)

// vRecorder keeps every event it is told of, and whether each came with
// the caller's context (marked by vMarkKey).
type vRecorder struct {
	mu     sync.Mutex
	events []Event
	marked []bool
}

type vMarkKey struct{}

func (o *vRecorder) ObserveVerifier(ctx context.Context, e Event) {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.events = append(o.events, e)
	o.marked = append(o.marked, ctx.Value(vMarkKey{}) == "caller")
}

func (o *vRecorder) take() ([]Event, []bool) {
	o.mu.Lock()
	defer o.mu.Unlock()
	e, m := o.events, o.marked
	o.events, o.marked = nil, nil
	return e, m
}

func TestObserverOneEventPerVerify(t *testing.T) {
	valid := forgeToken(vKey, hs256.Header, validPayload("jti-valid"))
	errDown := errors.New("store down")
	slow := ReplayStoreFunc(func(context.Context, string, time.Time) (bool, error) {
		time.Sleep(2 * time.Millisecond)
		return true, nil
	})
	failing := func(err error) ReplayStore {
		return ReplayStoreFunc(func(context.Context, string, time.Time) (bool, error) { return false, err })
	}
	panicking := ReplayStoreFunc(func(context.Context, string, time.Time) (bool, error) { panic("boom") })
	tests := []struct {
		name      string
		token     string
		opts      []Option
		outcome   Outcome
		reason    string
		sentinel  error
		stored    bool // the store was asked, and JTI is set
		atLeast   time.Duration
		wantClaim bool
	}{
		{name: "accepted", token: valid, outcome: OutcomeAccepted, stored: true},
		{name: "slow store", token: valid, opts: []Option{WithReplayStore(slow)},
			outcome: OutcomeAccepted, stored: true, atLeast: 2 * time.Millisecond},
		{name: "too large", token: strings.Repeat("a", MaxTokenBytes+1),
			outcome: OutcomeRefused, reason: "token_too_large", sentinel: ErrTokenTooLarge},
		{name: "malformed", token: "a.b",
			outcome: OutcomeRefused, reason: "token_malformed", sentinel: ErrTokenMalformed},
		{name: "signature", token: forgeToken(vOtherKey, hs256.Header, validPayload("jti-x")),
			outcome: OutcomeRefused, reason: "token_signature", sentinel: ErrTokenSignature},
		{name: "claims", token: forgeToken(vKey, hs256.Header, `{"iat":1717740457,"jti":"x"}`),
			outcome: OutcomeRefused, reason: "token_claims", sentinel: ErrTokenClaims},
		{name: "expired", token: valid, opts: []Option{WithClock(func() time.Time { return vNow.Add(time.Hour) })},
			outcome: OutcomeRefused, reason: "token_expired", sentinel: ErrTokenExpired},
		{name: "from future", token: valid, opts: []Option{WithClock(func() time.Time { return vNow.Add(-time.Hour) })},
			outcome: OutcomeRefused, reason: "token_from_future", sentinel: ErrTokenFromFuture},
		{name: "store down", token: valid, opts: []Option{WithReplayStore(failing(errDown))},
			outcome: OutcomeRefused, reason: "replay_store_unavailable", sentinel: ErrReplayStoreUnavailable, stored: true},
		{name: "store full", token: valid, opts: []Option{WithReplayStore(failing(ErrReplayStoreFull))},
			outcome: OutcomeRefused, reason: "replay_store_full", sentinel: ErrReplayStoreFull, stored: true},
		{name: "store panics", token: valid, opts: []Option{WithReplayStore(panicking)},
			outcome: OutcomeRefused, reason: "replay_store_unavailable", sentinel: ErrReplayStoreUnavailable, stored: true},
		{name: "replayed", token: valid, opts: []Option{WithReplayStore(failing(nil))},
			outcome: OutcomeRefused, reason: "token_replayed", sentinel: ErrTokenReplayed, stored: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec := &vRecorder{}
			v := newTestVerifier(t, append(tt.opts, WithObserver(rec))...)
			ctx := context.WithValue(t.Context(), vMarkKey{}, "caller")
			c, err := v.Verify(ctx, tt.token)
			events, marked := rec.take()
			require.Len(t, events, 1, "exactly one event per Verify")
			require.Equal(t, []bool{true}, marked, "the observer gets the caller's context")
			e := events[0]
			require.Equal(t, tt.outcome, e.Outcome, "outcome %v", e.Outcome)
			require.Equal(t, tt.reason, e.Reason)
			require.Equal(t, tt.sentinel, e.Sentinel)
			if tt.sentinel != nil {
				require.ErrorIs(t, err, tt.sentinel)
			} else {
				require.NoError(t, err)
				require.Equal(t, c.ID, e.JTI)
			}
			require.Equal(t, tt.stored, e.StoreCalled)
			if tt.stored {
				require.Equal(t, "jti-valid", e.JTI)
				require.GreaterOrEqual(t, e.StoreDuration, tt.atLeast)
			} else {
				require.Empty(t, e.JTI)
				require.Zero(t, e.StoreDuration)
			}
			s := fmt.Sprintf("%+v", e)
			require.NotContains(t, s, vKey)
			require.NotContains(t, s, tt.token[:min(len(tt.token), 40)])
		})
	}
}

func TestObserverReplayAndConcurrency(t *testing.T) {
	rec := &vRecorder{}
	v := newTestVerifier(t, WithObserver(rec))
	token := forgeToken(vKey, hs256.Header, validPayload("jti-once"))
	const n = 32
	var wg sync.WaitGroup
	for range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, _ = v.Verify(t.Context(), token)
		}()
	}
	wg.Wait()
	events, _ := rec.take()
	require.Len(t, events, n)
	count := map[string]int{}
	for _, e := range events {
		count[e.Outcome.String()+"/"+e.Reason]++
		require.Equal(t, "jti-once", e.JTI)
	}
	require.Equal(t, map[string]int{"accepted/": 1, "refused/token_replayed": n - 1}, count)
}

func TestObserverVerifyWithoutObserver(t *testing.T) {
	v := newTestVerifier(t)
	_, err := v.Verify(t.Context(), forgeToken(vKey, hs256.Header, validPayload("jti-plain")))
	require.NoError(t, err)
}

func TestWithObserverNil(t *testing.T) {
	for name, o := range map[string]Observer{"nil interface": nil, "nil func": ObserverFunc(nil)} {
		t.Run(name, func(t *testing.T) {
			_, err := New(vKey, WithObserver(o))
			require.ErrorIs(t, err, jwtsso.ErrInvalidConfig)
			require.ErrorContains(t, err, "WithObserver")
		})
	}
}

func TestOutcomeString(t *testing.T) {
	for o, want := range map[Outcome]string{OutcomeAccepted: "accepted", OutcomeRefused: "refused", 0: "unknown", 9: "unknown"} {
		t.Run(want, func(t *testing.T) { require.Equal(t, want, o.String()) })
	}
}

func TestObserverReasonOther(t *testing.T) {
	// No error that wraps none of the sentinels can come out of Verify
	// today; the fallback is held here for the day one does.
	p := &probe{}
	require.Equal(t, Event{Outcome: OutcomeRefused, Reason: ReasonOther}, p.event(errors.New("odd")))
	require.Equal(t, Event{Outcome: OutcomeAccepted}, p.event(nil))
}

// TestEverySentinelHasAReason reads the package's source: every exported
// Err… variable must have a row in refusalReasons whose reason is its name
// without "Err" in snake case. A sentinel added later fails here until it
// has its row.
func TestEverySentinelHasAReason(t *testing.T) {
	names := testutil.ExportedSentinels(t, ".")
	require.Contains(t, names, "ErrTokenExpired", "the parser found the sentinels")
	byReason := map[string]error{}
	for _, r := range refusalReasons {
		require.NotContains(t, byReason, r.reason)
		byReason[r.reason] = r.sentinel
	}
	for _, name := range names {
		reason := testutil.SentinelReason(name)
		_, ok := byReason[reason]
		require.True(t, ok, "add {%s, %q} to refusalReasons in verify/observer.go", name, reason)
	}
	require.Len(t, byReason, len(names), "a row for a sentinel that no longer exists")
}
