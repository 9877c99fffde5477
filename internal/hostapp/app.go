package hostapp

import (
	"cmp"
	"errors"
	"net/http"
	"slices"

	"github.com/supportsso/jwtsso"
)

// The paths and names that the pages assume. The routes themselves are
// mounted by the caller (see the package documentation).
const (
	// SSOPath is the Remote Login URL's path, behind the jwtsso guard.
	SSOPath = "/sso/happyfox"
	// LogoutPath is the Remote Logout URL's path ([jwtsso.Handler.ServeLogout]).
	LogoutPath = "/sso/logout"
	// SigninPath serves the sign-in page (GET) and form (POST); the guard
	// sends anonymous visitors there ([jwtsso.WithLoginURL]).
	SigninPath = "/signin"
	// SignoutPath ends the host session (POST).
	SignoutPath = "/signout"
	// ReturnParam carries the path to go back to after signing in.
	ReturnParam = "return_to"
	// SessionCookie is the name of the session cookie; its value is a
	// random session ID.
	SessionCookie = "demo_session"
	// BackParam is the start page's query parameter that says why the user
	// is back: "support" after a logout from the support centre, "here"
	// after signing out of the app. The page shows a fixed sentence for
	// each known value and nothing for any other.
	BackParam = "signed_out"
	// SupportLogoutLanding is where the Remote Logout URL sends the
	// browser, for [jwtsso.WithLogout]: the start page, saying that the
	// user signed out of the support centre.
	SupportLogoutLanding = "/?" + BackParam + "=support"
)

// maxFormBytes is the largest sign-in form read.
const maxFormBytes = 8 << 10

// Config says how to build an [App]. The zero Config is valid.
type Config struct {
	// SupportLink is where the start page's "Support" link goes: the
	// support centre's Login (which comes back through the Remote Login
	// URL), or [SSOPath] itself. Default: [SSOPath].
	SupportLink string
	// Users, when not empty, are the only people who can sign in: the
	// sign-in page offers them by name. Use it whenever the app talks to a
	// real support centre, which matches contacts by email. Empty: anyone
	// signs in with any name and email, which suits a fake support centre
	// only.
	Users []jwtsso.Identity
	// SessionSameSite is the SameSite attribute of the session cookie.
	// Default (zero): http.SameSiteLaxMode, which the cross-site hop from
	// the support centre needs (see [App.EndSession]).
	SessionSameSite http.SameSite
}

// App is the demo host application. Its methods are the handlers, resolver,
// end-session hook and error handler to mount; see the package
// documentation. It is safe for concurrent use.
type App struct {
	supportLink string
	users       []jwtsso.Identity
	sameSite    http.SameSite
	sessions    *sessions
}

var _ jwtsso.IdentityResolver = (*App)(nil)

// New returns an App configured by cfg.
func New(cfg Config) *App {
	users := slices.Clone(cfg.Users)
	for i := range users {
		users[i].EmailVerified = true // as after the app's own confirmation mail
	}
	return &App{
		supportLink: cmp.Or(cfg.SupportLink, SSOPath),
		users:       users,
		sameSite:    cmp.Or(cfg.SessionSameSite, http.SameSiteLaxMode),
		sessions:    newSessions(),
	}
}

// ResolveIdentity is the app's [jwtsso.IdentityResolver]: the user of the
// session cookie, or [jwtsso.ErrNoIdentity] when there is no cookie or it
// names no session, which makes the guard send the browser to the sign-in
// page.
func (a *App) ResolveIdentity(r *http.Request) (jwtsso.Identity, error) {
	if id, ok := a.sessions.get(r); ok {
		return id, nil
	}
	return jwtsso.Identity{}, jwtsso.ErrNoIdentity
}

// Home serves GET /: who is signed in, the Support link, and why the user
// is back when [BackParam] says so.
func (a *App) Home(w http.ResponseWriter, r *http.Request) {
	data := homeData{SupportLink: a.supportLink, Notice: backReasons[r.URL.Query().Get(BackParam)]}
	if id, ok := a.sessions.get(r); ok {
		data.User = &id
	}
	render(w, http.StatusOK, homePage, data)
}

// SigninForm serves GET [SigninPath]. The return parameter is carried into
// the form only if [jwtsso.SafeReturnPath] accepts it.
func (a *App) SigninForm(w http.ResponseWriter, r *http.Request) {
	back, _ := jwtsso.SafeReturnPath(r.URL.Query().Get(ReturnParam))
	render(w, http.StatusOK, signinPage, a.signinData(back, ""))
}

// Signin serves POST [SigninPath]: it starts a session and redirects (303)
// to the form's return path if [jwtsso.SafeReturnPath] accepts it, or to
// "/", so that the parameter cannot send the browser to another site. With
// [Config.Users] the form names one of them by email (401 for anyone
// else); without, any name and email will do (400 when one is empty). The
// address counts as verified ONLY because this is a demo: a real host
// application sets EmailVerified after the user has proved they own the
// address, since the support centre matches contacts by email. (The form
// has no CSRF token either; SameSite=Lax does not protect a sign-in form.)
func (a *App) Signin(w http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(w, r.Body, maxFormBytes)
	back, ok := jwtsso.SafeReturnPath(r.PostFormValue(ReturnParam))
	id, status, msg := a.identity(r.PostFormValue("name"), r.PostFormValue("email"))
	if status != 0 {
		render(w, status, signinPage, a.signinData(back, msg))
		return
	}
	sid, err := a.sessions.start(id)
	if err != nil {
		render(w, http.StatusServiceUnavailable, signinPage, a.signinData(back, "Too many people are signed in to this demo; try again later."))
		return
	}
	if !ok {
		back = "/"
	}
	a.setCookie(w, r, sid)
	http.Redirect(w, r, back, http.StatusSeeOther)
}

// identity returns who the form signs in, or the status and message of the
// form shown again.
func (a *App) identity(name, email string) (jwtsso.Identity, int, string) {
	if len(a.users) == 0 {
		if name == "" || email == "" {
			return jwtsso.Identity{}, http.StatusBadRequest, "Type a name and an email address."
		}
		return jwtsso.Identity{Name: name, Email: email, EmailVerified: true}, 0, ""
	}
	if i := slices.IndexFunc(a.users, func(u jwtsso.Identity) bool { return u.Email == email }); i >= 0 {
		return a.users[i], 0, ""
	}
	return jwtsso.Identity{}, http.StatusUnauthorized, "Unknown user."
}

// Signout serves POST [SignoutPath]: it ends the session and goes to the
// start page, which says that the user signed out.
func (a *App) Signout(w http.ResponseWriter, r *http.Request) {
	_ = a.EndSession(w, r)
	http.Redirect(w, r, "/?"+BackParam+"=here", http.StatusSeeOther)
}

// EndSession ends the host session and deletes its cookie; it is the
// app's [jwtsso.EndSessionFunc], for [jwtsso.WithLogout]. It never fails.
//
// The cookie is SameSite=Lax unless [Config.SessionSameSite] says
// otherwise: the browser arrives at the Remote Login URL from the support
// centre, another site, and a Strict cookie is not sent on that hop (the
// jwtsso guard's same-site bounce then re-requests the URL from this site,
// which does carry it).
func (a *App) EndSession(w http.ResponseWriter, r *http.Request) error {
	a.sessions.end(r)
	a.setCookie(w, r, "")
	return nil
}

// SSOError is the app's [jwtsso.ErrorHandler]: it shows why the support
// centre cannot take the signed-in identity (403; the reason never quotes
// the name or address) and leaves every other error to
// [jwtsso.DefaultErrorHandler].
func (a *App) SSOError(w http.ResponseWriter, r *http.Request, err error) {
	if !errors.Is(err, jwtsso.ErrInvalidIdentity) {
		jwtsso.DefaultErrorHandler(w, r, err)
		return
	}
	render(w, http.StatusForbidden, errorPage, errorData{Reason: err.Error()})
}

// setCookie sets the session cookie to sid, or deletes it for "".
func (a *App) setCookie(w http.ResponseWriter, r *http.Request, sid string) {
	c := &http.Cookie{Name: SessionCookie, Value: sid, Path: "/", HttpOnly: true, Secure: r.TLS != nil, SameSite: a.sameSite}
	if sid == "" {
		c.MaxAge = -1
	}
	http.SetCookie(w, c)
}
