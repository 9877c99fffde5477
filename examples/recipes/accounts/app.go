package main

import (
	"errors"
	"fmt"
	"net/http"
	"os"
	"regexp"
	"strings"
	"sync/atomic"
	"time"

	"github.com/alexedwards/scs/v2"
	"github.com/justinas/alice"
	"github.com/supportsso/jwtsso"
	"github.com/supportsso/jwtsso/examples/recipes/internal/site"
)

// appName is the name the pages show.
const appName = "accounts recipe"

// userKey is the session key that holds the signed-in user's ID.
const userKey = "user_id"

// Account is one HappyFox account that the application serves. Its
// Remote Login URL is /sso/<Name> and its Remote Logout URL
// /sso/<Name>/logout.
type Account struct {
	// Name names the account in URLs: lower-case letters, digits and
	// hyphens. Without SupportURL it is also the HappyFox account name,
	// as in https://<Name>.happyfox.com.
	Name string
	// SupportURL is the support centre's origin on a custom domain (or a
	// fake's); empty means https://<Name>.happyfox.com.
	SupportURL string
	// KeyFile holds the account's JWT key, with at most one trailing
	// newline. It is read when the application starts and again by
	// Reload.
	KeyFile string
}

// accountName is what Account.Name may be.
var accountName = regexp.MustCompile(`^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$`)

// issuer is one account's jwtsso handler, built from one key and never
// changed; a new key means a new issuer.
type issuer struct {
	sso *jwtsso.Handler
	// guarded is the Remote Login URL's chain: the guard, then sso.
	guarded http.Handler
}

// account is an Account with its current issuer. A request loads the
// issuer once and uses it to the end, so a swap never changes the key in
// the middle of a request.
type account struct {
	Account
	current atomic.Pointer[issuer]
}

// app is the application: its accounts, routes and sessions.
type app struct {
	http.Handler
	sessions *scs.SessionManager
	users    site.Directory
	accounts map[string]*account // fixed after newApp
	order    []string
}

// newApp builds the application for the given accounts, whose users are
// looked up in users. publicURL is the application's own origin: its
// cookies are Secure when it is https.
func newApp(accounts []Account, users site.Directory, publicURL string) (*app, error) {
	a := &app{sessions: scs.New(), users: users, accounts: make(map[string]*account)}
	a.sessions.Lifetime = 12 * time.Hour
	a.sessions.Cookie.Name = "recipes_accounts_session"
	a.sessions.Cookie.HttpOnly = true
	a.sessions.Cookie.SameSite = http.SameSiteLaxMode
	a.sessions.Cookie.Secure = strings.HasPrefix(publicURL, "https://")
	if len(accounts) == 0 {
		return nil, errors.New("no HappyFox account configured")
	}
	for _, acc := range accounts {
		if !accountName.MatchString(acc.Name) {
			return nil, fmt.Errorf("account name %q: use lower-case letters, digits and hyphens", acc.Name)
		}
		if _, dup := a.accounts[acc.Name]; dup {
			return nil, fmt.Errorf("account %s configured twice", acc.Name)
		}
		x := &account{Account: acc}
		is, err := a.newIssuer(acc)
		if err != nil {
			return nil, err
		}
		x.current.Store(is)
		a.accounts[acc.Name] = x
		a.order = append(a.order, acc.Name)
	}

	s := alice.New(a.sessions.LoadAndSave)
	mux := http.NewServeMux()
	mux.Handle("GET /sso/{account}", s.ThenFunc(a.serveLogin))
	mux.Handle("GET /sso/{account}/logout", s.ThenFunc(a.serveLogout))
	mux.HandleFunc("GET /signed-out/{account}", a.signedOut)
	mux.HandleFunc("GET /login", site.LoginFormHandler(appName))
	mux.Handle("POST /login", s.ThenFunc(a.login))
	mux.Handle("GET /{$}", s.ThenFunc(a.home))
	a.Handler = mux
	return a, nil
}

// newIssuer reads acc's key file and builds its handler. jwtsso.New
// refuses a weak key, so a bad file never replaces a working key.
func (a *app) newIssuer(acc Account) (*issuer, error) {
	raw, err := os.ReadFile(acc.KeyFile)
	if err != nil {
		return nil, fmt.Errorf("account %s: read key: %w", acc.Name, err)
	}
	key := strings.TrimSuffix(strings.TrimSuffix(string(raw), "\n"), "\r")
	support := jwtsso.WithAccount(acc.Name)
	if acc.SupportURL != "" {
		support = jwtsso.WithSupportURL(acc.SupportURL)
	}
	sso, err := jwtsso.New(key, jwtsso.IdentityResolverFunc(a.resolve), support,
		jwtsso.WithLoginURL("/login", site.ReturnParam),
		jwtsso.WithLogout("/signed-out/"+acc.Name, a.endSession),
	)
	if err != nil {
		return nil, fmt.Errorf("account %s: %w", acc.Name, err)
	}
	return &issuer{sso: sso, guarded: alice.New(sso.Middleware).Then(sso)}, nil
}

// Reload reads every account's key file again and swaps in a new handler
// for each. Requests already running finish on the handler they started
// with; later ones use the new one. An account whose file cannot be read or
// holds a key jwtsso.New refuses keeps its current handler, and the error
// says which account it is (never the key).
func (a *app) Reload() error {
	var errs []error
	for _, name := range a.order {
		acc := a.accounts[name]
		is, err := a.newIssuer(acc.Account)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		acc.current.Store(is)
	}
	return errors.Join(errs...)
}

// lookup returns the current issuer of the account the request names,
// answering 404 itself when there is no such account.
func (a *app) lookup(w http.ResponseWriter, r *http.Request) (*issuer, bool) {
	acc, ok := a.accounts[r.PathValue("account")]
	if !ok {
		http.NotFound(w, r)
		return nil, false
	}
	return acc.current.Load(), true
}

// serveLogin serves an account's Remote Login URL.
func (a *app) serveLogin(w http.ResponseWriter, r *http.Request) {
	if is, ok := a.lookup(w, r); ok {
		is.guarded.ServeHTTP(w, r)
	}
}

// serveLogout serves an account's Remote Logout URL.
func (a *app) serveLogout(w http.ResponseWriter, r *http.Request) {
	if is, ok := a.lookup(w, r); ok {
		is.sso.ServeLogout(w, r)
	}
}

// resolve is the jwtsso.IdentityResolver of every account: the user whose
// ID the session holds.
func (a *app) resolve(r *http.Request) (jwtsso.Identity, error) {
	id, ok := a.users.Lookup(r.Context(), a.sessions.GetString(r.Context(), userKey))
	if !ok {
		return jwtsso.Identity{}, jwtsso.ErrNoIdentity
	}
	return id, nil
}

// endSession is the jwtsso.EndSessionFunc of every account: logging out
// of any support centre ends the application's session.
func (a *app) endSession(_ http.ResponseWriter, r *http.Request) error {
	return a.sessions.Destroy(r.Context())
}
