package main

import (
	"encoding/json"
	"net"
	"net/http"
	"slices"

	"github.com/golang-jwt/jwt/v5"
	"github.com/oauth2-proxy/mockoidc"
)

// providerUser is a user of the stand-in OpenID provider (mockoidc) that
// the program starts when no provider is configured, and that the tests
// start. mockoidc's own MockUser has no "name" claim, so this type gives
// the ID token the three claims the application reads: name, email and
// email_verified (always present, true or false).
type providerUser struct {
	Subject       string
	Name          string
	Email         string
	EmailVerified bool
}

// idClaims are the claims of providerUser's ID token, beside the standard
// ones (iss, sub, aud, exp, iat, nonce) that mockoidc fills in.
type idClaims struct {
	*mockoidc.IDTokenClaims
	Name          string `json:"name,omitempty"`
	Email         string `json:"email,omitempty"`
	EmailVerified *bool  `json:"email_verified,omitempty"`
}

// ID returns the subject of the user's tokens.
func (u *providerUser) ID() string { return u.Subject }

// Claims returns the ID token's claims for the granted scopes: name with
// "profile", email and email_verified with "email".
func (u *providerUser) Claims(scopes []string, base *mockoidc.IDTokenClaims) (jwt.Claims, error) {
	c := &idClaims{IDTokenClaims: base}
	if slices.Contains(scopes, "profile") {
		c.Name = u.Name
	}
	if slices.Contains(scopes, "email") {
		c.Email, c.EmailVerified = u.Email, &u.EmailVerified
	}
	return c, nil
}

// Userinfo returns the user's userinfo document (the application does
// not ask for it; the ID token is enough).
func (u *providerUser) Userinfo(scopes []string) ([]byte, error) {
	c, _ := u.Claims(scopes, &mockoidc.IDTokenClaims{RegisteredClaims: &jwt.RegisteredClaims{Subject: u.Subject}})
	return json.Marshal(c)
}

// demoUser is who signs in at the stand-in provider when no test queued
// anyone: mockoidc shows no login page, it signs the next queued user in.
var demoUser = &providerUser{Subject: "demo-1", Name: "Grace Hopper", Email: "grace@example.com", EmailVerified: true}

// startDemoProvider starts mockoidc on a loopback port. Every sign-in at
// it is demoUser's.
func startDemoProvider() (*mockoidc.MockOIDC, error) {
	m, err := mockoidc.NewServer(nil)
	if err != nil {
		return nil, err
	}
	err = m.AddMiddleware(func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if r.URL.Path == mockoidc.AuthorizationEndpoint {
				m.QueueUser(demoUser)
			}
			next.ServeHTTP(w, r)
		})
	})
	if err != nil {
		return nil, err
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	return m, m.Start(ln, nil)
}
