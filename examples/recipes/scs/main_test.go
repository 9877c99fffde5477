package main

import (
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/supportsso/jwtsso/examples/recipes/internal/flowtest"
	"github.com/supportsso/jwtsso/examples/recipes/internal/site"
	"github.com/supportsso/jwtsso/jwtssotest"
)

// world is one application with its SQLite file and its fake support
// centre, on loopback.
type world struct {
	app     *app
	dbPath  string
	host    *flowtest.Host
	support *jwtssotest.Server
}

func start(t *testing.T) *world {
	t.Helper()
	w := &world{dbPath: filepath.Join(t.TempDir(), "sessions.db"), host: flowtest.Listen(t)}
	w.support = flowtest.Support(t, flowtest.KeyA, w.host, site.LoginPath, site.LogoutPath)
	a, err := newApp(w.config(), w.dbPath)
	require.NoError(t, err)
	w.app = a
	w.host.Start(t, a)
	return w
}

func (w *world) config() site.Config {
	return site.Config{Key: flowtest.KeyA, SupportURL: w.support.URL, PublicURL: w.host.URL}
}

func (w *world) browser(t *testing.T) *flowtest.Browser {
	return flowtest.NewBrowser(t, map[string]string{w.host.URL: "host", w.support.URL: "support"})
}

// sessionRows counts the sessions stored in the SQLite file.
func (w *world) sessionRows(t *testing.T) int {
	t.Helper()
	var n int
	require.NoError(t, w.app.db.QueryRow(`SELECT count(*) FROM sessions`).Scan(&n))
	return n
}

// signIn goes from the support centre's Login link through the sign-in
// page as user, and returns the page the browser ends on.
func (w *world) signIn(t *testing.T, b *flowtest.Browser, user string) flowtest.Page {
	t.Helper()
	return flowtest.SignIn(t, b, w.host.URL, w.support.URL, site.LoginPath, user)
}

func TestSignIn(t *testing.T) {
	w := start(t)
	b := w.browser(t)
	page := w.signIn(t, b, "ada")
	assert.Equal(t, []string{"host /login", "host /sso/happyfox", "support /jwt/", "support /"}, page.Hops)
	ada, _ := site.User("ada")
	flowtest.RequireSignedIn(t, w.support, page, ada)
	assert.Equal(t, 1, w.sessionRows(t), "the session is in SQLite")

	t.Run("signed in already", func(t *testing.T) {
		page := b.Get(t, w.support.URL+"/login")
		assert.Equal(t, []string{"support /login", "host /sso/happyfox", "support /jwt/", "support /"}, page.Hops)
		flowtest.RequireSignedIn(t, w.support, page, ada)
	})

	t.Run("session survives a restart", func(t *testing.T) {
		// A second process on the same file: the cookie the browser holds
		// still names a session, read back from SQLite.
		again, err := newApp(w.config(), w.dbPath)
		require.NoError(t, err)
		t.Cleanup(func() { assert.NoError(t, again.Close()) })
		srv := httptest.NewServer(again)
		t.Cleanup(srv.Close)
		_, port, _ := strings.Cut(srv.URL, "127.0.0.1:")
		tok := flowtest.Mint(t, b.NoFollow(), "http://localhost:"+port+site.LoginPath, w.support.URL)
		page := b.Get(t, w.support.URL+"/jwt/?token="+tok)
		flowtest.RequireSignedIn(t, w.support, page, ada)
	})

	t.Run("logout", func(t *testing.T) {
		page := b.Get(t, w.support.URL+"/logout")
		assert.Equal(t, []string{"support /logout", "host /sso/logout", "host /"}, page.Hops)
		assert.Contains(t, page.Body, "Not signed in")
		assert.Zero(t, w.sessionRows(t), "the session is deleted from SQLite")

		page = b.Get(t, w.host.URL+site.LoginPath)
		assert.Equal(t, "host /login", page.Where, "signed out: the guard sends the browser to sign in")
	})
}

func TestUnverifiedEmailRefused(t *testing.T) {
	w := start(t)
	page := w.signIn(t, w.browser(t), "sam")
	assert.Equal(t, http.StatusForbidden, page.Status)
	assert.Equal(t, "host /sso/happyfox", page.Where)
	assert.Empty(t, w.support.Logins(), "no token reached the support centre")
}

func TestHostileReturnPath(t *testing.T) {
	w := start(t)
	flowtest.RequireReturnRefused(t, w.browser, w.host.URL, "ada")
}
