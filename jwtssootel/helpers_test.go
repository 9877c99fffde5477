package jwtssootel_test

import (
	"context"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"go.opentelemetry.io/otel/attribute"
	sdkmetric "go.opentelemetry.io/otel/sdk/metric"
	"go.opentelemetry.io/otel/sdk/metric/metricdata"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"
	"go.opentelemetry.io/otel/trace"

	"github.com/supportsso/jwtsso"
)

// testKey has the shape of a HappyFox key.
const testKey = "Tq4Wm8Zr2Xc6Vb1Ny5Hd9Kf3Lp7Sg0Ja"

// testNow is the fixed time of the tests.
var testNow = time.Unix(1717740457, 0).UTC()

// telemetry is an in-memory OpenTelemetry pipeline: a ManualReader for the
// metrics and a span recorder for the traces.
type telemetry struct {
	reader *sdkmetric.ManualReader
	meters *sdkmetric.MeterProvider
	spans  *tracetest.SpanRecorder
	tracer trace.Tracer
}

func newTelemetry(t *testing.T) *telemetry {
	t.Helper()
	reader := sdkmetric.NewManualReader()
	spans := tracetest.NewSpanRecorder()
	tp := sdktrace.NewTracerProvider(sdktrace.WithSpanProcessor(spans))
	mp := sdkmetric.NewMeterProvider(sdkmetric.WithReader(reader))
	t.Cleanup(func() {
		_ = tp.Shutdown(context.Background())
		_ = mp.Shutdown(context.Background())
	})
	return &telemetry{reader: reader, meters: mp, spans: spans, tracer: tp.Tracer("test")}
}

// traced wraps h the way HTTP instrumentation such as otelhttp does: each
// request runs inside a server span of its own.
func (tel *telemetry) traced(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx, span := tel.tracer.Start(r.Context(), r.Method+" "+r.URL.Path, trace.WithSpanKind(trace.SpanKindServer))
		defer span.End()
		h.ServeHTTP(w, r.WithContext(ctx))
	})
}

// collect returns the metrics recorded so far, by name.
func (tel *telemetry) collect(t *testing.T) map[string]metricdata.Metrics {
	t.Helper()
	var rm metricdata.ResourceMetrics
	require.NoError(t, tel.reader.Collect(context.Background(), &rm))
	out := map[string]metricdata.Metrics{}
	for _, sm := range rm.ScopeMetrics {
		for _, m := range sm.Metrics {
			out[m.Name] = m
		}
	}
	return out
}

// sums returns an int64 sum's data points as "attributes → value", the
// attributes written as "key=value,…" in key order.
func sums(t *testing.T, m metricdata.Metrics) map[string]int64 {
	t.Helper()
	sum, ok := m.Data.(metricdata.Sum[int64])
	require.True(t, ok, "%s is not an int64 sum", m.Name)
	require.True(t, sum.IsMonotonic)
	out := map[string]int64{}
	for _, dp := range sum.DataPoints {
		out[setString(dp.Attributes)] += dp.Value
	}
	return out
}

func setString(s attribute.Set) string {
	out := ""
	for i, kv := range s.ToSlice() {
		if i > 0 {
			out += ","
		}
		out += string(kv.Key) + "=" + kv.Value.Emit()
	}
	return out
}

// resolverFor returns a resolver that reads the user from a test header:
// "jo" is a verified user, "unverified" one whose address is not verified,
// and no header means nobody is signed in.
func resolverFor() jwtsso.IdentityResolver {
	return jwtsso.IdentityResolverFunc(func(r *http.Request) (jwtsso.Identity, error) {
		switch r.Header.Get("X-Test-User") {
		case "jo":
			return jwtsso.Identity{Name: "Jo Example", Email: "jo@example.com", EmailVerified: true}, nil
		case "unverified":
			return jwtsso.Identity{Name: "Un Verified", Email: "un@example.com"}, nil
		}
		return jwtsso.Identity{}, jwtsso.ErrNoIdentity
	})
}

// newIssuer returns the guarded Remote Login URL of a Handler that reports
// to obs, traced as HTTP instrumentation would.
func newIssuer(t *testing.T, tel *telemetry, obs jwtsso.Observer) http.Handler {
	t.Helper()
	sso, err := jwtsso.New(testKey, resolverFor(),
		jwtsso.WithSupportURL("https://support.example.com"),
		jwtsso.WithLoginURL("/login", "next"),
		jwtsso.WithClock(func() time.Time { return testNow }),
		jwtsso.WithLogger(slog.New(slog.DiscardHandler)),
		jwtsso.WithObserver(obs))
	require.NoError(t, err)
	return tel.traced(sso.Middleware(sso))
}

// request sends one request through h as user (empty: anonymous) with the
// given extra headers, and returns the response.
func request(h http.Handler, method, user string, header ...string) *httptest.ResponseRecorder {
	r := httptest.NewRequest(method, "https://app.example.com/sso/happyfox", nil)
	if user != "" {
		r.Header.Set("X-Test-User", user)
	}
	for i := 0; i+1 < len(header); i += 2 {
		r.Header.Set(header[i], header[i+1])
	}
	w := httptest.NewRecorder()
	h.ServeHTTP(w, r)
	return w
}

// tokenOf returns the token in a redirect to the support centre.
func tokenOf(t *testing.T, w *httptest.ResponseRecorder) string {
	t.Helper()
	require.Equal(t, http.StatusFound, w.Code)
	u, err := url.Parse(w.Header().Get("Location"))
	require.NoError(t, err)
	token := u.Query().Get("token")
	require.NotEmpty(t, token)
	return token
}
