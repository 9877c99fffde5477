// Package demo is the host application that every example program shares:
// a few in-memory users, a session cookie that names one of them, an
// [jwtsso.IdentityResolver] that reads it, and a sign-in page.
//
// It stands in for the parts of a real application that the jwtsso package
// does not provide, so that each example's main.go is left with the one thing
// it demonstrates: how to mount the jwtsso handlers on that router. Nothing
// here is fit for production: the session cookie holds a user ID instead of
// an unguessable session ID, and the sign-in page asks for no password.
package demo
