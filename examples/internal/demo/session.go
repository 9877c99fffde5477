package demo

import (
	"net/http"

	"github.com/supportsso/jwtsso"
)

// SessionCookie is the name of the demo session cookie. Its value is the ID
// of the signed-in user.
const SessionCookie = "demo_session"

// users are the demo application's accounts, by ID. Every address counts as
// verified, as it would after the application's own confirmation mail.
var users = map[string]jwtsso.Identity{
	"ada":  {Name: "Ada Lovelace", Email: "ada@example.com", EmailVerified: true},
	"jose": {Name: "José Núñez", Email: "jose@example.com", EmailVerified: true},
}

// UserIDs lists the demo users' IDs in a fixed order.
func UserIDs() []string { return []string{"ada", "jose"} }

// User returns the identity of the demo user with the given ID, and whether
// there is one.
func User(id string) (jwtsso.Identity, bool) {
	u, ok := users[id]
	return u, ok
}

// Resolver is the demo's [jwtsso.IdentityResolver]: it returns the user
// named by the session cookie, or [jwtsso.ErrNoIdentity] when the cookie is
// missing or names nobody, which makes the guard send the browser to the
// sign-in page.
var Resolver = jwtsso.IdentityResolverFunc(func(r *http.Request) (jwtsso.Identity, error) {
	c, err := r.Cookie(SessionCookie)
	if err != nil {
		return jwtsso.Identity{}, jwtsso.ErrNoIdentity
	}
	u, ok := User(c.Value)
	if !ok {
		return jwtsso.Identity{}, jwtsso.ErrNoIdentity
	}
	return u, nil
})

// startSession sets the session cookie for the user with the given ID.
//
// SameSite is Lax, not Strict: the browser arrives at the Remote Login URL
// from the support centre, another site, and a Strict cookie would not be
// sent on that hop, so the guard would see nobody and loop through sign-in.
func startSession(w http.ResponseWriter, r *http.Request, id string) {
	http.SetCookie(w, &http.Cookie{
		Name:     SessionCookie,
		Value:    id,
		Path:     "/",
		HttpOnly: true,
		Secure:   r.TLS != nil, // a real deployment is https-only: always true
		SameSite: http.SameSiteLaxMode,
	})
}

// EndSession is the demo's [jwtsso.EndSessionFunc], for [jwtsso.WithLogout]:
// it deletes the session cookie.
func EndSession(w http.ResponseWriter, r *http.Request) error {
	http.SetCookie(w, &http.Cookie{
		Name:     SessionCookie,
		Path:     "/",
		MaxAge:   -1,
		HttpOnly: true,
		Secure:   r.TLS != nil,
		SameSite: http.SameSiteLaxMode,
	})
	return nil
}
