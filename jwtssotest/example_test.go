package jwtssotest_test

import (
	"context"
	"fmt"
	"html"
	"io"
	"log"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"strings"
	"time"

	"github.com/supportsso/jwtsso"
	"github.com/supportsso/jwtsso/jwtssotest"
)

// exampleKey stands for the key HappyFox shows under Apps » Goodies » JSON
// Web Token (JWT); a real one never appears in source code.
const exampleKey = "Zq7Lp2Xw9Rt4Mv8Kc3Nb6Hd1Fy5Gs0Je"

// heading returns the text of a page's <h1>, or its status line when it
// has none.
func heading(res *http.Response) string {
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	s := string(b)
	i, j := strings.Index(s, "<h1>"), strings.Index(s, "</h1>")
	if i < 0 || j < i {
		return strings.TrimSpace(s)
	}
	return html.UnescapeString(s[i+len("<h1>") : j])
}

// A host application's handler mints a token for the fake support centre,
// whose browser session then names the contact; the same URL a second time
// is a replay.
func ExampleNewServer() {
	clock := jwtssotest.NewClock(time.Date(2024, 6, 7, 6, 7, 37, 0, time.UTC))
	support, err := jwtssotest.NewServer(exampleKey, jwtssotest.WithClock(clock.Now))
	if err != nil {
		log.Fatal(err)
	}
	defer support.Close()

	// The host application's side, pointed at the fake.
	sso, err := jwtsso.New(exampleKey, jwtsso.RedirectURLOnly,
		jwtsso.WithSupportURL(support.URL),
		jwtsso.WithClock(clock.Now),
		jwtsso.WithLogger(slog.New(slog.DiscardHandler)))
	if err != nil {
		log.Fatal(err)
	}
	loc, err := sso.RedirectURL(context.Background(),
		jwtsso.Identity{Name: "Jo Example", Email: "jo@example.com", EmailVerified: true})
	if err != nil {
		log.Fatal(err)
	}

	jar, _ := cookiejar.New(nil)
	browser := &http.Client{Jar: jar}
	res, err := browser.Get(loc)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(res.StatusCode, res.Request.URL.Path, heading(res))
	for _, l := range support.Logins() {
		fmt.Println("login:", l.Claims.Name, l.Claims.Email, l.At.Format(time.RFC3339))
	}

	res, err = browser.Get(loc)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(res.StatusCode, heading(res))
	// Output:
	// 200 / Welcome, Jo Example
	// login: Jo Example jo@example.com 2024-06-07T06:07:37Z
	// 403 Remote token has already been used
}

// Moving a Clock lets a token expire without waiting: the support centre
// then answers with HappyFox's own words.
func ExampleClock() {
	clock := jwtssotest.NewClock(time.Date(2024, 6, 7, 6, 7, 37, 0, time.UTC))
	support, err := jwtssotest.NewServer(exampleKey, jwtssotest.WithClock(clock.Now))
	if err != nil {
		log.Fatal(err)
	}
	defer support.Close()
	sso, err := jwtsso.New(exampleKey, jwtsso.RedirectURLOnly,
		jwtsso.WithSupportURL(support.URL), jwtsso.WithClock(clock.Now),
		jwtsso.WithLogger(slog.New(slog.DiscardHandler)))
	if err != nil {
		log.Fatal(err)
	}
	loc, err := sso.RedirectURL(context.Background(),
		jwtsso.Identity{Name: "Jo Example", Email: "jo@example.com", EmailVerified: true})
	if err != nil {
		log.Fatal(err)
	}

	clock.Advance(2*time.Minute + 5*time.Second) // the window plus the leeway
	res, err := http.Get(loc)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(res.StatusCode, heading(res))
	fmt.Println(len(support.Logins()), "logins")
	// Output:
	// 403 Remote token has expired
	// 0 logins
}

// The whole flow through a host application: the support centre's Login
// link, the host's guard and sign-in, the token, the support centre's
// welcome, and logout back to the host's Remote Logout URL.
func Example_hostApplication() {
	// The host application: a sign-in that asks nothing and signs in Jo,
	// the guarded Remote Login URL and the Remote Logout URL.
	mux := http.NewServeMux()
	host := httptest.NewServer(mux)
	defer host.Close()
	resolve := func(r *http.Request) (jwtsso.Identity, error) {
		if _, err := r.Cookie("host_session"); err != nil {
			return jwtsso.Identity{}, jwtsso.ErrNoIdentity
		}
		return jwtsso.Identity{Name: "Jo Example", Email: "jo@example.com", EmailVerified: true}, nil
	}
	mux.HandleFunc("GET /signin", func(w http.ResponseWriter, r *http.Request) {
		http.SetCookie(w, &http.Cookie{Name: "host_session", Value: "jo", Path: "/", HttpOnly: true, SameSite: http.SameSiteLaxMode})
		back, ok := jwtsso.SafeReturnPath(r.URL.Query().Get("return_to"))
		if !ok {
			back = "/"
		}
		http.Redirect(w, r, back, http.StatusSeeOther)
	})
	mux.HandleFunc("GET /bye", func(w http.ResponseWriter, _ *http.Request) { fmt.Fprint(w, "<h1>Signed out</h1>") })

	support, err := jwtssotest.NewServer(exampleKey,
		jwtssotest.WithRemoteLoginURL(host.URL+"/sso/happyfox"),
		jwtssotest.WithRemoteLogoutURL(host.URL+"/sso/logout"))
	if err != nil {
		log.Fatal(err)
	}
	defer support.Close()

	sso, err := jwtsso.New(exampleKey, jwtsso.IdentityResolverFunc(resolve),
		jwtsso.WithSupportURL(support.URL),
		jwtsso.WithLoginURL("/signin", "return_to"),
		jwtsso.WithLogout("/bye", nil),
		jwtsso.WithLogger(slog.New(slog.DiscardHandler)))
	if err != nil {
		log.Fatal(err)
	}
	mux.Handle("GET /sso/happyfox", sso.Middleware(sso))
	mux.HandleFunc("/sso/logout", sso.ServeLogout)

	// A browser with a cookie jar that prints where it is sent.
	jar, _ := cookiejar.New(nil)
	browser := &http.Client{Jar: jar, CheckRedirect: func(r *http.Request, _ []*http.Request) error {
		fmt.Println("  ->", r.URL.Path)
		return nil
	}}
	for _, path := range []string{"/login", "/logout"} {
		fmt.Println("support centre", path)
		res, err := browser.Get(support.URL + path)
		if err != nil {
			log.Fatal(err)
		}
		fmt.Println(res.StatusCode, heading(res))
	}
	// Output:
	// support centre /login
	//   -> /sso/happyfox
	//   -> /signin
	//   -> /sso/happyfox
	//   -> /jwt/
	//   -> /
	// 200 Welcome, Jo Example
	// support centre /logout
	//   -> /sso/logout
	//   -> /bye
	// 200 Signed out
}

// A Handler mounts the fake support centre in a server of your own.
func ExampleNewHandler() {
	h, err := jwtssotest.NewHandler(exampleKey)
	if err != nil {
		log.Fatal(err)
	}
	srv := httptest.NewServer(h)
	defer srv.Close()

	res, err := http.Get(srv.URL + "/jwt/?token=not-a-token")
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(res.StatusCode, heading(res))
	// Output:
	// 400 Remote token is malformed
}
