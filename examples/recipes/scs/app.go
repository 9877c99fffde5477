package main

import (
	"database/sql"
	"net/http"
	"time"

	"github.com/alexedwards/scs/sqlite3store"
	"github.com/alexedwards/scs/v2"
	"github.com/justinas/alice"
	"github.com/supportsso/jwtsso"
	"github.com/supportsso/jwtsso/examples/recipes/internal/site"
)

// appName is the name the pages show.
const appName = "scs recipe"

// userKey is the session key that holds the signed-in user's ID.
const userKey = "user_id"

// app is the application: its routes, its session manager and the
// SQLite database behind it.
type app struct {
	http.Handler
	sessions *scs.SessionManager
	db       *sql.DB
	store    *sqlite3store.SQLite3Store
}

// newApp builds the application for cfg with its sessions in the SQLite
// file at dbPath, which is created if it does not exist.
func newApp(cfg site.Config, dbPath string) (*app, error) {
	db, store, err := openStore(dbPath, 5*time.Minute)
	if err != nil {
		return nil, err
	}
	a := &app{sessions: scs.New(), db: db, store: store}
	a.sessions.Store = store
	a.sessions.Lifetime = 12 * time.Hour
	a.sessions.Cookie.Name = "recipes_scs_session"
	a.sessions.Cookie.HttpOnly = true
	// Lax, not Strict: the browser arrives at the Remote Login URL from the
	// support centre, another site (see jwtsso's same-site bounce).
	a.sessions.Cookie.SameSite = http.SameSiteLaxMode
	a.sessions.Cookie.Secure = cfg.SecureCookies()

	sso, err := jwtsso.New(cfg.Key, jwtsso.IdentityResolverFunc(a.resolve),
		cfg.SupportOption(),
		jwtsso.WithLoginURL("/login", site.ReturnParam),
		jwtsso.WithLogout("/", a.endSession),
	)
	if err != nil {
		a.Close()
		return nil, err
	}

	withSession := alice.New(a.sessions.LoadAndSave)
	mux := http.NewServeMux()
	// HappyFox's Remote Login URL: load the session, then the guard asks
	// who is signed in, then the handler mints.
	mux.Handle("GET "+site.LoginPath, alice.New(a.sessions.LoadAndSave, sso.Middleware).Then(sso))
	// HappyFox's Remote Logout URL.
	mux.Handle("GET "+site.LogoutPath, withSession.ThenFunc(sso.ServeLogout))
	mux.HandleFunc("GET /login", site.LoginFormHandler(appName))
	mux.Handle("POST /login", withSession.ThenFunc(a.login))
	mux.Handle("GET /{$}", withSession.ThenFunc(site.HomeHandler(appName, a.resolve)))
	a.Handler = mux
	return a, nil
}

// resolve is the application's jwtsso.IdentityResolver: the user whose ID
// the session holds.
func (a *app) resolve(r *http.Request) (jwtsso.Identity, error) {
	id, ok := site.Users.Lookup(r.Context(), a.sessions.GetString(r.Context(), userKey))
	if !ok {
		return jwtsso.Identity{}, jwtsso.ErrNoIdentity
	}
	return id, nil
}

// endSession is the jwtsso.EndSessionFunc for the Remote Logout URL: it
// deletes the session from the database; LoadAndSave then clears the
// cookie.
func (a *app) endSession(_ http.ResponseWriter, r *http.Request) error {
	return a.sessions.Destroy(r.Context())
}

// login serves POST /login: it signs the chosen user in under a new
// session token (so that a token planted before sign-in is worthless) and
// sends the browser back to the return path, if jwtsso.SafeReturnPath
// accepts it, or to "/".
func (a *app) login(w http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(w, r.Body, site.MaxForm)
	user, back := r.PostFormValue("user"), r.PostFormValue(site.ReturnParam)
	if _, ok := site.User(user); !ok {
		site.LoginForm(w, http.StatusUnauthorized, appName, back, "Unknown user.")
		return
	}
	if err := a.sessions.RenewToken(r.Context()); err != nil {
		http.Error(w, "could not start a session", http.StatusInternalServerError)
		return
	}
	a.sessions.Put(r.Context(), userKey, user)
	target, ok := jwtsso.SafeReturnPath(back)
	if !ok {
		target = "/"
	}
	http.Redirect(w, r, target, http.StatusSeeOther)
}

// Close stops the store's cleanup and closes the database.
func (a *app) Close() error {
	a.store.StopCleanup()
	return a.db.Close()
}
