package jwtssootel_test

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"sort"
	"time"

	sdkmetric "go.opentelemetry.io/otel/sdk/metric"
	"go.opentelemetry.io/otel/sdk/metric/metricdata"

	"github.com/supportsso/jwtsso"
	"github.com/supportsso/jwtsso/jwtssootel"
	"github.com/supportsso/jwtsso/verify"
)

// One Observer, given to the Handler and to the Verifier, records both
// halves. Here the meter provider has an in-memory reader so that the
// example can print what was recorded; an application gives it an OTLP or
// Prometheus exporter instead (see the module's README), or leaves out
// WithMeterProvider to use the global provider.
func Example() {
	reader := sdkmetric.NewManualReader()
	provider := sdkmetric.NewMeterProvider(sdkmetric.WithReader(reader))
	defer provider.Shutdown(context.Background())

	obs := jwtssootel.New(jwtssootel.WithMeterProvider(provider))

	const key = "Tq4Wm8Zr2Xc6Vb1Ny5Hd9Kf3Lp7Sg0Ja" // read yours from the environment
	now := func() time.Time { return time.Unix(1717740457, 0) }
	sso, err := jwtsso.New(key,
		jwtsso.IdentityResolverFunc(func(*http.Request) (jwtsso.Identity, error) {
			return jwtsso.Identity{Name: "Jo Example", Email: "jo@example.com", EmailVerified: true}, nil
		}),
		jwtsso.WithAccount("acme"), jwtsso.WithClock(now),
		jwtsso.WithLogger(slog.New(slog.DiscardHandler)),
		jwtsso.WithObserver(obs))
	if err != nil {
		panic(err)
	}
	v, err := verify.New(key, verify.WithClock(now), verify.WithObserver(obs))
	if err != nil {
		panic(err)
	}

	// A sign-in, and the support centre's side of it, twice over.
	w := httptest.NewRecorder()
	sso.Middleware(sso).ServeHTTP(w, httptest.NewRequest(http.MethodGet, "/sso/happyfox", nil))
	loc, _ := http.NewRequest(http.MethodGet, w.Header().Get("Location"), nil)
	token := loc.URL.Query().Get("token")
	_, err = v.Verify(context.Background(), token)
	fmt.Println("first use:", err)
	_, err = v.Verify(context.Background(), token)
	fmt.Println("second use refused:", err != nil)

	var rm metricdata.ResourceMetrics
	if err := reader.Collect(context.Background(), &rm); err != nil {
		panic(err)
	}
	var lines []string
	for _, m := range rm.ScopeMetrics[0].Metrics {
		if sum, ok := m.Data.(metricdata.Sum[int64]); ok {
			for _, dp := range sum.DataPoints {
				lines = append(lines, fmt.Sprintf("%s %s {%s} %d", m.Name, m.Unit, setString(dp.Attributes), dp.Value))
			}
		}
	}
	sort.Strings(lines)
	for _, l := range lines {
		fmt.Println(l)
	}
	// Output:
	// first use: <nil>
	// second use refused: true
	// jwtsso.requests {request} {jwtsso.outcome=minted} 1
	// jwtsso.tokens.minted {token} {} 1
	// jwtsso.verifications {verification} {jwtsso.outcome=accepted} 1
	// jwtsso.verifications {verification} {jwtsso.outcome=refused,jwtsso.reason=token_replayed} 1
}
