package main

import (
	"fmt"
	"net/http"

	"github.com/gorilla/sessions"
	"github.com/justinas/alice"
	"github.com/supportsso/jwtsso"
	"github.com/supportsso/jwtsso/examples/recipes/internal/site"
)

const (
	// appName is the name the pages show.
	appName = "gorilla recipe"
	// cookieName is the name of the session cookie.
	cookieName = "recipes_gorilla_session"
	// userKey is the session value that holds the signed-in user's ID.
	userKey = "user_id"
)

// app is the application: its routes and its cookie store.
type app struct {
	http.Handler
	store *sessions.CookieStore
}

// newApp builds the application for cfg, with sessions in cookies sealed
// with keys.
func newApp(cfg site.Config, keys cookieKeys) (*app, error) {
	if err := keys.check(); err != nil {
		return nil, err
	}
	store := sessions.NewCookieStore(keys.auth, keys.encrypt)
	store.Options = &sessions.Options{
		Path:     "/",
		MaxAge:   12 * 60 * 60,
		HttpOnly: true,
		// gorilla's default is SameSite=None with Secure. Lax is enough for
		// the hop from the support centre (a top-level GET navigation) and
		// keeps the cookie off cross-site POSTs; Secure whenever the
		// application is served over https.
		SameSite: http.SameSiteLaxMode,
		Secure:   cfg.SecureCookies(),
	}
	store.MaxAge(store.Options.MaxAge) // the codecs refuse older cookies too
	a := &app{store: store}

	sso, err := jwtsso.New(cfg.Key, jwtsso.IdentityResolverFunc(a.resolve),
		cfg.SupportOption(),
		jwtsso.WithLoginURL("/login", site.ReturnParam),
		jwtsso.WithLogout("/", a.endSession),
	)
	if err != nil {
		return nil, err
	}

	mux := http.NewServeMux()
	mux.Handle("GET "+site.LoginPath, alice.New(sso.Middleware).Then(sso))
	mux.HandleFunc("GET "+site.LogoutPath, sso.ServeLogout)
	mux.HandleFunc("GET /login", site.LoginFormHandler(appName))
	mux.HandleFunc("POST /login", a.login)
	mux.HandleFunc("GET /{$}", site.HomeHandler(appName, a.resolve))
	a.Handler = mux
	return a, nil
}

// resolve is the application's jwtsso.IdentityResolver: the user whose ID
// the session cookie holds. A cookie that is missing, changed, expired or
// sealed with other keys means nobody is signed in.
func (a *app) resolve(r *http.Request) (jwtsso.Identity, error) {
	sess, err := a.store.Get(r, cookieName)
	if err != nil {
		return jwtsso.Identity{}, fmt.Errorf("%w: unreadable session cookie: %w", jwtsso.ErrNoIdentity, err)
	}
	uid, _ := sess.Values[userKey].(string)
	id, ok := site.Users.Lookup(r.Context(), uid)
	if !ok {
		return jwtsso.Identity{}, jwtsso.ErrNoIdentity
	}
	return id, nil
}

// endSession is the jwtsso.EndSessionFunc for the Remote Logout URL: it
// replaces the cookie with an expired, empty one.
func (a *app) endSession(w http.ResponseWriter, r *http.Request) error {
	sess := a.freshSession()
	sess.Options.MaxAge = -1
	return sess.Save(r, w)
}

// freshSession returns an empty session with the store's options. Unlike
// store.New it does not read the request's cookie.
func (a *app) freshSession() *sessions.Session {
	sess := sessions.NewSession(a.store, cookieName)
	opts := *a.store.Options
	sess.Options = &opts
	sess.IsNew = true
	return sess
}

// login serves POST /login: it writes a new session cookie for the chosen
// user and sends the browser back to the return path, if
// jwtsso.SafeReturnPath accepts it, or to "/".
func (a *app) login(w http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(w, r.Body, site.MaxForm)
	user, back := r.PostFormValue("user"), r.PostFormValue(site.ReturnParam)
	if _, ok := site.User(user); !ok {
		site.LoginForm(w, http.StatusUnauthorized, appName, back, "Unknown user.")
		return
	}
	sess := a.freshSession() // never carry over what the old cookie held
	sess.Values[userKey] = user
	if err := sess.Save(r, w); err != nil {
		http.Error(w, "could not start a session", http.StatusInternalServerError)
		return
	}
	target, ok := jwtsso.SafeReturnPath(back)
	if !ok {
		target = "/"
	}
	http.Redirect(w, r, target, http.StatusSeeOther)
}
