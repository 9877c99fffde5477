package main

import (
	"crypto/rand"
	"errors"
	"log/slog"
	"net/http"
	"sync"
	"time"

	"github.com/supportsso/jwtsso"
)

// The demo host application's paths and names.
const (
	ssoPath     = "/sso/happyfox" // Remote Login URL
	logoutPath  = "/sso/logout"   // Remote Logout URL
	signinPath  = "/signin"
	returnParam = "return_to"
	demoCookie  = "demo_session"
	maxFormSize = 8 << 10
)

// demoHost is the demo's host application: a sign-in form that takes any
// name and email, a session cookie with a random ID, and the jwtsso
// handlers on the Remote Login and Remote Logout URLs. It is safe for
// concurrent use.
type demoHost struct {
	mux          *http.ServeMux
	supportLogin string // the support centre's Login link

	mu    sync.Mutex
	users map[string]jwtsso.Identity // by session ID
}

func newDemoHost(key, supportURL string, now func() time.Time, logger *slog.Logger) (*demoHost, error) {
	h := &demoHost{mux: http.NewServeMux(), supportLogin: supportURL + "/login", users: map[string]jwtsso.Identity{}}
	sso, err := jwtsso.New(key, jwtsso.IdentityResolverFunc(h.resolve),
		jwtsso.WithSupportURL(supportURL),
		jwtsso.WithLoginURL(signinPath, returnParam),
		jwtsso.WithLogout("/", h.endSession),
		jwtsso.WithClock(now),
		jwtsso.WithLogger(logger),
		jwtsso.WithErrorHandler(h.ssoError))
	if err != nil {
		return nil, err
	}
	// The guard in front of the handler, as alice.New(sso.Middleware).Then(sso)
	// would compose it, without the dependency.
	h.mux.Handle("GET "+ssoPath, sso.Middleware(sso))
	h.mux.HandleFunc(logoutPath, sso.ServeLogout)
	h.mux.HandleFunc("GET /{$}", h.home)
	h.mux.HandleFunc("GET "+signinPath, h.signinForm)
	h.mux.HandleFunc("POST "+signinPath, h.signin)
	h.mux.HandleFunc("POST /signout", h.signout)
	return h, nil
}

func (h *demoHost) ServeHTTP(w http.ResponseWriter, r *http.Request) { h.mux.ServeHTTP(w, r) }

// resolve is the host's jwtsso.IdentityResolver: the user of the session.
func (h *demoHost) resolve(r *http.Request) (jwtsso.Identity, error) {
	if id, ok := h.user(r); ok {
		return id, nil
	}
	return jwtsso.Identity{}, jwtsso.ErrNoIdentity
}

func (h *demoHost) user(r *http.Request) (jwtsso.Identity, bool) {
	c, err := r.Cookie(demoCookie)
	if err != nil {
		return jwtsso.Identity{}, false
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	id, ok := h.users[c.Value]
	return id, ok
}

func (h *demoHost) home(w http.ResponseWriter, r *http.Request) {
	data := homeData{SupportLogin: h.supportLogin}
	if id, ok := h.user(r); ok {
		data.User = &id
	}
	render(w, http.StatusOK, homePage, data)
}

func (h *demoHost) signinForm(w http.ResponseWriter, r *http.Request) {
	back, _ := jwtsso.SafeReturnPath(r.URL.Query().Get(returnParam))
	render(w, http.StatusOK, signinPage, signinData{ReturnTo: back})
}

// signin starts a session for whatever name and email were typed. The
// address counts as verified ONLY because this is a demo: a real host
// application sets EmailVerified after the user has proved they own the
// address, since the support centre matches contacts by email. (The form
// has no CSRF token either; SameSite=Lax does not protect a sign-in form.)
func (h *demoHost) signin(w http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(w, r.Body, maxFormSize)
	id := jwtsso.Identity{Name: r.PostFormValue("name"), Email: r.PostFormValue("email"), EmailVerified: true}
	back, ok := jwtsso.SafeReturnPath(r.PostFormValue(returnParam))
	if id.Name == "" || id.Email == "" {
		render(w, http.StatusBadRequest, signinPage, signinData{ReturnTo: back, Error: "Type a name and an email address."})
		return
	}
	if !ok {
		back = "/"
	}
	sid := rand.Text()
	h.mu.Lock()
	h.users[sid] = id
	h.mu.Unlock()
	setDemoCookie(w, r, sid)
	http.Redirect(w, r, back, http.StatusSeeOther)
}

func (h *demoHost) signout(w http.ResponseWriter, r *http.Request) {
	_ = h.endSession(w, r)
	http.Redirect(w, r, "/", http.StatusSeeOther)
}

// endSession ends the host session; it is also the jwtsso logout hook.
func (h *demoHost) endSession(w http.ResponseWriter, r *http.Request) error {
	if c, err := r.Cookie(demoCookie); err == nil {
		h.mu.Lock()
		delete(h.users, c.Value)
		h.mu.Unlock()
	}
	setDemoCookie(w, r, "")
	return nil
}

// ssoError shows why the support centre cannot take the typed identity
// (the reason never contains the value), and leaves everything else to
// jwtsso.DefaultErrorHandler.
func (h *demoHost) ssoError(w http.ResponseWriter, r *http.Request, err error) {
	if !errors.Is(err, jwtsso.ErrInvalidIdentity) {
		jwtsso.DefaultErrorHandler(w, r, err)
		return
	}
	render(w, http.StatusForbidden, errorPage, errorData{Reason: err.Error()})
}

// setDemoCookie sets the session cookie to sid, or deletes it for "".
// SameSite is Lax, not Strict: the browser arrives at the Remote Login URL
// from the support centre, another site, and a Strict cookie would not be
// sent on that hop.
func setDemoCookie(w http.ResponseWriter, r *http.Request, sid string) {
	c := &http.Cookie{Name: demoCookie, Value: sid, Path: "/", HttpOnly: true, Secure: r.TLS != nil, SameSite: http.SameSiteLaxMode}
	if sid == "" {
		c.MaxAge = -1
	}
	http.SetCookie(w, c)
}
