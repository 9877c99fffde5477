// Package demotest drives an example's router through the demo flow with
// net/http/httptest and checks every answer, including the token itself,
// so that the four examples are tested alike. It is for tests only.
package demotest

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/supportsso/jwtsso"
	"github.com/supportsso/jwtsso/examples/internal/demo"
	"github.com/supportsso/jwtsso/internal/hostapp"
)

const (
	// Key is the fixed signing key of the tests: 32 alphanumeric
	// characters, like a key that HappyFox shows.
	Key = "t3StK3yQw8Zp2Lm9TnR4vXc7BsD1fGj6"
	// Account is the HappyFox account of the tests.
	Account = "acme"
	// TokenPrefix is where the tests expect tokens to be sent.
	TokenPrefix = "https://" + Account + ".happyfox.com/jwt/?token="
)

// Config returns the configuration the tests build routers with.
func Config() demo.Config { return demo.Config{Key: Key, Account: Account} }

// Request is one request to send to a router.
type Request struct {
	Method, Target string
	// Session, when set, is sent as the session cookie (see [SignIn]).
	Session *http.Cookie
	// Form, when set, is sent as a urlencoded body.
	Form url.Values
}

// Response is what the router answered, with its body read.
type Response struct {
	*http.Response
	Body string
}

// Do sends req to h and returns the response.
func Do(t *testing.T, h http.Handler, req Request) Response {
	t.Helper()
	var body io.Reader
	if req.Form != nil {
		body = strings.NewReader(req.Form.Encode())
	}
	r := httptest.NewRequest(req.Method, req.Target, body)
	if req.Form != nil {
		r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	if req.Session != nil {
		r.AddCookie(&http.Cookie{Name: req.Session.Name, Value: req.Session.Value})
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, r)
	res := rec.Result()
	b, err := io.ReadAll(res.Body)
	require.NoError(t, err)
	return Response{Response: res, Body: string(b)}
}

// SignIn signs in to h's host application as the demo user with the given
// email and returns the session cookie.
func SignIn(t *testing.T, h http.Handler, email string) *http.Cookie {
	t.Helper()
	res := Do(t, h, Request{Method: http.MethodPost, Target: "/signin", Form: url.Values{"email": {email}}})
	require.Equal(t, http.StatusSeeOther, res.StatusCode, "sign in as %s", email)
	c := cookie(res, hostapp.SessionCookie)
	require.NotNil(t, c, "a session cookie")
	return c
}

// RequireToken checks that res redirects to the support centre with a
// valid token for want, and returns the token's claims.
func RequireToken(t *testing.T, res Response, want jwtsso.Identity) jwt.MapClaims {
	t.Helper()
	require.Equal(t, http.StatusFound, res.StatusCode)
	assert.Equal(t, "no-store", res.Header.Get("Cache-Control"))
	loc := res.Header.Get("Location")
	require.True(t, strings.HasPrefix(loc, TokenPrefix), "Location does not start with %s", TokenPrefix)
	u, err := url.Parse(loc)
	require.NoError(t, err)
	require.Equal(t, []string{"token"}, keys(u.Query()), "the only query parameter is token")
	raw := u.Query().Get("token")

	claims := jwt.MapClaims{}
	tok, err := jwt.ParseWithClaims(raw, claims,
		func(*jwt.Token) (any, error) { return []byte(Key), nil },
		jwt.WithValidMethods([]string{"HS256"}), jwt.WithIssuedAt(), jwt.WithJSONNumber())
	require.NoError(t, err)
	assert.Equal(t, map[string]any{"alg": "HS256", "typ": "JWT"}, tok.Header)

	assert.ElementsMatch(t, []string{"iat", "jti", "name", "email"}, keys(claims))
	assert.Equal(t, want.Name, claims["name"])
	assert.Equal(t, want.Email, claims["email"])
	assert.NotEmpty(t, claims["jti"])
	iat, ok := claims["iat"].(json.Number)
	require.True(t, ok, "iat is a number")
	secs, err := iat.Int64()
	require.NoError(t, err, "iat is whole seconds")
	assert.WithinDuration(t, time.Now(), time.Unix(secs, 0), 5*time.Second)
	return claims
}

// AssertNoToken checks that no header and not the body of res carries a
// token or a link to the support centre's token endpoint.
func AssertNoToken(t *testing.T, res Response) {
	t.Helper()
	for name, vals := range res.Header {
		for _, v := range vals {
			assert.NotContains(t, v, "token=", "header %s", name)
			assert.NotContains(t, v, "eyJ", "header %s", name) // a JWT's base64url header
		}
	}
	assert.NotContains(t, res.Body, "token=")
	assert.NotContains(t, res.Body, "eyJ")
}

// Router builds a router with build and [Config], failing t on an error.
func Router(t *testing.T, build demo.BuildFunc) http.Handler {
	t.Helper()
	h, err := build(Config())
	require.NoError(t, err)
	require.NotNil(t, h)
	return h
}

// Run builds a router with build and drives it through the demo flow that
// every example shares: sign-in to the support centre with and without a
// session, the Remote Logout URL, the session cookie, the sign-in page and
// the start page. It
// also checks that build refuses a bad configuration. What differs between
// routers (a method the route does not accept, for one) each example tests
// itself.
func Run(t *testing.T, build demo.BuildFunc) {
	t.Run("bad config", func(t *testing.T) { badConfig(t, build) })
	h := Router(t, build)
	t.Run("signed in", func(t *testing.T) { signedIn(t, h) })
	t.Run("anonymous", func(t *testing.T) { anonymous(t, h) })
	t.Run("logout", func(t *testing.T) { logout(t, h) })
	t.Run("session cookie", func(t *testing.T) { sessionCookie(t, h) })
	t.Run("sign-in form", func(t *testing.T) { signinForm(t, h) })
	t.Run("sign in", func(t *testing.T) { signin(t, h) })
	t.Run("home", func(t *testing.T) { home(t, h) })
}

func badConfig(t *testing.T, build demo.BuildFunc) {
	tests := []struct {
		name string
		cfg  demo.Config
		want error
	}{
		{"short key", demo.Config{Key: "k3Yh8QwZp2", Account: Account}, jwtsso.ErrInvalidKey},
		{"padded key", demo.Config{Key: Key + "\n", Account: Account}, jwtsso.ErrInvalidKey},
		{"account with a dot", demo.Config{Key: Key, Account: "evil.com/x"}, jwtsso.ErrInvalidAccount},
		{"http support URL", demo.Config{Key: Key, SupportURL: "http://support.example.com"}, jwtsso.ErrInvalidSupportURL},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h, err := build(tt.cfg)
			assert.Nil(t, h)
			require.ErrorIs(t, err, jwtsso.ErrInvalidConfig)
			require.ErrorIs(t, err, tt.want)
			assert.NotContains(t, err.Error(), Key)
		})
	}
}

func signedIn(t *testing.T, h http.Handler) {
	seen := map[any]bool{}
	for _, want := range demo.Users {
		t.Run(want.Email, func(t *testing.T) {
			s := SignIn(t, h, want.Email)
			res := Do(t, h, Request{Method: http.MethodGet, Target: "/sso/happyfox", Session: s})
			claims := RequireToken(t, res, want)
			assert.False(t, seen[claims["jti"]], "jti reused")
			seen[claims["jti"]] = true
		})
	}
}

func anonymous(t *testing.T, h http.Handler) {
	forged := func(v string) *http.Cookie { return &http.Cookie{Name: hostapp.SessionCookie, Value: v} }
	for name, s := range map[string]*http.Cookie{
		"no cookie":          nil,
		"unknown session":    forged("mallory"),
		"a user's ID":        forged("ada"),
		"a user's address":   forged("ada@example.com"),
		"empty session name": forged(""),
	} {
		t.Run(name, func(t *testing.T) {
			res := Do(t, h, Request{Method: http.MethodGet, Target: "/sso/happyfox", Session: s})
			assert.Equal(t, http.StatusFound, res.StatusCode)
			assert.Equal(t, "/signin?return_to=%2Fsso%2Fhappyfox", res.Header.Get("Location"))
			assert.Equal(t, "no-store", res.Header.Get("Cache-Control"))
			AssertNoToken(t, res)
		})
	}
}

func logout(t *testing.T, h http.Handler) {
	s := SignIn(t, h, "ada@example.com")
	res := Do(t, h, Request{Method: http.MethodGet, Target: "/sso/logout", Session: s})
	assert.Equal(t, http.StatusSeeOther, res.StatusCode)
	assert.Equal(t, hostapp.SupportLogoutLanding, res.Header.Get("Location"))
	c := cookie(res, hostapp.SessionCookie)
	require.NotNil(t, c, "the session cookie is cleared")
	assert.Empty(t, c.Value)
	assert.Equal(t, "/", c.Path)
	assert.Negative(t, c.MaxAge, "Max-Age=0 deletes the cookie")

	// The session has ended on the server too: its old cookie, kept by a
	// browser that ignored the deletion or copied by someone else, names
	// nobody.
	res = Do(t, h, Request{Method: http.MethodGet, Target: "/sso/happyfox", Session: s})
	assert.Equal(t, "/signin?return_to=%2Fsso%2Fhappyfox", res.Header.Get("Location"))
	AssertNoToken(t, res)
}

// sessionCookie checks that the session cookie holds a random session ID,
// never the user's ID or address, which anybody could forge.
func sessionCookie(t *testing.T, h http.Handler) {
	a, b := SignIn(t, h, "ada@example.com"), SignIn(t, h, "ada@example.com")
	assert.NotEqual(t, a.Value, b.Value, "each sign-in gets a new session ID")
	for _, c := range []*http.Cookie{a, b} {
		assert.GreaterOrEqual(t, len(c.Value), 22, "at least 128 bits")
		assert.NotContains(t, c.Value, "ada")
		assert.True(t, c.HttpOnly)
		assert.Equal(t, http.SameSiteLaxMode, c.SameSite)
	}
}

func signinForm(t *testing.T, h http.Handler) {
	tests := []struct{ name, returnTo, want string }{
		{"local path", "/sso/happyfox", `name="return_to" value="/sso/happyfox"`},
		{"off-site", "//evil.com", `name="return_to" value=""`},
		{"markup refused", `/"><script>`, `name="return_to" value=""`},
		{"query, escaped", `/tickets?a=1&b='x'`, `name="return_to" value="/tickets?a=1&amp;b=&#39;x&#39;"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			target := "/signin?" + url.Values{hostapp.ReturnParam: {tt.returnTo}}.Encode()
			res := Do(t, h, Request{Method: http.MethodGet, Target: target})
			assert.Equal(t, http.StatusOK, res.StatusCode)
			assert.Contains(t, res.Body, tt.want)
			assert.NotContains(t, res.Body, "evil.com")
			assert.NotContains(t, res.Body, "<script>")
		})
	}
}

func signin(t *testing.T, h http.Handler) {
	tests := []struct{ name, returnTo, want string }{
		{"back to sso", "/sso/happyfox", "/sso/happyfox"},
		{"scheme-relative", "//evil.com", "/"},
		{"absolute", "https://evil.com/", "/"},
		{"backslash", `/\evil.com`, "/"},
		{"none", "", "/"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			form := url.Values{"email": {"ada@example.com"}, hostapp.ReturnParam: {tt.returnTo}}
			res := Do(t, h, Request{Method: http.MethodPost, Target: "/signin", Form: form})
			assert.Equal(t, http.StatusSeeOther, res.StatusCode)
			assert.Equal(t, tt.want, res.Header.Get("Location"))
			require.NotNil(t, cookie(res, hostapp.SessionCookie))
		})
	}
	t.Run("unknown user", func(t *testing.T) {
		form := url.Values{"name": {"Mallory"}, "email": {"mallory@example.com"}, hostapp.ReturnParam: {"/sso/happyfox"}}
		res := Do(t, h, Request{Method: http.MethodPost, Target: "/signin", Form: form})
		assert.Equal(t, http.StatusUnauthorized, res.StatusCode)
		assert.Nil(t, cookie(res, hostapp.SessionCookie))
		assert.Contains(t, res.Body, `value="/sso/happyfox"`)
	})
}

func home(t *testing.T, h http.Handler) {
	res := Do(t, h, Request{Method: http.MethodGet, Target: "/", Session: SignIn(t, h, "ada@example.com")})
	assert.Equal(t, http.StatusOK, res.StatusCode)
	assert.Contains(t, res.Body, "Ada Lovelace")
	res = Do(t, h, Request{Method: http.MethodGet, Target: "/"})
	assert.Equal(t, http.StatusOK, res.StatusCode)
	assert.Contains(t, res.Body, "Not signed in")
}

// cookie returns the cookie that res sets with the given name, or nil.
func cookie(res Response, name string) *http.Cookie {
	for _, c := range res.Cookies() {
		if c.Name == name {
			return c
		}
	}
	return nil
}

func keys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	return out
}

// OtherMethods sends methods other than GET to the Remote Login URL and
// checks that the router answers headStatus to HEAD (a router that registers
// GET alone may answer 405 itself; the standard ServeMux passes HEAD on, and
// jwtsso answers 204) and 405 to the rest, and never with a token.
func OtherMethods(t *testing.T, build demo.BuildFunc, headStatus int) {
	h := Router(t, build)
	for method, want := range map[string]int{
		http.MethodPost:   http.StatusMethodNotAllowed,
		http.MethodPut:    http.StatusMethodNotAllowed,
		http.MethodDelete: http.StatusMethodNotAllowed,
		http.MethodHead:   headStatus,
	} {
		t.Run(method, func(t *testing.T) {
			res := Do(t, h, Request{Method: method, Target: "/sso/happyfox", Session: SignIn(t, h, "ada@example.com")})
			assert.Equal(t, want, res.StatusCode)
			AssertNoToken(t, res)
		})
	}
}
