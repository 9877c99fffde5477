// Package hostapp is the demo host application: the stand-in for "your web
// application" that the jwtsso command's demo (package internal/demo) and
// the four router examples (the examples module) share. It provides what
// jwtsso does not: a sign-in page, a session cookie, an
// [jwtsso.IdentityResolver] that reads it, a start page, an end-session
// hook for [jwtsso.WithLogout] and an [jwtsso.ErrorHandler] that shows why
// the support centre cannot take an identity.
//
// The caller builds the jwtsso handler and mounts every route itself, so
// that each example's main.go shows its whole jwtsso.New call and routes:
//
//	app := hostapp.New(hostapp.Config{SupportLink: "/sso/happyfox"})
//	sso, err := jwtsso.New(key, app, jwtsso.WithAccount("acme"),
//		jwtsso.WithLoginURL(hostapp.SigninPath, hostapp.ReturnParam),
//		jwtsso.WithLogout(hostapp.SupportLogoutLanding, app.EndSession),
//		jwtsso.WithErrorHandler(app.SSOError))
//	mux.Handle("GET /sso/happyfox", alice.New(sso.Middleware).Then(sso))
//	mux.HandleFunc("GET /sso/logout", sso.ServeLogout)
//	mux.HandleFunc("GET /signin", app.SigninForm)
//	mux.HandleFunc("POST /signin", app.Signin)
//	mux.HandleFunc("POST /signout", app.Signout)
//	mux.HandleFunc("GET /{$}", app.Home)
//
// Nothing here is fit for production: the sign-in page asks for no
// password and every address counts as verified. Sessions are random IDs
// kept in memory.
package hostapp
