package jwtsso

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/justinas/alice"
)

// BenchmarkSSOObserverRatio measures what an observer costs the guarded
// SSO request. It serves three handlers in alternating batches, so that all
// see the same machine at the same moment: the http.Redirect baseline of
// BenchmarkSSORatio, the guarded request without an observer, and the
// guarded request with an observer that does nothing. It reports each
// guarded request ÷ baseline ("ratio-unobserved", "ratio-observed"), the
// observed ÷ unobserved ("observed/unobserved") and the allocations of
// each. Reproduce with
//
//	go test -run='^$' -bench=SSOObserverRatio -benchmem -count=5 .
func BenchmarkSSOObserverRatio(b *testing.B) {
	build := func(opts ...Option) http.Handler {
		sso, err := New(testKey, &staticResolver{id: jo},
			append([]Option{WithAccount("acme"), WithLogger(discardLogger())}, opts...)...)
		if err != nil {
			b.Fatal(err)
		}
		return alice.New(sso.Middleware).Then(sso)
	}
	constURL := acmeTokenURL + strings.Repeat("x", 200)
	handlers := [3]http.Handler{
		http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { http.Redirect(w, r, constURL, http.StatusFound) }),
		build(),
		build(WithObserver(ObserverFunc(func(context.Context, Event) {}))),
	}
	r := httptest.NewRequest(http.MethodGet, "/sso/happyfox", nil)
	const batch = 64
	var spent [3]time.Duration
	for b.Loop() {
		for i, h := range handlers {
			start := time.Now()
			for range batch {
				h.ServeHTTP(httptest.NewRecorder(), r)
			}
			spent[i] += time.Since(start)
		}
	}
	n := float64(b.N * batch)
	b.ReportMetric(float64(spent[0].Nanoseconds())/n, "baseline-ns/req")
	b.ReportMetric(float64(spent[1].Nanoseconds())/n, "unobserved-ns/req")
	b.ReportMetric(float64(spent[2].Nanoseconds())/n, "observed-ns/req")
	b.ReportMetric(float64(spent[1])/float64(spent[0]), "ratio-unobserved")
	b.ReportMetric(float64(spent[2])/float64(spent[0]), "ratio-observed")
	b.ReportMetric(float64(spent[2])/float64(spent[1]), "observed/unobserved")
	for i, name := range [3]string{"baseline", "unobserved", "observed"} {
		b.ReportMetric(testing.AllocsPerRun(100, func() { handlers[i].ServeHTTP(httptest.NewRecorder(), r) }), name+"-allocs/req")
	}
}

// BenchmarkObserveHooks is the hook calls alone, as the Handler makes them
// for a token minted and for a refusal: without an observer (a nil check)
// and with one that does nothing (the call and, for a refusal, the reason's
// lookup).
func BenchmarkObserveHooks(b *testing.B) {
	err := ErrEmailUnverified
	for _, bc := range []struct {
		name string
		opts []Option
	}{
		{"nil", nil},
		{"noop", []Option{WithObserver(ObserverFunc(func(context.Context, Event) {}))}},
	} {
		h := newTestHandler(b, &staticResolver{id: jo}, bc.opts...)
		ctx := b.Context()
		b.Run(bc.name+"/minted", func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				h.observeMinted(ctx, "01J0000000000000000000000")
			}
		})
		b.Run(bc.name+"/refused", func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				h.observeRefused(ctx, err)
			}
		})
	}
}
