// Command chi mounts jwtsso on a github.com/go-chi/chi/v5 router; the guard
// is ordinary chi middleware, added to the one route with r.With.
//
// Run it from the examples directory:
//
//	HAPPYFOX_JWT_KEY=... HAPPYFOX_ACCOUNT=... go run ./chi
package main

import (
	"net/http"

	"github.com/go-chi/chi/v5"
	"github.com/supportsso/jwtsso"
	"github.com/supportsso/jwtsso/examples/internal/demo"
	"github.com/supportsso/jwtsso/internal/hostapp"
)

func main() { demo.Main(newRouter) }

// newRouter builds the demo application's routes on a chi router.
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

	r := chi.NewRouter()
	// HappyFox's Remote Login URL: the guard, then the handler that mints.
	r.With(sso.Middleware).Get("/sso/happyfox", sso.ServeHTTP)
	// HappyFox's Remote Logout URL.
	r.Get("/sso/logout", sso.ServeLogout)

	r.Get("/signin", app.SigninForm)
	r.Post("/signin", app.Signin)
	r.Post("/signout", app.Signout)
	r.Get("/", app.Home)
	return r, nil
}
