// Command scs signs the users of an application that keeps its sessions
// with github.com/alexedwards/scs/v2 in SQLite in to its HappyFox support
// centre. The session middleware runs before the jwtsso guard:
//
//	alice.New(sessionManager.LoadAndSave, sso.Middleware).Then(sso)
//
// so the guard's resolver reads a session that is already loaded.
//
// Run it from the examples/recipes directory:
//
//	go run ./scs                      # with a local fake support centre
//	go run ./scs -db /var/lib/app/sessions.db
//
// With HAPPYFOX_JWT_KEY and HAPPYFOX_ACCOUNT (or HAPPYFOX_SUPPORT_URL) set,
// it signs in to that support centre instead.
package main

import (
	"cmp"
	"context"
	"flag"
	"net/http"
	"os"
	"path/filepath"

	"github.com/supportsso/jwtsso/examples/recipes/internal/site"
)

// EnvDB names the environment variable with the SQLite file for sessions;
// the -db flag overrides it.
const EnvDB = "SESSIONS_DB"

func main() {
	db := flag.String("db", cmp.Or(os.Getenv(EnvDB), filepath.Join(os.TempDir(), "jwtsso-recipes-scs.db")),
		"SQLite file that holds the sessions, created on first run (env "+EnvDB+")")
	flag.Parse()
	site.Main("scs recipe", func(_ context.Context, cfg site.Config) (http.Handler, error) {
		return newApp(cfg, *db)
	})
}
