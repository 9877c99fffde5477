package jwtssootel_test

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"go.opentelemetry.io/otel"
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/sdk/metric/metricdata"

	"github.com/supportsso/jwtsso/jwtssootel"
	"github.com/supportsso/jwtsso/verify"
)

// flow drives real requests through a guarded Handler and real tokens
// through a Verifier, all reporting to one Observer, and returns the
// tokens minted.
func flow(t *testing.T, tel *telemetry, obs *jwtssootel.Observer) (tokens []string) {
	t.Helper()
	issuer := newIssuer(t, tel, obs)
	for range 3 {
		tokens = append(tokens, tokenOf(t, request(issuer, http.MethodGet, "jo")))
	}
	for range 2 {
		require.Equal(t, http.StatusForbidden, request(issuer, http.MethodGet, "unverified").Code)
	}
	require.Equal(t, http.StatusFound, request(issuer, http.MethodGet, "").Code) // to /login
	require.Equal(t, http.StatusOK, request(issuer, http.MethodGet, "",
		"Sec-Fetch-Site", "cross-site", "Sec-Fetch-Mode", "navigate").Code) // the bounce page
	require.Equal(t, http.StatusServiceUnavailable, request(issuer, http.MethodGet, "jo", "Sec-Purpose", "prefetch").Code)
	require.Equal(t, http.StatusMethodNotAllowed, request(issuer, http.MethodPost, "jo").Code)

	v, err := verify.New(testKey, verify.WithClock(func() time.Time { return testNow }), verify.WithObserver(obs))
	require.NoError(t, err)
	verifyIn := func(token string) error {
		ctx, span := tel.tracer.Start(context.Background(), "GET /jwt/")
		defer span.End()
		_, err := v.Verify(ctx, token)
		return err
	}
	require.NoError(t, verifyIn(tokens[0]))
	require.NoError(t, verifyIn(tokens[1]))
	require.ErrorIs(t, verifyIn(tokens[0]), verify.ErrTokenReplayed)
	forged := tokens[2][:strings.LastIndexByte(tokens[2], '.')+1] + strings.Repeat("A", 43)
	require.ErrorIs(t, verifyIn(forged), verify.ErrTokenSignature)
	require.ErrorIs(t, verifyIn("not a token"), verify.ErrTokenMalformed)
	return tokens
}

func TestMetrics(t *testing.T) {
	tel := newTelemetry(t)
	flow(t, tel, jwtssootel.New(jwtssootel.WithMeterProvider(tel.meters)))
	got := tel.collect(t)
	require.Len(t, got, 4, "metrics recorded: %v", keys(got))

	tests := []struct {
		name, unit string
		want       map[string]int64
	}{
		{jwtssootel.MetricRequests, "{request}", map[string]int64{
			"jwtsso.outcome=minted":                                   3,
			"jwtsso.outcome=refused,jwtsso.reason=email_unverified":   2,
			"jwtsso.outcome=login_required":                           1,
			"jwtsso.outcome=bounced":                                  1,
			"jwtsso.outcome=prefetch_declined":                        1,
			"jwtsso.outcome=refused,jwtsso.reason=method_not_allowed": 1,
		}},
		{jwtssootel.MetricTokensMinted, "{token}", map[string]int64{"": 3}},
		{jwtssootel.MetricVerifications, "{verification}", map[string]int64{
			"jwtsso.outcome=accepted":                              2,
			"jwtsso.outcome=refused,jwtsso.reason=token_replayed":  1,
			"jwtsso.outcome=refused,jwtsso.reason=token_signature": 1,
			"jwtsso.outcome=refused,jwtsso.reason=token_malformed": 1,
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m, ok := got[tt.name]
			require.True(t, ok)
			require.Equal(t, tt.unit, m.Unit)
			require.NotEmpty(t, m.Description)
			require.Equal(t, tt.want, sums(t, m))
		})
	}
	t.Run(jwtssootel.MetricReplayStoreDuration, func(t *testing.T) {
		m := got[jwtssootel.MetricReplayStoreDuration]
		require.Equal(t, "s", m.Unit)
		h, ok := m.Data.(metricdata.Histogram[float64])
		require.True(t, ok)
		counts := map[string]uint64{}
		for _, dp := range h.DataPoints {
			counts[setString(dp.Attributes)] += dp.Count
			require.Less(t, dp.Sum, 1.0, "a memory store answers in far less than a second")
			require.Equal(t, 0.00005, dp.Bounds[0])
		}
		// Only the tokens that reached the store: two accepted, one replay.
		require.Equal(t, map[string]uint64{
			"jwtsso.outcome=accepted":                             2,
			"jwtsso.outcome=refused,jwtsso.reason=token_replayed": 1,
		}, counts)
	})
}

func TestSpanEvents(t *testing.T) {
	tel := newTelemetry(t)
	tokens := flow(t, tel, jwtssootel.New(jwtssootel.WithMeterProvider(tel.meters)))
	jtis := map[string]bool{}
	for _, tok := range tokens {
		jtis[jtiOf(t, tok)] = true
	}
	spans := tel.spans.Ended()
	require.Len(t, spans, 9+5, "one span per request and per Verify")
	var got []string
	for _, s := range spans {
		require.Len(t, s.Events(), 1, "span %q: exactly one event", s.Name())
		e := s.Events()[0]
		attrs := attribute.NewSet(e.Attributes...)
		if jti, ok := attrs.Value(jwtssootel.AttrJTI); ok {
			require.True(t, jtis[jti.AsString()], "jti %q is one of the tokens minted", jti.AsString())
			attrs = filtered(attrs, jwtssootel.AttrJTI)
		}
		if d, ok := attrs.Value(jwtssootel.AttrReplayStoreDuration); ok {
			require.Equal(t, jwtssootel.EventVerification, e.Name)
			require.GreaterOrEqual(t, d.AsFloat64(), 0.0)
			attrs = filtered(attrs, jwtssootel.AttrReplayStoreDuration)
		}
		got = append(got, s.Name()+" "+e.Name+" "+setString(attrs))
	}
	require.ElementsMatch(t, []string{
		"GET /sso/happyfox jwtsso.request jwtsso.outcome=minted",
		"GET /sso/happyfox jwtsso.request jwtsso.outcome=minted",
		"GET /sso/happyfox jwtsso.request jwtsso.outcome=minted",
		"GET /sso/happyfox jwtsso.request jwtsso.outcome=refused,jwtsso.reason=email_unverified",
		"GET /sso/happyfox jwtsso.request jwtsso.outcome=refused,jwtsso.reason=email_unverified",
		"GET /sso/happyfox jwtsso.request jwtsso.outcome=login_required",
		"GET /sso/happyfox jwtsso.request jwtsso.outcome=bounced",
		"GET /sso/happyfox jwtsso.request jwtsso.outcome=prefetch_declined",
		"POST /sso/happyfox jwtsso.request jwtsso.outcome=refused,jwtsso.reason=method_not_allowed",
		"GET /jwt/ jwtsso.verification jwtsso.outcome=accepted",
		"GET /jwt/ jwtsso.verification jwtsso.outcome=accepted",
		"GET /jwt/ jwtsso.verification jwtsso.outcome=refused,jwtsso.reason=token_replayed",
		"GET /jwt/ jwtsso.verification jwtsso.outcome=refused,jwtsso.reason=token_signature",
		"GET /jwt/ jwtsso.verification jwtsso.outcome=refused,jwtsso.reason=token_malformed",
	}, got)
	// The jti is on the minted events and on the verifications that reached
	// the store: three plus three.
	n := 0
	for _, s := range spans {
		if set := attribute.NewSet(s.Events()[0].Attributes...); set.HasValue(jwtssootel.AttrJTI) {
			n++
		}
	}
	require.Equal(t, 6, n)
}

// TestNoSecretReachesTelemetry scans every exported metric data point's
// attributes and every span's name, attributes and events for the key, the
// tokens minted and "token=".
func TestNoSecretReachesTelemetry(t *testing.T) {
	tel := newTelemetry(t)
	tokens := flow(t, tel, jwtssootel.New(jwtssootel.WithMeterProvider(tel.meters)))
	forbidden := append([]string{testKey, "token="}, tokens...)
	for _, tok := range tokens { // each segment of a token too: the signature alone is a secret
		forbidden = append(forbidden, strings.Split(tok, ".")[2])
	}
	var seen []string
	check := func(where string, kvs []attribute.KeyValue) {
		for _, kv := range kvs {
			s := string(kv.Key) + "=" + kv.Value.Emit()
			seen = append(seen, s)
			for _, f := range forbidden {
				require.NotContains(t, s, f, "%s: attribute %s", where, kv.Key)
			}
		}
	}
	for name, m := range tel.collect(t) {
		switch d := m.Data.(type) {
		case metricdata.Sum[int64]:
			for _, dp := range d.DataPoints {
				check(name, dp.Attributes.ToSlice())
			}
		case metricdata.Histogram[float64]:
			for _, dp := range d.DataPoints {
				check(name, dp.Attributes.ToSlice())
			}
		default:
			t.Fatalf("%s: unexpected data %T", name, m.Data)
		}
	}
	for _, s := range tel.spans.Ended() {
		check("span "+s.Name(), append(s.Attributes(), attribute.String("span.name", s.Name())))
		for _, e := range s.Events() {
			check("event "+e.Name, append(e.Attributes, attribute.String("event.name", e.Name)))
		}
	}
	require.NotEmpty(t, seen, "the scan saw attributes")
}

func TestGlobalMeterProviderByDefault(t *testing.T) {
	tel := newTelemetry(t)
	prev := otel.GetMeterProvider()
	otel.SetMeterProvider(tel.meters)
	t.Cleanup(func() { otel.SetMeterProvider(prev) })

	obs := jwtssootel.New(jwtssootel.WithMeterProvider(nil)) // nil: the global one
	request(newIssuer(t, tel, obs), http.MethodGet, "jo")
	require.Equal(t, map[string]int64{"": 1}, sums(t, tel.collect(t)[jwtssootel.MetricTokensMinted]))
}

func TestNoSpanNoEvent(t *testing.T) {
	tel := newTelemetry(t)
	obs := jwtssootel.New(jwtssootel.WithMeterProvider(tel.meters))
	v, err := verify.New(testKey, verify.WithObserver(obs))
	require.NoError(t, err)
	_, err = v.Verify(context.Background(), "x") // no span in the context: only metrics
	require.Error(t, err)
	require.Equal(t, map[string]int64{"jwtsso.outcome=refused,jwtsso.reason=token_malformed": 1},
		sums(t, tel.collect(t)[jwtssootel.MetricVerifications]))
	require.Empty(t, tel.spans.Ended())
}

func jtiOf(t *testing.T, token string) string {
	t.Helper()
	payload, err := base64.RawURLEncoding.DecodeString(strings.Split(token, ".")[1])
	require.NoError(t, err)
	var c struct {
		JTI string `json:"jti"`
	}
	require.NoError(t, json.Unmarshal(payload, &c))
	return c.JTI
}

func filtered(s attribute.Set, drop attribute.Key) attribute.Set {
	f, _ := s.Filter(func(kv attribute.KeyValue) bool { return kv.Key != drop })
	return f
}

func keys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	return out
}
