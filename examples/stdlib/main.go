// Command stdlib mounts jwtsso on the standard library's http.ServeMux,
// using Go 1.22 method patterns, with the guard chained by alice.
//
// Run it from the examples directory:
//
//	HAPPYFOX_JWT_KEY=... HAPPYFOX_ACCOUNT=... go run ./stdlib
package main

import (
	"net/http"

	"github.com/justinas/alice"
	"github.com/supportsso/jwtsso"
	"github.com/supportsso/jwtsso/examples/internal/demo"
	"github.com/supportsso/jwtsso/internal/hostapp"
)

func main() { demo.Main(newRouter) }

// newRouter builds the demo application's routes on an http.ServeMux.
func newRouter(cfg demo.Config) (http.Handler, error) {
	// The host application: sign-in page, session, identity resolver.
	app := hostapp.New(hostapp.Config{Users: demo.Users})
	sso, err := jwtsso.New(cfg.Key, app, // app.ResolveIdentity names the signed-in user
		cfg.SupportOption(),
		jwtsso.WithLoginURL("/signin", hostapp.ReturnParam),
		jwtsso.WithLogout(hostapp.SupportLogoutLanding, app.EndSession),
		jwtsso.WithErrorHandler(app.SSOError),
	)
	if err != nil {
		return nil, err
	}

	mux := http.NewServeMux()
	// HappyFox's Remote Login URL: the guard, then the handler that mints.
	mux.Handle("GET /sso/happyfox", alice.New(sso.Middleware).Then(sso))
	// HappyFox's Remote Logout URL.
	mux.HandleFunc("GET /sso/logout", sso.ServeLogout)

	mux.HandleFunc("GET /signin", app.SigninForm)
	mux.HandleFunc("POST /signin", app.Signin)
	mux.HandleFunc("POST /signout", app.Signout)
	mux.HandleFunc("GET /{$}", app.Home)
	return mux, nil
}
