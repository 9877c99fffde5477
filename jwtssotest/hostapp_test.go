package jwtssotest_test

import (
	"crypto/rand"
	"html/template"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"

	"github.com/stretchr/testify/require"
	"github.com/supportsso/jwtsso"
	"github.com/supportsso/jwtsso/jwtssotest"
)

// hostCookie is the host application's session cookie. Its name differs
// from the support centre's: both servers run on 127.0.0.1, and cookies do
// not tell ports apart.
const hostCookie = "host_session"

// hostApp is a tiny host application: a sign-in form that takes any name
// and email, a session cookie, the guarded Remote Login URL and the Remote
// Logout URL, served on its own loopback port.
type hostApp struct {
	URL string

	mu    sync.Mutex
	users map[string]jwtsso.Identity // by session ID
}

// startFlow starts a fake support centre and a host application that point
// at each other, both on clock, with the host signing with hostKey.
func startFlow(t *testing.T, clock *jwtssotest.Clock, hostKey string) (*jwtssotest.Server, *hostApp) {
	t.Helper()
	mux := http.NewServeMux()
	hs := httptest.NewServer(mux)
	t.Cleanup(hs.Close)
	app := &hostApp{URL: hs.URL, users: map[string]jwtsso.Identity{}}

	support := newServer(t, clock,
		jwtssotest.WithRemoteLoginURL(hs.URL+"/sso/happyfox"),
		jwtssotest.WithRemoteLogoutURL(hs.URL+"/sso/logout"))

	sso, err := jwtsso.New(hostKey, jwtsso.IdentityResolverFunc(app.resolve),
		jwtsso.WithSupportURL(support.URL),
		jwtsso.WithLoginURL("/signin", "return_to"),
		jwtsso.WithLogout("/signed-out", app.endSession),
		jwtsso.WithClock(clock.Now),
		jwtsso.WithLogger(quiet))
	require.NoError(t, err)
	mux.Handle("GET /sso/happyfox", sso.Middleware(sso))
	mux.HandleFunc("/sso/logout", sso.ServeLogout)
	mux.HandleFunc("GET /signin", app.signinForm)
	mux.HandleFunc("POST /signin", app.signin)
	mux.HandleFunc("GET /signed-out", func(w http.ResponseWriter, _ *http.Request) {
		_, _ = w.Write([]byte("Signed out of the host app"))
	})
	return support, app
}

func (a *hostApp) resolve(r *http.Request) (jwtsso.Identity, error) {
	c, err := r.Cookie(hostCookie)
	if err != nil {
		return jwtsso.Identity{}, jwtsso.ErrNoIdentity
	}
	a.mu.Lock()
	defer a.mu.Unlock()
	id, ok := a.users[c.Value]
	if !ok {
		return jwtsso.Identity{}, jwtsso.ErrNoIdentity
	}
	return id, nil
}

var signinForm = template.Must(template.New("").Parse(
	`<form method="post" action="/signin"><input name="name"><input name="email">` +
		`<input type="hidden" name="return_to" value="{{.}}"><button>Sign in</button></form>`))

func (a *hostApp) signinForm(w http.ResponseWriter, r *http.Request) {
	back, _ := jwtsso.SafeReturnPath(r.URL.Query().Get("return_to"))
	_ = signinForm.Execute(w, back)
}

// signin takes any name and email; the test vouches for the address.
func (a *hostApp) signin(w http.ResponseWriter, r *http.Request) {
	id := jwtsso.Identity{Name: r.PostFormValue("name"), Email: r.PostFormValue("email"), EmailVerified: true}
	sid := rand.Text()
	a.mu.Lock()
	a.users[sid] = id
	a.mu.Unlock()
	http.SetCookie(w, &http.Cookie{Name: hostCookie, Value: sid, Path: "/", HttpOnly: true, SameSite: http.SameSiteLaxMode})
	back, ok := jwtsso.SafeReturnPath(r.PostFormValue("return_to"))
	if !ok {
		back = "/"
	}
	http.Redirect(w, r, back, http.StatusSeeOther)
}

func (a *hostApp) endSession(w http.ResponseWriter, r *http.Request) error {
	if c, err := r.Cookie(hostCookie); err == nil {
		a.mu.Lock()
		delete(a.users, c.Value)
		a.mu.Unlock()
	}
	http.SetCookie(w, &http.Cookie{Name: hostCookie, Path: "/", MaxAge: -1})
	return nil
}
