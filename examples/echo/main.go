// Command echo mounts jwtsso on a github.com/labstack/echo/v4 instance with
// echo's own adapters: echo.WrapMiddleware for the guard and
// echo.WrapHandler for the handlers.
//
// Run it from the examples directory:
//
//	HAPPYFOX_JWT_KEY=... HAPPYFOX_ACCOUNT=... go run ./echo
package main

import (
	"net/http"

	"github.com/labstack/echo/v4"
	"github.com/supportsso/jwtsso"
	"github.com/supportsso/jwtsso/examples/internal/demo"
	"github.com/supportsso/jwtsso/internal/hostapp"
)

func main() { demo.Main(newRouter) }

// newRouter builds the demo application's routes on an echo instance.
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

	e := echo.New()
	// HappyFox's Remote Login URL: the guard, then the handler that mints.
	e.GET("/sso/happyfox", echo.WrapHandler(sso), echo.WrapMiddleware(sso.Middleware))
	// HappyFox's Remote Logout URL.
	e.GET("/sso/logout", wrapFunc(sso.ServeLogout))

	e.GET("/signin", wrapFunc(app.SigninForm))
	e.POST("/signin", wrapFunc(app.Signin))
	e.POST("/signout", wrapFunc(app.Signout))
	e.GET("/", wrapFunc(app.Home))
	return e, nil
}

// wrapFunc is echo.WrapHandler for a handler function.
func wrapFunc(f http.HandlerFunc) echo.HandlerFunc { return echo.WrapHandler(f) }
