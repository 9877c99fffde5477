package jwtsso

import (
	"bytes"
	"errors"
	"html"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/supportsso/jwtsso/internal/hs256"
)

// The hook's parameters follow the token in the redirect URL, in a fixed
// order (by name, then as given), escaped; the token stays first and
// unique, and the hook sees the request.
func TestTokenQueryAddsParameters(t *testing.T) {
	var seen *http.Request
	hook := func(r *http.Request) url.Values {
		seen = r
		return url.Values{
			"landing": {"kb"},
			"b.x-y_Z": {"2", "1"},
			"note":    {"a b&c=d#e?f/%"},
			"empty":   {""},
			"none":    nil,
		}
	}
	var logs bytes.Buffer
	h := newTestHandler(t, &staticResolver{id: jo}, WithTokenQuery(hook), WithLogger(jsonLogger(&logs)))
	w := serve(h.Middleware(h), httptest.NewRequest(http.MethodGet, "/sso/happyfox?ref=kb", nil))

	require.Equal(t, http.StatusFound, w.Code)
	require.NotNil(t, seen)
	assert.Equal(t, "/sso/happyfox", seen.URL.Path)
	loc := w.Header().Get("Location")
	require.True(t, strings.HasPrefix(loc, acmeTokenURL), redact(loc))
	token, extra, ok := strings.Cut(loc[len(acmeTokenURL):], "&")
	require.True(t, ok, "parameters follow the token")
	assert.Equal(t, "b.x-y_Z=2&b.x-y_Z=1&empty=&landing=kb&note=a+b%26c%3Dd%23e%3Ff%2F%25", extra)
	parseWithJWT(t, token, testKey)

	u, err := url.Parse(loc)
	require.NoError(t, err)
	assert.True(t, strings.HasPrefix(u.RawQuery, "token="), "the token comes first")
	assert.Equal(t, []string{token}, u.Query()["token"], "exactly one token")
	assert.Equal(t, "a b&c=d#e?f/%", u.Query().Get("note"))
	assert.Empty(t, u.Fragment)

	assert.NotContains(t, logs.String(), token)
	assert.NotContains(t, logs.String(), "landing=kb", "the redirect URL is never logged")
}

func TestTokenQueryNothingToAdd(t *testing.T) {
	for name, hook := range map[string]func(*http.Request) url.Values{
		"nil":                 func(*http.Request) url.Values { return nil },
		"empty":               func(*http.Request) url.Values { return url.Values{} },
		"names without value": func(*http.Request) url.Values { return url.Values{"x": nil} },
	} {
		t.Run(name, func(t *testing.T) {
			h := newTestHandler(t, &staticResolver{id: jo}, WithTokenQuery(hook))
			w := serve(h, httptest.NewRequest(http.MethodGet, "/sso", nil))
			require.Equal(t, http.StatusFound, w.Code)
			tokenFromLocation(t, w.Header().Get("Location"), acmeTokenURL)
		})
	}
}

// The limits themselves are accepted.
func TestTokenQueryAtTheLimits(t *testing.T) {
	v := url.Values{strings.Repeat("n", maxTokenQueryName): {strings.Repeat("~", maxTokenQueryValue)}}
	for i := 1; i < maxTokenQueryParams; i++ {
		v.Add("p", " !\"#$%&'()*+,-./09:;<=>?@AZ[\\]^_`az{|}~")
	}
	h := newTestHandler(t, &staticResolver{id: jo}, WithTokenQuery(func(*http.Request) url.Values { return v }))
	w := serve(h, httptest.NewRequest(http.MethodGet, "/sso", nil))
	require.Equal(t, http.StatusFound, w.Code)
	u, err := url.Parse(w.Header().Get("Location"))
	require.NoError(t, err)
	got := u.Query()
	got.Del("token")
	assert.Equal(t, v, got)
}

// A hook whose parameters fail the checks gets nothing minted: the error
// handler gets ErrTokenQuery with the cause, and neither the error nor the
// log shows a value.
func TestTokenQueryRefused(t *testing.T) {
	const secret = "s3cr3t-value"
	many := url.Values{}
	for i := 0; i <= maxTokenQueryParams; i++ {
		many.Add("p", "v")
	}
	tests := []struct {
		name   string
		values url.Values
		reason string
	}{
		{"token", url.Values{"token": {secret}}, "reserved"},
		{"TOKEN", url.Values{"TOKEN": {secret}}, "reserved"},
		{"Token", url.Values{"Token": {secret}}, "reserved"},
		{"empty name", url.Values{"": {secret}}, "name"},
		{"name too long", url.Values{strings.Repeat("n", maxTokenQueryName+1): {secret}}, "name"},
		{"space in the name", url.Values{"a b": {secret}}, "name"},
		{"= in the name", url.Values{"a=b": {secret}}, "name"},
		{"& in the name", url.Values{"a&token": {secret}}, "name"},
		{"% in the name", url.Values{"a%20": {secret}}, "name"},
		{"non-ASCII name", url.Values{"café": {secret}}, "name"},
		{"too many parameters", many, "parameters"},
		{"newline in a value", url.Values{"x": {secret + "\n"}}, `"x"`},
		{"NUL in a value", url.Values{"x": {secret + "\x00"}}, `"x"`},
		{"DEL in a value", url.Values{"x": {secret + "\x7f"}}, `"x"`},
		{"tab in a value", url.Values{"x": {secret + "\t"}}, `"x"`},
		{"non-ASCII value", url.Values{"x": {secret + "é"}}, `"x"`},
		{"invalid UTF-8 value", url.Values{"x": {secret + "\xff"}}, `"x"`},
		{"value too long", url.Values{"x": {secret + strings.Repeat("v", maxTokenQueryValue)}}, `"x"`},
		{"one bad value among good ones", url.Values{"a": {"1"}, "x": {"2", secret + "\r"}}, `"x"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec := &recordedError{}
			var logs bytes.Buffer
			res := &staticResolver{id: jo}
			h := newTestHandler(t, res, WithErrorHandler(rec.handle), WithLogger(jsonLogger(&logs)),
				WithTokenQuery(func(*http.Request) url.Values { return tt.values }))
			w := serve(h.Middleware(h), httptest.NewRequest(http.MethodGet, "/sso", nil))

			assert.Equal(t, http.StatusInternalServerError, w.Code)
			assertNoToken(t, w)
			require.ErrorIs(t, rec.err, ErrTokenQuery)
			assert.Contains(t, rec.err.Error(), tt.reason)
			assert.NotContains(t, rec.err.Error(), secret)
			assert.NotContains(t, logs.String(), secret)
			assert.NotContains(t, logs.String(), "token minted")
			events := logEvents(t, &logs)
			require.Len(t, events, 1)
			assert.Equal(t, "ERROR", events[0]["level"])
		})
	}
}

// A hook that panics is treated like a resolver that panics: the error
// handler gets ErrTokenQuery with the panic's error; http.ErrAbortHandler
// passes through.
func TestTokenQueryPanics(t *testing.T) {
	errBoom := errors.New("boom")
	rec := &recordedError{}
	h := newTestHandler(t, &staticResolver{id: jo}, WithErrorHandler(rec.handle),
		WithTokenQuery(func(*http.Request) url.Values { panic(errBoom) }))
	w := serve(h, httptest.NewRequest(http.MethodGet, "/sso", nil))
	assert.Equal(t, http.StatusInternalServerError, w.Code)
	assertNoToken(t, w)
	assert.ErrorIs(t, rec.err, ErrTokenQuery)
	assert.ErrorIs(t, rec.err, errBoom)

	h = newTestHandler(t, &staticResolver{id: jo}, WithTokenQuery(func(*http.Request) url.Values { panic(http.ErrAbortHandler) }))
	assert.PanicsWithValue(t, http.ErrAbortHandler, func() {
		serve(h, httptest.NewRequest(http.MethodGet, "/sso", nil))
	})
}

// The hook runs only when a token is about to be minted.
func TestTokenQueryNotCalledWithoutMint(t *testing.T) {
	tests := []struct {
		name     string
		method   string
		header   http.Header
		resolver *staticResolver
	}{
		{"HEAD", http.MethodHead, nil, &staticResolver{id: jo}},
		{"prefetch", http.MethodGet, http.Header{"Sec-Purpose": {"prefetch"}}, &staticResolver{id: jo}},
		{"not a navigation", http.MethodGet, http.Header{"Sec-Fetch-Mode": {"no-cors"}}, &staticResolver{id: jo}},
		{"anonymous", http.MethodGet, nil, &staticResolver{err: ErrNoIdentity}},
		{"invalid identity", http.MethodGet, nil, &staticResolver{id: Identity{Name: "Jo", Email: "Jo <jo@example.com>", EmailVerified: true}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			called := false
			h := newTestHandler(t, tt.resolver, WithLoginURL("/login", "next"),
				WithTokenQuery(func(*http.Request) url.Values { called = true; return nil }))
			r := httptest.NewRequest(tt.method, "/sso", nil)
			r.Header = tt.header
			if r.Header == nil {
				r.Header = http.Header{}
			}
			w := serve(h.Middleware(h), r)
			assert.False(t, called)
			assert.NotContains(t, w.Header().Get("Location"), "token=")
			assert.NotContains(t, w.Body.String(), hs256.HeaderSegment)
		})
	}
}

// With WithAutoSubmitForm the parameters become hidden inputs after the
// token's, in the same order, HTML-escaped; submitting the form (GET)
// produces the same query as the redirect.
func TestTokenQueryAutoSubmitForm(t *testing.T) {
	hook := func(*http.Request) url.Values {
		return url.Values{"landing": {"kb"}, "note": {`"><script>alert(1)</script>&amp;`}}
	}
	h := newTestHandler(t, &staticResolver{id: jo}, WithAutoSubmitForm(), WithTokenQuery(hook))
	w := serve(h, httptest.NewRequest(http.MethodGet, "/sso", nil))
	require.Equal(t, http.StatusOK, w.Code)
	body := w.Body.String()
	assert.Equal(t, 1, strings.Count(body, "<script>"), "only the page's own script")

	inputs := regexp.MustCompile(`<input type="hidden" name="([^"]*)" value="([^"]*)">`).FindAllStringSubmatch(body, -1)
	require.Len(t, inputs, 3)
	submitted := url.Values{}
	var order []string
	for _, in := range inputs {
		name, value := html.UnescapeString(in[1]), html.UnescapeString(in[2])
		submitted.Add(name, value)
		order = append(order, name)
	}
	assert.Equal(t, []string{"token", "landing", "note"}, order)
	parseWithJWT(t, submitted.Get("token"), testKey)
	assert.Equal(t, `"><script>alert(1)</script>&amp;`, submitted.Get("note"))

	h = newTestHandler(t, &staticResolver{id: jo}, WithAutoSubmitForm(),
		WithTokenQuery(func(*http.Request) url.Values { return url.Values{"token": {"x"}} }))
	w = serve(h, httptest.NewRequest(http.MethodGet, "/sso", nil))
	assert.Equal(t, http.StatusInternalServerError, w.Code)
	assertNoToken(t, w)
}

func TestTokenQueryNilRefusedByNew(t *testing.T) {
	_, err := New(testKey, &staticResolver{id: jo}, WithAccount("acme"), WithTokenQuery(nil))
	require.ErrorIs(t, err, ErrInvalidConfig)
	assert.Contains(t, err.Error(), "WithTokenQuery")
}

// FuzzTokenQuery: whatever name and value the checks accept, the token URL
// still has exactly one token, first, and the parameter reads back exactly.
func FuzzTokenQuery(f *testing.F) {
	for _, s := range [][2]string{
		{"landing", "kb"}, {"token", "x"}, {"TOKEN", "x"}, {"a&token", "x"}, {"x", "a b&token=y#z"},
		{"x", "\n"}, {"x", "é"}, {"", ""}, {"x.y-z_1", "%2F%zz+"},
	} {
		f.Add(s[0], s[1])
	}
	f.Fuzz(func(t *testing.T, name, value string) {
		params, err := checkTokenQuery(url.Values{name: {value}})
		if err != nil {
			require.Nil(t, params)
			return
		}
		require.Len(t, params, 1)
		u, err := url.Parse(appendQuery(acmeTokenURL+"tok.en.sig", params))
		require.NoError(t, err)
		require.True(t, strings.HasPrefix(u.RawQuery, "token=tok.en.sig&"))
		q := u.Query()
		require.Equal(t, []string{"tok.en.sig"}, q["token"])
		require.Equal(t, []string{value}, q[name])
		require.Empty(t, u.Fragment)
	})
}
