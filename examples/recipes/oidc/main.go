// Command oidc signs in to its HappyFox support centre the users of an
// application whose own sign-in is OpenID Connect, through
// github.com/coreos/go-oidc/v3 and golang.org/x/oauth2. The guard sends an
// anonymous visitor to /login, which starts an authorization-code flow with
// state, nonce and PKCE; the callback verifies the ID token and keeps its
// name, email and email_verified claims in the session; the resolver maps
// them to a jwtsso.Identity. An address the provider has not verified is
// refused (jwtsso.ErrEmailUnverified).
//
// Run it from the examples/recipes directory:
//
//	go run ./oidc
//
// OIDC_ISSUER, OIDC_CLIENT_ID and OIDC_CLIENT_SECRET name your provider and
// this application's client there (register <PUBLIC_URL>/auth/callback as
// its redirect URI); without them the program starts a stand-in provider on
// loopback (mockoidc) that signs everyone in as one demo user. With
// HAPPYFOX_JWT_KEY and HAPPYFOX_ACCOUNT (or HAPPYFOX_SUPPORT_URL) set, it
// signs in to that support centre instead of a local fake one.
package main

import (
	"context"
	"errors"
	"log"
	"net/http"
	"os"

	"github.com/supportsso/jwtsso/examples/recipes/internal/site"
)

// The environment variables that name the OpenID provider.
const (
	EnvIssuer       = "OIDC_ISSUER"
	EnvClientID     = "OIDC_CLIENT_ID"
	EnvClientSecret = "OIDC_CLIENT_SECRET"
)

func main() {
	site.Main("oidc recipe", func(ctx context.Context, cfg site.Config) (http.Handler, error) {
		pc := providerConfig{
			Issuer:       os.Getenv(EnvIssuer),
			ClientID:     os.Getenv(EnvClientID),
			ClientSecret: os.Getenv(EnvClientSecret),
		}
		var stop func() error
		if pc == (providerConfig{}) {
			m, err := startDemoProvider()
			if err != nil {
				return nil, err
			}
			c := m.Config()
			pc = providerConfig{Issuer: c.Issuer, ClientID: c.ClientID, ClientSecret: c.ClientSecret}
			stop = m.Shutdown
			log.Printf("no %s set: a stand-in OpenID provider runs at %s", EnvIssuer, c.Issuer)
		}
		a, err := newApp(ctx, cfg, pc)
		if err != nil {
			if stop != nil {
				err = errors.Join(err, stop())
			}
			return nil, err
		}
		a.onClose = stop
		return a, nil
	})
}
