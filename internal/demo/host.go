package demo

import (
	"log/slog"
	"net/http"

	"github.com/supportsso/jwtsso"
	"github.com/supportsso/jwtsso/internal/hostapp"
	"github.com/supportsso/jwtsso/internal/tally"
)

// The demo host application's paths and the name of its session cookie,
// those of the shared host application (package internal/hostapp).
const (
	SSOPath       = hostapp.SSOPath       // the Remote Login URL, behind the jwtsso guard
	LogoutPath    = hostapp.LogoutPath    // the Remote Logout URL
	SigninPath    = hostapp.SigninPath    // the sign-in form, where the guard sends anonymous visitors
	SessionCookie = hostapp.SessionCookie // the host session cookie (see Config.SessionSameSite)
	CountsPath    = "/counts"             // what both sites did, counted (Servers.Counts)
)

// newHost builds the host application for the support centre at
// supportURL, configured by cfg: the shared host application, which takes
// any name and email, with the jwtsso handlers on its Remote Login and
// Remote Logout URLs.
func newHost(supportURL string, cfg Config, logger *slog.Logger, counts *tally.Counter) (http.Handler, error) {
	app := hostapp.New(hostapp.Config{
		SupportLink:     supportURL + "/login", // start where a contact starts: the support centre's Login
		SessionSameSite: cfg.SessionSameSite,
	})
	opts := []jwtsso.Option{
		jwtsso.WithSupportURL(supportURL),
		jwtsso.WithLoginURL(hostapp.SigninPath, hostapp.ReturnParam),
		jwtsso.WithLogout(hostapp.SupportLogoutLanding, app.EndSession),
		jwtsso.WithErrorHandler(app.SSOError),
		jwtsso.WithClock(clockOrNow(cfg.HostClock)),
		jwtsso.WithLogger(logger),
		jwtsso.WithObserver(counts),
	}
	sso, err := jwtsso.New(Key, app, append(opts, cfg.HostOptions...)...)
	if err != nil {
		return nil, err
	}
	mux := http.NewServeMux()
	// The guard in front of the handler, as alice.New(sso.Middleware).Then(sso)
	// would compose it, without the dependency.
	mux.Handle("GET "+SSOPath, sso.Middleware(sso))
	mux.HandleFunc(LogoutPath, sso.ServeLogout)
	mux.HandleFunc("GET "+hostapp.SigninPath, app.SigninForm)
	mux.HandleFunc("POST "+hostapp.SigninPath, app.Signin)
	mux.HandleFunc("POST "+hostapp.SignoutPath, app.Signout)
	mux.Handle("GET "+CountsPath, counts)
	mux.HandleFunc("GET /{$}", app.Home)
	return mux, nil
}
