package jwtsso

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/supportsso/jwtsso/internal/hs256"
	"github.com/supportsso/jwtsso/internal/testutil"
)

// I18: the happy path, checked byte by byte and by golang-jwt's parser.
func TestHandlerMintsAndRedirects(t *testing.T) {
	res := &staticResolver{id: Identity{Name: "José 山田", Email: "Jose.Yamada@example.com", EmailVerified: true}}
	h := newTestHandler(t, res)

	w := serve(h.Middleware(h), httptest.NewRequest(http.MethodGet, "/sso/happyfox", nil))

	require.Equal(t, http.StatusFound, w.Code)
	assert.Equal(t, "no-store", w.Header().Get("Cache-Control"))
	assert.Equal(t, "no-cache", w.Header().Get("Pragma"))
	assert.Equal(t, "strict-origin", w.Header().Get("Referrer-Policy"))
	assert.Empty(t, w.Body.String(), "the token must not be repeated in a body")

	token := tokenFromLocation(t, w.Header().Get("Location"), acmeTokenURL)
	tok := decodeToken(t, token)
	assert.Equal(t, `{"alg":"HS256","typ":"JWT"}`, string(tok.header))
	assert.ElementsMatch(t, []string{"iat", "jti", "name", "email"}, mapKeys(tok.claims))
	assert.Equal(t, "1717740457", string(tok.claims["iat"]), "iat is integer seconds from the clock")
	assert.JSONEq(t, `"José 山田"`, string(tok.claims["name"]))
	assert.JSONEq(t, `"Jose.Yamada@example.com"`, string(tok.claims["email"]), "the local part keeps its case")

	claims := parseWithJWT(t, token, testKey)
	assert.Equal(t, "José 山田", claims["name"], "a Unicode name round-trips exactly (I12)")
	jti, ok := claims["jti"].(string)
	require.True(t, ok)
	assert.Len(t, jti, 26, "jti is a ULID")
	assert.Equal(t, int64(1), res.calls.Load(), "the identity is resolved once")
}

// I21: with the clock and the entropy fixed, the token is fixed.
func TestHandlerGoldenToken(t *testing.T) {
	h := newTestHandler(t, &staticResolver{id: Identity{Name: "John Doe", Email: "john@john.com", EmailVerified: true}})

	loc, err := h.RedirectURL(context.Background(), Identity{Name: "John Doe", Email: "john@john.com", EmailVerified: true})
	require.NoError(t, err)

	// iat 1717740457, jti 01HZRMYK18000G40R40M30E209 (entropy bytes 0, 1, 2, …).
	const golden = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJpYXQiOjE3MTc3NDA0NTcsImp0aSI6IjAxSFpSTVlLMTgwMDBHNDBSNDBNMzBFMjA5IiwibmFtZSI6IkpvaG4gRG9lIiwiZW1haWwiOiJqb2huQGpvaG4uY29tIn0.vL14wqEKGvgeJMCx2FNcWvfKiX_E1_5L8RV5koTx37s"
	require.Equal(t, acmeTokenURL+golden, loc)

	// An independent check of the signature: HMAC-SHA256 over the received
	// header.payload bytes with the key.
	i := strings.LastIndexByte(golden, '.')
	mac := hmac.New(sha256.New, []byte(testKey))
	mac.Write([]byte(golden[:i]))
	assert.Equal(t, segmentEncoding.EncodeToString(mac.Sum(nil)), golden[i+1:])
}

func TestRedirectStatusSeeOther(t *testing.T) {
	h := newTestHandler(t, &staticResolver{id: jo}, WithRedirectStatus(http.StatusSeeOther))
	w := serve(h, httptest.NewRequest(http.MethodGet, "/sso", nil))
	assert.Equal(t, http.StatusSeeOther, w.Code)
	tokenFromLocation(t, w.Header().Get("Location"), acmeTokenURL)
}

func TestCustomSupportDomain(t *testing.T) {
	h, err := New(testKey, &staticResolver{id: jo}, WithSupportURL("https://Support.Example.com/"), WithLogger(discardLogger()))
	require.NoError(t, err)
	w := serve(h, httptest.NewRequest(http.MethodGet, "/sso", nil))
	require.Equal(t, http.StatusFound, w.Code)
	parseWithJWT(t, tokenFromLocation(t, w.Header().Get("Location"), "https://support.example.com/jwt/?token="), testKey)
}

// I1, I2, I4, I20: every failure reaches the error handler wrapped, with no
// token and no redirect.
func TestHandlerFailures(t *testing.T) {
	errDB := errors.New("session store down")
	cancelled, cancel := context.WithCancel(context.Background())
	cancel()
	expired, cancel2 := context.WithDeadline(context.Background(), time.Unix(1, 0))
	defer cancel2()

	tests := []struct {
		name     string
		resolver IdentityResolverFunc
		ctx      context.Context
		opts     []Option
		want     []error
		status   int
	}{
		{
			name:     "resolver error (I1)",
			resolver: func(*http.Request) (Identity, error) { return Identity{}, errDB },
			want:     []error{ErrResolver, errDB},
			status:   http.StatusInternalServerError,
		},
		{
			name:     "resolver panics with a string (I2)",
			resolver: func(*http.Request) (Identity, error) { panic("nil map") },
			want:     []error{ErrResolver},
			status:   http.StatusInternalServerError,
		},
		{
			name:     "resolver panics with an error (I2)",
			resolver: func(*http.Request) (Identity, error) { panic(errDB) },
			want:     []error{ErrResolver, errDB},
			status:   http.StatusInternalServerError,
		},
		{
			name:     "request cancelled (I4)",
			resolver: func(*http.Request) (Identity, error) { return jo, nil },
			ctx:      cancelled,
			want:     []error{ErrRequestEnded, context.Canceled},
			status:   http.StatusServiceUnavailable,
		},
		{
			name:     "request timed out (I4)",
			resolver: func(*http.Request) (Identity, error) { return jo, nil },
			ctx:      expired,
			want:     []error{ErrRequestEnded, context.DeadlineExceeded},
			status:   http.StatusServiceUnavailable,
		},
		{
			name: "resolver gives up on a cancelled request (I4)",
			resolver: func(r *http.Request) (Identity, error) {
				return Identity{}, fmt.Errorf("query: %w", r.Context().Err())
			},
			ctx:    cancelled,
			want:   []error{ErrRequestEnded, context.Canceled},
			status: http.StatusServiceUnavailable,
		},
		{
			name:     "entropy source fails (I20)",
			resolver: func(*http.Request) (Identity, error) { return jo, nil },
			opts:     []Option{WithEntropy(failingEntropy{})},
			want:     []error{ErrEntropy, errEntropyBroken},
			status:   http.StatusInternalServerError,
		},
		{
			name:     "no signed-in user and no login URL (I3)",
			resolver: func(*http.Request) (Identity, error) { return Identity{}, ErrNoIdentity },
			want:     []error{ErrNoIdentity},
			status:   http.StatusUnauthorized,
		},
		{
			name:     "clock before 1970 (no valid jti)",
			resolver: func(*http.Request) (Identity, error) { return jo, nil },
			opts:     []Option{WithClock(func() time.Time { return time.Unix(-10, 0) })},
			want:     []error{ErrEntropy},
			status:   http.StatusInternalServerError,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec := &recordedError{}
			h := newTestHandler(t, tt.resolver, append(tt.opts, WithErrorHandler(rec.handle))...)
			r := httptest.NewRequest(http.MethodGet, "/sso", nil)
			if tt.ctx != nil {
				r = r.WithContext(tt.ctx)
			}
			for name, handler := range map[string]http.Handler{"handler": h, "guarded": h.Middleware(h)} {
				rec.err = nil
				w := serve(handler, r)
				assert.Equal(t, tt.status, w.Code, name)
				for _, want := range tt.want {
					assert.ErrorIs(t, rec.err, want, name)
				}
				assertNoToken(t, w)
				assert.Equal(t, "no-store", w.Header().Get("Cache-Control"), name)
			}
		})
	}
}

// An http.ErrAbortHandler panic is how a handler aborts a response on
// purpose: the package passes it on instead of turning it into an error.
func TestResolverAbortPanicPassesThrough(t *testing.T) {
	h := newTestHandler(t, IdentityResolverFunc(func(*http.Request) (Identity, error) { panic(http.ErrAbortHandler) }))
	assert.PanicsWithValue(t, http.ErrAbortHandler, func() {
		serve(h, httptest.NewRequest(http.MethodGet, "/sso", nil))
	})
}

// I5–I12: identities that cannot be sent faithfully are refused, never
// rewritten.
func TestIdentityValidation(t *testing.T) {
	// An address of exactly MaxEmailBytes: a 64-byte local part and a
	// 189-byte domain.
	label := strings.Repeat("b", 60) + "."
	longest := strings.Repeat("a", 64) + "@" + label + label + label + "museum"
	require.Len(t, longest, MaxEmailBytes)
	tests := []struct {
		name string
		id   Identity
		want error // nil: accepted
	}{
		{"plain", jo, nil},
		{"unicode name (I12)", Identity{Name: "José 山田", Email: "jose@example.com", EmailVerified: true}, nil},
		{"persian name with ZWNJ", Identity{Name: "می\u200cخواهم", Email: "m@example.com", EmailVerified: true}, nil},
		{"case-sensitive local part kept", Identity{Name: "Jo", Email: "Jo.Smith@Example.COM", EmailVerified: true}, nil},
		{"confusable cyrillic a passes unchanged (I9)", Identity{Name: "Jo", Email: "jо@example.com", EmailVerified: true}, nil},
		{"email at the 254-byte limit", Identity{Name: "Jo", Email: longest, EmailVerified: true}, nil},
		{"internationalised domain", Identity{Name: "Jo", Email: "jo@bücher.example", EmailVerified: true}, nil},
		{"atext specials in the local part", Identity{Name: "Jo", Email: "o'neil+support/x=y@example.com", EmailVerified: true}, nil},
		{"empty email (I5)", Identity{Name: "Jo", Email: "", EmailVerified: true}, ErrInvalidEmail},
		{"display name (I6)", Identity{Name: "Jo", Email: "Mallory <victim@x.com>", EmailVerified: true}, ErrInvalidEmail},
		{"comment (I6)", Identity{Name: "Jo", Email: "victim@x.com (c)", EmailVerified: true}, ErrInvalidEmail},
		{"surrounding spaces (I6)", Identity{Name: "Jo", Email: " a@b.com ", EmailVerified: true}, ErrInvalidEmail},
		{"angle brackets only (I6)", Identity{Name: "Jo", Email: "<a@b.com>", EmailVerified: true}, ErrInvalidEmail},
		{"quoted local part", Identity{Name: "Jo", Email: `"a b"@x.com`, EmailVerified: true}, ErrInvalidEmail},
		{"two addresses", Identity{Name: "Jo", Email: "a@b.com, c@d.com", EmailVerified: true}, ErrInvalidEmail},
		{"no at sign", Identity{Name: "Jo", Email: "jo.example.com", EmailVerified: true}, ErrInvalidEmail},
		{"CR (I7)", Identity{Name: "Jo", Email: "a@b.com\r", EmailVerified: true}, ErrInvalidEmail},
		{"LF (I7)", Identity{Name: "Jo", Email: "a\n@b.com", EmailVerified: true}, ErrInvalidEmail},
		{"NUL (I7)", Identity{Name: "Jo", Email: "a\x00@b.com", EmailVerified: true}, ErrInvalidEmail},
		{"RLO U+202E (I7)", Identity{Name: "Jo", Email: "a\u202e@b.com", EmailVerified: true}, ErrInvalidEmail},
		{"zero-width space", Identity{Name: "Jo", Email: "a\u200b@b.com", EmailVerified: true}, ErrInvalidEmail},
		{"invalid UTF-8 (I7)", Identity{Name: "Jo", Email: "a\xff@b.com", EmailVerified: true}, ErrInvalidEmail},
		{"email over 254 bytes (I8)", Identity{Name: "Jo", Email: "a" + longest, EmailVerified: true}, ErrInvalidEmail},
		{"local part over 64 bytes", Identity{Name: "Jo", Email: strings.Repeat("a", 65) + "@example.com", EmailVerified: true}, ErrInvalidEmail},
		{"domain literal", Identity{Name: "Jo", Email: "jo@[127.0.0.1]", EmailVerified: true}, ErrInvalidEmail},
		{"leading dot", Identity{Name: "Jo", Email: ".jo@example.com", EmailVerified: true}, ErrInvalidEmail},
		{"double dot", Identity{Name: "Jo", Email: "j..o@example.com", EmailVerified: true}, ErrInvalidEmail},
		{"empty domain label", Identity{Name: "Jo", Email: "jo@example..com", EmailVerified: true}, ErrInvalidEmail},
		{"domain with underscore", Identity{Name: "Jo", Email: "jo@ex_ample.com", EmailVerified: true}, ErrInvalidEmail},
		{"two at signs", Identity{Name: "Jo", Email: "jo@evil.com@example.com", EmailVerified: true}, ErrInvalidEmail},
		{"multi-megabyte email (I8)", Identity{Name: "Jo", Email: strings.Repeat("a", 4<<20) + "@b.com", EmailVerified: true}, ErrInvalidEmail},
		{"name over the cap (I8)", Identity{Name: strings.Repeat("n", MaxNameBytes+1), Email: "a@b.com", EmailVerified: true}, ErrInvalidName},
		{"empty name (I11)", Identity{Name: "", Email: "a@b.com", EmailVerified: true}, ErrInvalidName},
		{"blank name (I11)", Identity{Name: " \t ", Email: "a@b.com", EmailVerified: true}, ErrInvalidName},
		{"name with newline (I11)", Identity{Name: "Jo\nBcc: x", Email: "a@b.com", EmailVerified: true}, ErrInvalidName},
		{"name with NUL (I11)", Identity{Name: "Jo\x00", Email: "a@b.com", EmailVerified: true}, ErrInvalidName},
		{"name with DEL (I11)", Identity{Name: "Jo\x7f", Email: "a@b.com", EmailVerified: true}, ErrInvalidName},
		{"name with RLO (I11)", Identity{Name: "Jo\u202eeoJ", Email: "a@b.com", EmailVerified: true}, ErrInvalidName},
		{"name with invalid UTF-8 (I11)", Identity{Name: "Jos\xe9", Email: "a@b.com", EmailVerified: true}, ErrInvalidName},
		{"name with emoji ZWJ sequence", Identity{Name: "Jo 👩\u200d💻", Email: "a@b.com", EmailVerified: true}, nil},
		{"name of a zero-width space only (I11)", Identity{Name: "\u200b", Email: "a@b.com", EmailVerified: true}, ErrInvalidName},
		{"name of a Hangul filler only (I11)", Identity{Name: "\u3164", Email: "a@b.com", EmailVerified: true}, ErrInvalidName},
		{"name of a soft hyphen only (I11)", Identity{Name: "\u00ad", Email: "a@b.com", EmailVerified: true}, ErrInvalidName},
		{"name of a ZWNJ only (I11)", Identity{Name: "\u200c", Email: "a@b.com", EmailVerified: true}, ErrInvalidName},
		{"name with LRM (I11)", Identity{Name: "Jo\u200e", Email: "a@b.com", EmailVerified: true}, ErrInvalidName},
		{"name with Arabic letter mark (I11)", Identity{Name: "Jo\u061c", Email: "a@b.com", EmailVerified: true}, ErrInvalidName},
		{"name with a tag character (I11)", Identity{Name: "Jo\U000E0041", Email: "a@b.com", EmailVerified: true}, ErrInvalidName},
		{"ideographic full stop in the domain (I9)", Identity{Name: "Jo", Email: "a@evil\u3002com", EmailVerified: true}, ErrInvalidEmail},
		{"fullwidth full stop in the domain (I9)", Identity{Name: "Jo", Email: "a@evil\uff0ecom", EmailVerified: true}, ErrInvalidEmail},
		{"halfwidth ideographic full stop (I9)", Identity{Name: "Jo", Email: "a@evil\uff61com", EmailVerified: true}, ErrInvalidEmail},
		{"Hangul filler in the local part (I7)", Identity{Name: "Jo", Email: "a\u3164@b.com", EmailVerified: true}, ErrInvalidEmail},
		{"Hangul choseong filler in the domain (I7)", Identity{Name: "Jo", Email: "a@b\u115f.com", EmailVerified: true}, ErrInvalidEmail},
		{"unverified email (I10)", Identity{Name: "Jo", Email: "a@b.com"}, ErrEmailUnverified},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec := &recordedError{}
			h := newTestHandler(t, &staticResolver{id: tt.id}, WithErrorHandler(rec.handle))
			w := serve(h, httptest.NewRequest(http.MethodGet, "/sso", nil))
			if tt.want == nil {
				require.Equal(t, http.StatusFound, w.Code, "error: %v", rec.err)
				claims := parseWithJWT(t, tokenFromLocation(t, w.Header().Get("Location"), acmeTokenURL), testKey)
				assert.Equal(t, tt.id.Email, claims["email"], "email sent byte for byte")
				assert.Equal(t, tt.id.Name, claims["name"], "name sent byte for byte")
				return
			}
			assert.Equal(t, http.StatusForbidden, w.Code)
			assert.ErrorIs(t, rec.err, tt.want)
			if tt.want != ErrEmailUnverified {
				assert.ErrorIs(t, rec.err, ErrInvalidIdentity)
			}
			assertNoToken(t, w)
			if tt.id.Email != "" {
				assert.NotContains(t, rec.err.Error(), tt.id.Email, "errors never echo the address")
			}
		})
	}
}

func TestUnsafeAllowUnverifiedEmail(t *testing.T) {
	unverified := Identity{Name: "Jo", Email: "jo@example.com"}
	h := newTestHandler(t, &staticResolver{id: unverified}, WithUnsafeAllowUnverifiedEmail())
	w := serve(h, httptest.NewRequest(http.MethodGet, "/sso", nil))
	require.Equal(t, http.StatusFound, w.Code)
	parseWithJWT(t, tokenFromLocation(t, w.Header().Get("Location"), acmeTokenURL), testKey)
}

// I19: concurrent mints under -race give distinct jti values.
func TestConcurrentMintsHaveDistinctJTI(t *testing.T) {
	h, err := New(testKey, &staticResolver{id: jo}, WithAccount("acme"), WithLogger(discardLogger()))
	require.NoError(t, err)
	const workers, each = 16, 200
	locs := make([][]string, workers)
	var wg sync.WaitGroup
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range each {
				loc, err := h.RedirectURL(context.Background(), jo)
				if !assert.NoError(t, err) { // assert, not require: this is not the test's goroutine
					return
				}
				locs[w] = append(locs[w], loc)
			}
		}()
	}
	wg.Wait()
	// The tokens are decoded here, where require may stop the test.
	seen := make(map[string]bool, workers*each)
	for _, ls := range locs {
		for _, loc := range ls {
			var jti string
			tok := decodeToken(t, strings.TrimPrefix(loc, acmeTokenURL))
			require.NoError(t, json.Unmarshal(tok.claims["jti"], &jti))
			assert.False(t, seen[jti], "jti %s minted twice", jti)
			seen[jti] = true
		}
	}
	assert.Len(t, seen, workers*each)
}

// Within one millisecond and with a constant entropy source, the monotonic
// reader still hands out distinct, ordered IDs.
func TestJTIMonotonicWithinMillisecond(t *testing.T) {
	src := newJTISource(&countingEntropy{})
	prev := ""
	for range 100 {
		id, err := src.next(testNow)
		require.NoError(t, err)
		require.Greater(t, id, prev)
		prev = id
	}
}

func TestRedirectURL(t *testing.T) {
	h := newTestHandler(t, &staticResolver{})
	loc, err := h.RedirectURL(context.Background(), jo)
	require.NoError(t, err)
	claims := parseWithJWT(t, tokenFromLocation(t, loc, acmeTokenURL), testKey)
	assert.Equal(t, "jo@example.com", claims["email"])

	_, err = h.RedirectURL(context.Background(), Identity{Name: "Jo", Email: "Mallory <jo@example.com>", EmailVerified: true})
	assert.ErrorIs(t, err, ErrInvalidEmail)

	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	loc, err = h.RedirectURL(ctx, jo)
	assert.ErrorIs(t, err, context.Canceled)
	assert.Empty(t, loc)
}

// RedirectURL never panics on a nil context, logs every token it mints and
// returns (without logging) what it refuses.
func TestRedirectURLNilContextAndLogging(t *testing.T) {
	var buf testutil.SyncBuffer
	h := newTestHandler(t, &staticResolver{}, WithLogger(slog.New(slog.NewTextHandler(&buf, nil))))

	var nilCtx context.Context
	loc, err := h.RedirectURL(nilCtx, jo)
	assert.ErrorIs(t, err, ErrNilContext)
	assert.Empty(t, loc)

	_, err = h.RedirectURL(context.Background(), Identity{Name: "Jo", Email: "jo@example.com"})
	assert.ErrorIs(t, err, ErrEmailUnverified)
	assert.Empty(t, buf.String(), "a refusal is returned, not logged")

	loc, err = h.RedirectURL(context.Background(), jo)
	require.NoError(t, err)
	assert.Contains(t, buf.String(), "token minted")
	assert.NotContains(t, buf.String(), tokenFromLocation(t, loc, acmeTokenURL), "the log never shows the token")
}

// I23: only a GET navigation mints a token.
func TestMethodsAndPrefetch(t *testing.T) {
	tests := []struct {
		name    string
		method  string
		header  map[string]string
		status  int
		resolve bool
	}{
		{"GET", http.MethodGet, nil, http.StatusFound, true},
		{"HEAD resolves but mints nothing", http.MethodHead, nil, http.StatusNoContent, true},
		{"POST", http.MethodPost, nil, http.StatusMethodNotAllowed, false},
		{"PUT", http.MethodPut, nil, http.StatusMethodNotAllowed, false},
		{"OPTIONS", http.MethodOptions, nil, http.StatusMethodNotAllowed, false},
		{"Chrome prefetch", http.MethodGet, map[string]string{"Sec-Purpose": "prefetch"}, http.StatusServiceUnavailable, false},
		{"Chrome prerender", http.MethodGet, map[string]string{"Sec-Purpose": "prefetch;prerender"}, http.StatusServiceUnavailable, false},
		{"legacy Purpose", http.MethodGet, map[string]string{"Purpose": "prefetch"}, http.StatusServiceUnavailable, false},
		{"Firefox X-Moz", http.MethodGet, map[string]string{"X-Moz": "prefetch"}, http.StatusServiceUnavailable, false},
		{"Safari link preview", http.MethodGet, map[string]string{"X-Purpose": "preview"}, http.StatusServiceUnavailable, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for name, build := range map[string]func(*Handler) http.Handler{
				"handler": func(h *Handler) http.Handler { return h },
				"guarded": func(h *Handler) http.Handler { return h.Middleware(h) },
			} {
				res := &staticResolver{id: jo}
				h := newTestHandler(t, res)
				r := httptest.NewRequest(tt.method, "/sso", nil)
				for k, v := range tt.header {
					r.Header.Set(k, v)
				}
				w := serve(build(h), r)
				assert.Equal(t, tt.status, w.Code, name)
				assert.Equal(t, tt.resolve, res.calls.Load() == 1, "%s: resolver called", name)
				if tt.status == http.StatusFound {
					continue
				}
				assertNoToken(t, w)
				if tt.status == http.StatusMethodNotAllowed {
					assert.Equal(t, "GET, HEAD", w.Header().Get("Allow"), name)
				}
			}
		})
	}
}

func TestHandlerNeverShowsKey(t *testing.T) {
	h := newTestHandler(t, &staticResolver{id: jo})
	for _, s := range []string{fmt.Sprint(h), fmt.Sprintf("%+v", h), fmt.Sprintf("%#v", h), h.String()} {
		assert.NotContains(t, s, testKey)
		assert.Contains(t, s, "https://acme.happyfox.com")
	}
	// A Handler value, not a pointer, has no String method: its fields are
	// printed, and the key must not be among what shows.
	keyBytes := fmt.Sprint([]byte(testKey))
	for _, s := range []string{fmt.Sprint(*h), fmt.Sprintf("%+v", *h), fmt.Sprintf("%#v", *h)} {
		assert.NotContains(t, s, testKey)
		assert.NotContains(t, s, keyBytes[1:len(keyBytes)-1])
	}
	var buf strings.Builder
	logger := jsonLogger(&buf)
	logger.Info("config", "handler", h, "value", *h)
	assert.NotContains(t, buf.String(), testKey)
	assert.NotContains(t, buf.String(), keyBytes[1:len(keyBytes)-1])
	assert.Contains(t, buf.String(), "acme.happyfox.com")
}

// assertNoToken checks that a response carries no token anywhere.
func assertNoToken(t *testing.T, w *httptest.ResponseRecorder) {
	t.Helper()
	assert.Empty(t, w.Header().Get("Location"))
	assert.NotContains(t, w.Body.String(), hs256.HeaderSegment)
	for k, vs := range w.Header() {
		for _, v := range vs {
			assert.NotContains(t, v, hs256.HeaderSegment, "header %s", k)
		}
	}
}

func mapKeys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	return out
}

func TestRedirectURLOnlyNeverMintsOnRequests(t *testing.T) {
	h := newTestHandler(t, RedirectURLOnly)
	w := serve(h, httptest.NewRequest(http.MethodGet, "/sso", nil))
	assert.Equal(t, http.StatusUnauthorized, w.Code)
	assertNoToken(t, w)

	loc, err := h.RedirectURL(context.Background(), jo)
	require.NoError(t, err)
	parseWithJWT(t, tokenFromLocation(t, loc, acmeTokenURL), testKey)
}
