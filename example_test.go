package jwtsso_test

import (
	"context"
	"encoding/base64"
	"fmt"
	"log"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"time"

	"github.com/justinas/alice"
	"github.com/supportsso/jwtsso"
)

// demoKey stands in for the key HappyFox shows under Apps » Goodies »
// JSON Web Token (JWT). Real code reads it from a secret store or the environment.
const demoKey = "k9Qz3VfT8mWc2LxR7pHs4NdY6bJa1GuE"

// demoUsers is the host application's user table, keyed by session cookie.
var demoUsers = map[string]jwtsso.Identity{
	"s3ss10n": {Name: "Jo Example", Email: "jo@example.com", EmailVerified: true},
}

// resolveDemoUser is the host application's IdentityResolver: it reads the
// session cookie and says who is signed in.
func resolveDemoUser(r *http.Request) (jwtsso.Identity, error) {
	c, err := r.Cookie("session")
	if err != nil {
		return jwtsso.Identity{}, jwtsso.ErrNoIdentity
	}
	id, ok := demoUsers[c.Value]
	if !ok {
		return jwtsso.Identity{}, jwtsso.ErrNoIdentity
	}
	return id, nil
}

// Fixed clock and entropy make the examples' tokens reproducible; real code
// leaves both at their defaults (time.Now and crypto/rand).
var (
	exampleClock = jwtsso.WithClock(func() time.Time { return time.Unix(1717740457, 0) })
	quietLog     = jwtsso.WithLogger(slog.New(slog.DiscardHandler))
)

type zeros struct{}

func (zeros) Read(p []byte) (int, error) { clear(p); return len(p), nil }

// payload decodes the claims segment of the token in a redirect URL.
func payload(location string) string {
	token := location[strings.Index(location, "token=")+len("token="):]
	b, err := base64.RawURLEncoding.DecodeString(strings.Split(token, ".")[1])
	if err != nil {
		return err.Error()
	}
	return string(b)
}

func ExampleNew() {
	sso, err := jwtsso.New(demoKey, jwtsso.IdentityResolverFunc(resolveDemoUser),
		jwtsso.WithAccount("acme"),
		exampleClock, jwtsso.WithEntropy(zeros{}), quietLog,
	)
	if err != nil {
		log.Fatal(err)
	}

	r := httptest.NewRequest(http.MethodGet, "/sso/happyfox", nil)
	r.AddCookie(&http.Cookie{Name: "session", Value: "s3ss10n"})
	w := httptest.NewRecorder()
	sso.ServeHTTP(w, r)

	loc := w.Header().Get("Location")
	fmt.Println(w.Code, w.Header().Get("Cache-Control"))
	fmt.Println(loc[:strings.Index(loc, "=")+1])
	fmt.Println(payload(loc))
	// Output:
	// 302 no-store
	// https://acme.happyfox.com/jwt/?token=
	// {"iat":1717740457,"jti":"01HZRMYK180000000000000000","name":"Jo Example","email":"jo@example.com"}
}

func ExampleNew_badConfig() {
	_, err := jwtsso.New(demoKey+"\n", jwtsso.IdentityResolverFunc(resolveDemoUser), jwtsso.WithAccount("acme"))
	fmt.Println(err)
	_, err = jwtsso.New(demoKey, jwtsso.IdentityResolverFunc(resolveDemoUser), jwtsso.WithAccount("evil.com#"))
	fmt.Println(err)
	// Output:
	// jwtsso: invalid configuration: invalid key: key has leading or trailing whitespace or a newline (was it read from a file or environment variable without trimming?)
	// jwtsso: invalid configuration: invalid account name: account must be a single DNS label (letters, digits and inner hyphens, at most 63), as in <account>.happyfox.com
}

func ExampleHandler_Middleware() {
	sso, err := jwtsso.New(demoKey, jwtsso.IdentityResolverFunc(resolveDemoUser),
		jwtsso.WithAccount("acme"),
		jwtsso.WithLoginURL("/login", "return_to"),
		exampleClock, quietLog,
	)
	if err != nil {
		log.Fatal(err)
	}
	mux := http.NewServeMux()
	mux.Handle("GET /sso/happyfox", alice.New(sso.Middleware).Then(sso))
	mux.HandleFunc("GET /sso/logout", sso.ServeLogout)

	// Nobody signed in: off to the host's own sign-in page, and back after.
	w := httptest.NewRecorder()
	mux.ServeHTTP(w, httptest.NewRequest(http.MethodGet, "/sso/happyfox", nil))
	fmt.Println(w.Code, w.Header().Get("Location"))

	// Signed in: off to the support centre with a token.
	r := httptest.NewRequest(http.MethodGet, "/sso/happyfox", nil)
	r.AddCookie(&http.Cookie{Name: "session", Value: "s3ss10n"})
	w = httptest.NewRecorder()
	mux.ServeHTTP(w, r)
	fmt.Println(w.Code, strings.HasPrefix(w.Header().Get("Location"), "https://acme.happyfox.com/jwt/?token="))
	// Output:
	// 302 /login?return_to=%2Fsso%2Fhappyfox
	// 302 true
}

func ExampleHandler_RedirectURL() {
	sso, err := jwtsso.New(demoKey, jwtsso.IdentityResolverFunc(resolveDemoUser),
		jwtsso.WithSupportURL("https://support.example.com"),
		exampleClock, jwtsso.WithEntropy(zeros{}), quietLog,
	)
	if err != nil {
		log.Fatal(err)
	}
	loc, err := sso.RedirectURL(context.Background(), jwtsso.Identity{Name: "José 山田", Email: "jose@example.com", EmailVerified: true})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(loc[:strings.Index(loc, "=")+1])
	fmt.Println(payload(loc))

	_, err = sso.RedirectURL(context.Background(), jwtsso.Identity{Name: "Mallory", Email: "Mallory <jose@example.com>", EmailVerified: true})
	fmt.Println(err)
	// Output:
	// https://support.example.com/jwt/?token=
	// {"iat":1717740457,"jti":"01HZRMYK180000000000000000","name":"José 山田","email":"jose@example.com"}
	// jwtsso: invalid identity: invalid email: not a bare address (display name, comment, quoting or space)
}

func ExampleSafeReturnPath() {
	for _, raw := range []string{
		"/sso/happyfox?x=1", "//evil.com", "/%09/evil.com", "https://evil.com/", "/a/../..//evil.com", "/sso/..%2F..%2F%2Fevil.com",
	} {
		p, ok := jwtsso.SafeReturnPath(raw)
		fmt.Printf("%q %v\n", p, ok)
	}
	// Output:
	// "/sso/happyfox?x=1" true
	// "" false
	// "" false
	// "" false
	// "" false
	// "" false
}
