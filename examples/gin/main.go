// Command gin mounts jwtsso on a github.com/gin-gonic/gin engine. Gin's
// handlers are not net/http handlers, so the guard goes through a small
// adapter, [wrapMiddleware], and the handlers through gin.WrapH and
// gin.WrapF.
//
// Run it from the examples directory:
//
//	HAPPYFOX_JWT_KEY=... HAPPYFOX_ACCOUNT=... go run ./gin
package main

import (
	"net/http"

	"github.com/gin-gonic/gin"
	"github.com/supportsso/jwtsso"
	"github.com/supportsso/jwtsso/examples/internal/demo"
	"github.com/supportsso/jwtsso/internal/hostapp"
)

func main() { demo.Main(newRouter) }

// newRouter builds the demo application's routes on a gin engine.
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

	r := gin.New()
	r.Use(gin.Recovery())
	r.HandleMethodNotAllowed = true // 405 rather than 404 for POST /sso/happyfox

	// HappyFox's Remote Login URL: the guard, then the handler that mints.
	// Without other gin middleware in between, gin.WrapH(sso) alone would
	// do: the handler runs the guard itself when the request skipped it.
	r.GET("/sso/happyfox", wrapMiddleware(sso.Middleware), gin.WrapH(sso))
	// HappyFox's Remote Logout URL.
	r.GET("/sso/logout", gin.WrapF(sso.ServeLogout))

	r.GET("/signin", gin.WrapF(app.SigninForm))
	r.POST("/signin", gin.WrapF(app.Signin))
	r.POST("/signout", gin.WrapF(app.Signout))
	r.GET("/", gin.WrapF(app.Home))
	return r, nil
}

// wrapMiddleware adapts net/http middleware to gin. The rest of gin's chain
// runs inside the middleware with the request it passes on, so what it adds
// to the request context (the guard's [jwtsso.FromContext] identity) reaches
// the later handlers. A middleware that answers the request itself, without
// calling on, aborts the chain.
func wrapMiddleware(mw func(http.Handler) http.Handler) gin.HandlerFunc {
	return func(c *gin.Context) {
		passed := false
		mw(http.HandlerFunc(func(_ http.ResponseWriter, r *http.Request) {
			passed = true
			c.Request = r
			c.Next()
		})).ServeHTTP(c.Writer, c.Request)
		if !passed {
			c.Abort()
		}
	}
}
