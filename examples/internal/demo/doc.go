// Package demo runs the router examples: it reads their configuration from
// the environment ([ConfigFromEnv]), builds a router with the example's
// own function and serves it ([Main]). The host application that the
// examples mount (sign-in page, session, identity resolver) is the one the
// jwtsso command's demo uses too, package
// github.com/supportsso/jwtsso/internal/hostapp, offering the two [Users].
//
// Nothing here is fit for production: the sign-in page asks for no
// password.
package demo
