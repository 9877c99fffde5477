// Command gorilla signs the users of an application that keeps its
// sessions in cookies with github.com/gorilla/sessions in to its HappyFox
// support centre. The cookie store has an authentication key (HMAC-SHA256,
// so a changed cookie is refused) and an encryption key (AES-256, so the
// browser cannot read what the cookie holds).
//
// Run it from the examples/recipes directory:
//
//	go run ./gorilla
//
// SESSION_AUTH_KEY and SESSION_ENCRYPTION_KEY hold the two keys as hex
// (openssl rand -hex 32); without them the program makes random ones, and
// sessions end when it stops. With HAPPYFOX_JWT_KEY and HAPPYFOX_ACCOUNT (or
// HAPPYFOX_SUPPORT_URL) set, it signs in to that support centre instead of
// a local fake one.
package main

import (
	"context"
	"net/http"
	"os"

	"github.com/supportsso/jwtsso/examples/recipes/internal/site"
)

func main() {
	site.Main("gorilla recipe", func(_ context.Context, cfg site.Config) (http.Handler, error) {
		keys, err := keysFromEnv(os.Getenv)
		if err != nil {
			return nil, err
		}
		return newApp(cfg, keys)
	})
}
