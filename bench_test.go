package jwtsso

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/justinas/alice"
)

// The speed target of the guarded SSO request is stated relative to a
// baseline measured in the same run: a handler that only redirects to a
// constant URL of the same length. Reproduce with
//
//	go test -run='^$' -bench='SSO|Mint' -benchmem -count=5 .

// benchHandlers returns the baseline and the guarded SSO handler, and the
// request both serve.
func benchHandlers(b *testing.B) (baseline, guarded http.Handler, r *http.Request) {
	sso, err := New(testKey, &staticResolver{id: jo}, WithAccount("acme"), WithLogger(discardLogger()))
	if err != nil {
		b.Fatal(err)
	}
	constURL := acmeTokenURL + strings.Repeat("x", 200)
	baseline = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, constURL, http.StatusFound)
	})
	return baseline, alice.New(sso.Middleware).Then(sso), httptest.NewRequest(http.MethodGet, "/sso/happyfox", nil)
}

func runRequests(b *testing.B, h http.Handler, r *http.Request) {
	b.ReportAllocs()
	for b.Loop() {
		w := httptest.NewRecorder()
		h.ServeHTTP(w, r)
		if w.Code != http.StatusFound {
			b.Fatalf("status %d", w.Code)
		}
	}
}

// BenchmarkSSORequest reports the baseline and the guarded request side by
// side (ns/op, B/op, allocs/op).
func BenchmarkSSORequest(b *testing.B) {
	baseline, guarded, r := benchHandlers(b)
	b.Run("baseline", func(b *testing.B) { runRequests(b, baseline, r) })
	b.Run("guarded", func(b *testing.B) { runRequests(b, guarded, r) })
}

// BenchmarkSSORatio serves the http.Redirect baseline and the guarded
// request in alternating batches within one benchmark, so that all of them
// see the same machine at the same moment. The guarded request runs in
// three deployments: with a discarding logger (the figure the targets are
// about), with slog's JSON handler writing to io.Discard (a deployment that
// logs: the cost of formatting one event per token), and with a discarding
// logger and an observer that does nothing (what WithObserver costs beyond
// its nil check). It reports each one's time per request, its ratio to the
// baseline ("ratio-…") and its allocations per request; ns/op is that of
// one round of batches.
func BenchmarkSSORatio(b *testing.B) {
	baseline, guarded, r := benchHandlers(b)
	build := func(opts ...Option) http.Handler {
		sso, err := New(testKey, &staticResolver{id: jo}, append([]Option{WithAccount("acme")}, opts...)...)
		if err != nil {
			b.Fatal(err)
		}
		return alice.New(sso.Middleware).Then(sso)
	}
	subjects := []struct {
		name string
		h    http.Handler
	}{
		{"baseline", baseline},
		{"guarded", guarded},
		{"guarded-jsonlog", build(WithLogger(slog.New(slog.NewJSONHandler(io.Discard, nil))))},
		{"guarded-observed", build(WithLogger(discardLogger()), WithObserver(ObserverFunc(func(context.Context, Event) {})))},
	}
	const batch = 64
	spent := make([]time.Duration, len(subjects))
	for b.Loop() {
		for i, s := range subjects {
			start := time.Now()
			for range batch {
				s.h.ServeHTTP(httptest.NewRecorder(), r)
			}
			spent[i] += time.Since(start)
		}
	}
	n := float64(b.N * batch)
	for i, s := range subjects {
		b.ReportMetric(float64(spent[i].Nanoseconds())/n, s.name+"-ns/req")
		b.ReportMetric(testing.AllocsPerRun(100, func() { s.h.ServeHTTP(httptest.NewRecorder(), r) }), s.name+"-allocs/req")
		if i > 0 {
			b.ReportMetric(float64(spent[i])/float64(spent[0]), "ratio-"+s.name)
		}
	}
}

// BenchmarkMint is the token alone: checks, jti, claims, HMAC, URL.
func BenchmarkMint(b *testing.B) {
	sso, err := New(testKey, &staticResolver{id: jo}, WithAccount("acme"), WithLogger(discardLogger()))
	if err != nil {
		b.Fatal(err)
	}
	ctx := b.Context()
	b.ReportAllocs()
	for b.Loop() {
		if _, _, err := sso.mint(ctx, &jo); err != nil {
			b.Fatal(err)
		}
	}
}
