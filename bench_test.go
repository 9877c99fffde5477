package jwtsso

import (
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
//	go test -run='^$' -bench=SSO -benchmem -count=5 .

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

// BenchmarkSSORatio serves the baseline and the guarded request in
// alternating batches within one benchmark, so that both see the same
// machine at the same moment, and reports guarded ÷ baseline ("ratio") and
// the guarded request's allocations. Its ns/op is that of one batch pair.
func BenchmarkSSORatio(b *testing.B) {
	baseline, guarded, r := benchHandlers(b)
	const batch = 64
	var spent [2]time.Duration
	for b.Loop() {
		for i, h := range [2]http.Handler{baseline, guarded} {
			start := time.Now()
			for range batch {
				h.ServeHTTP(httptest.NewRecorder(), r)
			}
			spent[i] += time.Since(start)
		}
	}
	n := float64(b.N * batch)
	b.ReportMetric(float64(spent[0].Nanoseconds())/n, "baseline-ns/req")
	b.ReportMetric(float64(spent[1].Nanoseconds())/n, "guarded-ns/req")
	b.ReportMetric(float64(spent[1])/float64(spent[0]), "ratio")
	b.ReportMetric(testing.AllocsPerRun(100, func() { guarded.ServeHTTP(httptest.NewRecorder(), r) }), "guarded-allocs/req")
	b.ReportMetric(testing.AllocsPerRun(100, func() { baseline.ServeHTTP(httptest.NewRecorder(), r) }), "baseline-allocs/req")
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
