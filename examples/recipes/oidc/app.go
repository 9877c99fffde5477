package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"time"

	"github.com/alexedwards/scs/v2"
	"github.com/coreos/go-oidc/v3/oidc"
	"github.com/justinas/alice"
	"github.com/supportsso/jwtsso"
	"github.com/supportsso/jwtsso/examples/recipes/internal/site"
	"golang.org/x/oauth2"
)

const (
	// appName is the name the pages show.
	appName = "oidc recipe"
	// callbackPath is the redirect URI registered with the provider.
	callbackPath = "/auth/callback"
	// providerTimeout bounds each call to the provider: discovery, token
	// exchange, key set.
	providerTimeout = 10 * time.Second
)

// providerConfig names the OpenID provider and this application's client
// there.
type providerConfig struct {
	Issuer, ClientID, ClientSecret string
}

// app is the application: its routes, its sessions and its OpenID client.
type app struct {
	http.Handler
	sessions *scs.SessionManager
	oauth    *oauth2.Config
	verifier *oidc.IDTokenVerifier
	client   *http.Client // for calls to the provider
	log      *slog.Logger
	onClose  func() error
}

// newApp builds the application for cfg, signing users in at the OpenID
// provider pc. It fetches the provider's discovery document, so it fails
// when the provider cannot be reached.
func newApp(ctx context.Context, cfg site.Config, pc providerConfig) (*app, error) {
	a := &app{
		sessions: scs.New(), // in memory; see the scs recipe for a real store
		client:   &http.Client{Timeout: providerTimeout},
		log:      slog.Default(),
	}
	a.sessions.Lifetime = 12 * time.Hour
	a.sessions.Cookie.Name = "recipes_oidc_session"
	a.sessions.Cookie.HttpOnly = true
	a.sessions.Cookie.SameSite = http.SameSiteLaxMode // the provider's redirect back is cross-site
	a.sessions.Cookie.Secure = cfg.SecureCookies()

	dctx, cancel := context.WithTimeout(oidc.ClientContext(ctx, a.client), providerTimeout)
	defer cancel()
	provider, err := oidc.NewProvider(dctx, pc.Issuer)
	if err != nil {
		return nil, fmt.Errorf("discover the OpenID provider %s: %w", pc.Issuer, err)
	}
	a.verifier = provider.Verifier(&oidc.Config{ClientID: pc.ClientID})
	a.oauth = &oauth2.Config{
		ClientID:     pc.ClientID,
		ClientSecret: pc.ClientSecret,
		Endpoint:     provider.Endpoint(),
		RedirectURL:  cfg.PublicURL + callbackPath,
		Scopes:       []string{oidc.ScopeOpenID, "profile", "email"},
	}

	sso, err := jwtsso.New(cfg.Key, jwtsso.IdentityResolverFunc(a.resolve),
		cfg.SupportOption(),
		jwtsso.WithLoginURL("/login", site.ReturnParam),
		jwtsso.WithLogout("/", a.endSession),
		jwtsso.WithErrorHandler(unverifiedPage),
	)
	if err != nil {
		return nil, err
	}

	s := alice.New(a.sessions.LoadAndSave)
	mux := http.NewServeMux()
	mux.Handle("GET "+site.LoginPath, alice.New(a.sessions.LoadAndSave, sso.Middleware).Then(sso))
	mux.Handle("GET "+site.LogoutPath, s.ThenFunc(sso.ServeLogout))
	mux.Handle("GET /login", s.ThenFunc(a.login))
	mux.Handle("GET "+callbackPath, s.ThenFunc(a.callback))
	mux.Handle("GET /{$}", s.ThenFunc(site.HomeHandler(appName, a.resolve)))
	a.Handler = mux
	return a, nil
}

// Session keys: the flow in progress, then the claims of the ID token.
const (
	stateKey    = "oidc_state"
	nonceKey    = "oidc_nonce"
	verifierKey = "oidc_pkce_verifier"
	returnKey   = "oidc_return"

	nameKey          = "name"
	emailKey         = "email"
	emailVerifiedKey = "email_verified"
)

// resolve is the application's jwtsso.IdentityResolver: it maps the ID
// token's name, email and email_verified claims, kept in the session, to
// a jwtsso.Identity. A provider that sends no name gets the address shown
// as the name.
func (a *app) resolve(r *http.Request) (jwtsso.Identity, error) {
	ctx := r.Context()
	email := a.sessions.GetString(ctx, emailKey)
	if email == "" {
		return jwtsso.Identity{}, jwtsso.ErrNoIdentity
	}
	name := a.sessions.GetString(ctx, nameKey)
	if name == "" {
		name = email
	}
	return jwtsso.Identity{Name: name, Email: email, EmailVerified: a.sessions.GetBool(ctx, emailVerifiedKey)}, nil
}

// unverifiedPage is the jwtsso error handler: it explains the refusal of
// an address that the provider has not verified, and leaves every other
// error to jwtsso.DefaultErrorHandler.
func unverifiedPage(w http.ResponseWriter, r *http.Request, err error) {
	if !errors.Is(err, jwtsso.ErrEmailUnverified) {
		jwtsso.DefaultErrorHandler(w, r, err)
		return
	}
	w.Header().Set("Cache-Control", "no-store")
	http.Error(w, "Your sign-in provider has not verified your email address, so the support centre "+
		"cannot be sure the address is yours. Verify it with the provider, then sign in again.", http.StatusForbidden)
}

// endSession is the jwtsso.EndSessionFunc for the Remote Logout URL: it
// ends the application's session (not the provider's).
func (a *app) endSession(_ http.ResponseWriter, r *http.Request) error {
	return a.sessions.Destroy(r.Context())
}

// Close stops the stand-in provider, if the program started one.
func (a *app) Close() error {
	if a.onClose != nil {
		return a.onClose()
	}
	return nil
}
