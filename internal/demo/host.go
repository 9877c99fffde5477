package demo

import (
	"cmp"
	"crypto/rand"
	"errors"
	"log/slog"
	"net/http"
	"sync"

	"github.com/supportsso/jwtsso"
)

// The demo host application's paths and the name of its session cookie.
const (
	SSOPath       = "/sso/happyfox" // the Remote Login URL, behind the jwtsso guard
	LogoutPath    = "/sso/logout"   // the Remote Logout URL
	SigninPath    = "/signin"       // the sign-in form, where the guard sends anonymous visitors
	SessionCookie = "demo_session"  // the host session cookie (see Config.SessionSameSite)
)

const (
	returnParam = "return_to"
	maxFormSize = 8 << 10
)

// host is the demo's host application: a sign-in form that takes any
// name and email, a session cookie with a random ID, and the jwtsso
// handlers on the Remote Login and Remote Logout URLs. It is safe for
// concurrent use.
type host struct {
	mux          *http.ServeMux
	supportLogin string // the support centre's Login link
	sameSite     http.SameSite

	mu    sync.Mutex
	users map[string]jwtsso.Identity // by session ID
}

// newHost builds the host application for the support centre at
// supportURL, configured by cfg.
func newHost(supportURL string, cfg Config, logger *slog.Logger) (*host, error) {
	h := &host{
		mux:          http.NewServeMux(),
		supportLogin: supportURL + "/login",
		sameSite:     cmp.Or(cfg.SessionSameSite, http.SameSiteLaxMode),
		users:        map[string]jwtsso.Identity{},
	}
	opts := []jwtsso.Option{
		jwtsso.WithSupportURL(supportURL),
		jwtsso.WithLoginURL(SigninPath, returnParam),
		jwtsso.WithLogout("/", h.endSession),
		jwtsso.WithClock(clockOrNow(cfg.HostClock)),
		jwtsso.WithLogger(logger),
		jwtsso.WithErrorHandler(h.ssoError),
	}
	sso, err := jwtsso.New(Key, jwtsso.IdentityResolverFunc(h.resolve), append(opts, cfg.HostOptions...)...)
	if err != nil {
		return nil, err
	}
	// The guard in front of the handler, as alice.New(sso.Middleware).Then(sso)
	// would compose it, without the dependency.
	h.mux.Handle("GET "+SSOPath, sso.Middleware(sso))
	h.mux.HandleFunc(LogoutPath, sso.ServeLogout)
	h.mux.HandleFunc("GET /{$}", h.home)
	h.mux.HandleFunc("GET "+SigninPath, h.signinForm)
	h.mux.HandleFunc("POST "+SigninPath, h.signin)
	h.mux.HandleFunc("POST /signout", h.signout)
	return h, nil
}

func (h *host) ServeHTTP(w http.ResponseWriter, r *http.Request) { h.mux.ServeHTTP(w, r) }

// resolve is the host's jwtsso.IdentityResolver: the user of the session.
func (h *host) resolve(r *http.Request) (jwtsso.Identity, error) {
	if id, ok := h.user(r); ok {
		return id, nil
	}
	return jwtsso.Identity{}, jwtsso.ErrNoIdentity
}

func (h *host) user(r *http.Request) (jwtsso.Identity, bool) {
	c, err := r.Cookie(SessionCookie)
	if err != nil {
		return jwtsso.Identity{}, false
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	id, ok := h.users[c.Value]
	return id, ok
}

func (h *host) home(w http.ResponseWriter, r *http.Request) {
	data := homeData{SupportLogin: h.supportLogin}
	if id, ok := h.user(r); ok {
		data.User = &id
	}
	render(w, http.StatusOK, homePage, data)
}

func (h *host) signinForm(w http.ResponseWriter, r *http.Request) {
	back, _ := jwtsso.SafeReturnPath(r.URL.Query().Get(returnParam))
	render(w, http.StatusOK, signinPage, signinData{ReturnTo: back})
}

// signin starts a session for whatever name and email were typed. The
// address counts as verified ONLY because this is a demo: a real host
// application sets EmailVerified after the user has proved they own the
// address, since the support centre matches contacts by email. (The form
// has no CSRF token either; SameSite=Lax does not protect a sign-in form.)
func (h *host) signin(w http.ResponseWriter, r *http.Request) {
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
	h.setCookie(w, r, sid)
	http.Redirect(w, r, back, http.StatusSeeOther)
}

func (h *host) signout(w http.ResponseWriter, r *http.Request) {
	_ = h.endSession(w, r)
	http.Redirect(w, r, "/", http.StatusSeeOther)
}

// endSession ends the host session; it is also the jwtsso logout hook.
func (h *host) endSession(w http.ResponseWriter, r *http.Request) error {
	if c, err := r.Cookie(SessionCookie); err == nil {
		h.mu.Lock()
		delete(h.users, c.Value)
		h.mu.Unlock()
	}
	h.setCookie(w, r, "")
	return nil
}

// ssoError shows why the support centre cannot take the typed identity
// (the reason never contains the value), and leaves everything else to
// jwtsso.DefaultErrorHandler.
func (h *host) ssoError(w http.ResponseWriter, r *http.Request, err error) {
	if !errors.Is(err, jwtsso.ErrInvalidIdentity) {
		jwtsso.DefaultErrorHandler(w, r, err)
		return
	}
	render(w, http.StatusForbidden, errorPage, errorData{Reason: err.Error()})
}

// setCookie sets the session cookie to sid, or deletes it for "".
// SameSite is Lax unless Config.SessionSameSite says otherwise: the browser
// arrives at the Remote Login URL from the support centre, another site,
// and a Strict cookie is not sent on that hop (the jwtsso guard's
// same-site bounce then re-requests the URL from this site, which does
// carry it).
func (h *host) setCookie(w http.ResponseWriter, r *http.Request, sid string) {
	c := &http.Cookie{Name: SessionCookie, Value: sid, Path: "/", HttpOnly: true, Secure: r.TLS != nil, SameSite: h.sameSite}
	if sid == "" {
		c.MaxAge = -1
	}
	http.SetCookie(w, c)
}
