package hostapp

import (
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/supportsso/jwtsso"
	"github.com/supportsso/jwtsso/internal/httpsite"
)

// router mounts app as the package documentation shows, without jwtsso's
// handlers, which these tests do not need.
func router(app *App) http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET "+SigninPath, app.SigninForm)
	mux.HandleFunc("POST "+SigninPath, app.Signin)
	mux.HandleFunc("POST "+SignoutPath, app.Signout)
	mux.HandleFunc("GET /{$}", app.Home)
	mux.HandleFunc("GET /whoami", func(w http.ResponseWriter, r *http.Request) {
		id, err := app.ResolveIdentity(r)
		if err != nil {
			http.Error(w, err.Error(), http.StatusUnauthorized)
			return
		}
		fmt.Fprint(w, id.Email)
	})
	return mux
}

type response struct {
	*http.Response
	body string
}

func do(t *testing.T, h http.Handler, method, target string, form url.Values, cookies ...*http.Cookie) response {
	t.Helper()
	var body io.Reader
	if form != nil {
		body = strings.NewReader(form.Encode())
	}
	r := httptest.NewRequest(method, target, body)
	if form != nil {
		r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	for _, c := range cookies {
		r.AddCookie(c)
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, r)
	return response{rec.Result(), rec.Body.String()}
}

func sessionOf(res response) *http.Cookie {
	for _, c := range res.Cookies() {
		if c.Name == SessionCookie {
			return c
		}
	}
	return nil
}

func signin(t *testing.T, h http.Handler, name, email string) *http.Cookie {
	t.Helper()
	res := do(t, h, http.MethodPost, SigninPath, url.Values{"name": {name}, "email": {email}})
	require.Equal(t, http.StatusSeeOther, res.StatusCode)
	c := sessionOf(res)
	require.NotNil(t, c)
	return c
}

// assertPage checks what every page of the app shares: the headers of an
// uncacheable page and the style sheet shared with the support centre.
func assertPage(t *testing.T, res response) {
	t.Helper()
	assert.Equal(t, "text/html; charset=utf-8", res.Header.Get("Content-Type"))
	assert.Equal(t, "no-store", res.Header.Get("Cache-Control"))
	assert.Equal(t, "nosniff", res.Header.Get("X-Content-Type-Options"))
	assert.Equal(t, httpsite.ContentSecurityPolicy, res.Header.Get("Content-Security-Policy"))
	assert.Contains(t, res.body, httpsite.Style)
	assert.Contains(t, res.body, `<header class="host"><b>Demo host app</b>`)
}

func TestPages(t *testing.T) {
	h := router(New(Config{SupportLink: "http://localhost:8081/login"}))
	ada := signin(t, h, "Ada Lovelace", "ada@example.com")
	tests := []struct {
		name, method, target string
		form                 url.Values
		session              *http.Cookie
		status               int
		want, notWant        []string
	}{
		{"home, anonymous", "GET", "/", nil, nil, 200,
			[]string{"Not signed in.", `href="/signin"`, `<a class="button" href="http://localhost:8081/login">Support</a>`},
			[]string{`class="notice"`, "Sign out"}},
		{"home, signed in", "GET", "/", nil, ada, 200,
			[]string{"Hello, Ada Lovelace", "Signed in as <b>Ada Lovelace</b> (ada@example.com).", `action="/signout"`},
			[]string{"Not signed in."}},
		{"back from the support centre's logout", "GET", SupportLogoutLanding, nil, nil, 200,
			[]string{"You signed out of the support centre, so you are signed out here too.", "Not signed in."}, nil},
		{"back from signing out here", "GET", "/?signed_out=here", nil, nil, 200,
			[]string{`<p class="notice" role="status">You signed out.</p>`}, []string{"support centre, so"}},
		{"an unknown reason is not shown", "GET", "/?signed_out=%3Cb%3Epwned", nil, nil, 200,
			nil, []string{`class="notice"`, "pwned"}},
		{"sign-in on the way to the support centre", "GET", SigninPath + "?return_to=%2Fsso%2Fhappyfox", nil, nil, 200,
			[]string{"Sign in to continue to the support centre", "Sign in and continue", `value="/sso/happyfox"`, "Any name and email will do"}, nil},
		{"sign-in from the start page", "GET", SigninPath, nil, nil, 200,
			[]string{"<h1>Sign in</h1>", "<button>Sign in</button>"}, []string{"continue to the support centre"}},
		{"sign-in with an empty name", "POST", SigninPath, url.Values{"email": {"a@b.c"}, "return_to": {SSOPath}}, nil, 400,
			[]string{`<p class="alert" role="alert">Type a name and an email address.</p>`, "Sign in to continue to the support centre"}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var cookies []*http.Cookie
			if tt.session != nil {
				cookies = append(cookies, tt.session)
			}
			res := do(t, h, tt.method, tt.target, tt.form, cookies...)
			assert.Equal(t, tt.status, res.StatusCode)
			assertPage(t, res)
			for _, s := range tt.want {
				assert.Contains(t, res.body, s)
			}
			for _, s := range tt.notWant {
				assert.NotContains(t, res.body, s)
			}
		})
	}
}

func TestSignout(t *testing.T) {
	h := router(New(Config{}))
	s := signin(t, h, "Ada", "ada@example.com")
	res := do(t, h, http.MethodPost, SignoutPath, nil, s)
	assert.Equal(t, http.StatusSeeOther, res.StatusCode)
	assert.Equal(t, "/?signed_out=here", res.Header.Get("Location"))
	require.NotNil(t, sessionOf(res))
	assert.Negative(t, sessionOf(res).MaxAge)
	res = do(t, h, http.MethodGet, "/whoami", nil, s)
	assert.Equal(t, http.StatusUnauthorized, res.StatusCode, "the session has ended on the server")
}

func TestListedUsers(t *testing.T) {
	h := router(New(Config{Users: []jwtsso.Identity{{Name: "José Núñez", Email: "jose@example.com"}}}))
	res := do(t, h, http.MethodGet, SigninPath, nil)
	assertPage(t, res)
	assert.Contains(t, res.body, `<option value="jose@example.com">José Núñez &lt;jose@example.com&gt;</option>`)
	assert.NotContains(t, res.body, "Any name and email")

	res = do(t, h, http.MethodPost, SigninPath, url.Values{"name": {"Mallory"}, "email": {"mallory@example.com"}})
	assert.Equal(t, http.StatusUnauthorized, res.StatusCode)
	assert.Nil(t, sessionOf(res))

	s := signin(t, h, "ignored", "jose@example.com")
	res = do(t, h, http.MethodGet, "/whoami", nil, s)
	assert.Equal(t, "jose@example.com", res.body)
}

func TestSSOError(t *testing.T) {
	app := New(Config{})
	tests := []struct {
		name   string
		err    error
		status int
		want   string
	}{
		{"invalid identity", fmt.Errorf("%w: email is not a bare address", jwtsso.ErrInvalidIdentity), http.StatusForbidden, "The support centre cannot sign you in"},
		{"anything else", errors.New("boom"), http.StatusInternalServerError, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec := httptest.NewRecorder()
			app.SSOError(rec, httptest.NewRequest(http.MethodGet, SSOPath, nil), tt.err)
			assert.Equal(t, tt.status, rec.Code)
			assert.Equal(t, "no-store", rec.Header().Get("Cache-Control"))
			assert.Contains(t, rec.Body.String(), tt.want)
		})
	}
}
