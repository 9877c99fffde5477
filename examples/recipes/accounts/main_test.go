package main

import (
	"context"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/supportsso/jwtsso"
	"github.com/supportsso/jwtsso/examples/recipes/internal/flowtest"
	"github.com/supportsso/jwtsso/examples/recipes/internal/site"
	"github.com/supportsso/jwtsso/jwtssotest"
	"github.com/supportsso/jwtsso/verify"
)

// writeKey writes key to the key file at path, as an operator would.
func writeKey(t *testing.T, path, key string) {
	t.Helper()
	require.NoError(t, os.WriteFile(path, []byte(key+"\n"), 0o600))
}

// world is the application serving two accounts, acme (KeyA) and globex
// (KeyB), each with its own fake support centre.
type world struct {
	app     *app
	host    *flowtest.Host
	support map[string]*jwtssotest.Server
	keyFile map[string]string
}

func start(t *testing.T, users site.Directory) *world {
	t.Helper()
	dir := t.TempDir()
	w := &world{host: flowtest.Listen(t), support: map[string]*jwtssotest.Server{}, keyFile: map[string]string{}}
	var accounts []Account
	for name, key := range map[string]string{"acme": flowtest.KeyA, "globex": flowtest.KeyB} {
		w.support[name] = flowtest.Support(t, key, w.host, "/sso/"+name, "/sso/"+name+"/logout")
		w.keyFile[name] = filepath.Join(dir, name+".key")
		writeKey(t, w.keyFile[name], key)
		accounts = append(accounts, Account{Name: name, SupportURL: w.support[name].URL, KeyFile: w.keyFile[name]})
	}
	a, err := newApp(accounts, users, w.host.URL)
	require.NoError(t, err)
	w.app = a
	w.host.Start(t, a)
	return w
}

func (w *world) browser(t *testing.T) *flowtest.Browser {
	return flowtest.NewBrowser(t, map[string]string{
		w.host.URL: "host", w.support["acme"].URL: "acme", w.support["globex"].URL: "globex",
	})
}

// signedIn returns a browser signed in to the application as ada.
func (w *world) signedIn(t *testing.T) *flowtest.Browser {
	t.Helper()
	b := w.browser(t)
	page := b.PostForm(t, w.host.URL+"/login", url.Values{"user": {"ada"}})
	require.Equal(t, "host /", page.Where)
	require.Contains(t, page.Body, "Ada Lovelace")
	return b
}

func TestTwoAccounts(t *testing.T) {
	w := start(t, site.Users)
	ada, _ := site.User("ada")
	b := w.browser(t)

	// Signing in through acme's support centre...
	form := b.Get(t, w.support["acme"].URL+"/login")
	assert.Equal(t, []string{"acme /login", "host /sso/acme", "host /login"}, form.Hops)
	page := b.PostForm(t, w.host.URL+"/login", url.Values{"user": {"ada"}, site.ReturnParam: {"/sso/acme"}})
	assert.Equal(t, []string{"host /login", "host /sso/acme", "acme /jwt/", "acme /"}, page.Hops)
	flowtest.RequireSignedIn(t, w.support["acme"], page, ada)

	// ...then globex's needs no second sign-in to the application.
	page = b.Get(t, w.support["globex"].URL+"/login")
	assert.Equal(t, []string{"globex /login", "host /sso/globex", "globex /jwt/", "globex /"}, page.Hops)
	flowtest.RequireSignedIn(t, w.support["globex"], page, ada)
	assert.Len(t, w.support["acme"].Logins(), 1)
	assert.Len(t, w.support["globex"].Logins(), 1)

	t.Run("each account's key only", func(t *testing.T) {
		verifier := map[string]*verify.Verifier{"acme": flowtest.Verifier(t, flowtest.KeyA), "globex": flowtest.Verifier(t, flowtest.KeyB)}
		client := b.NoFollow()
		for _, name := range []string{"acme", "globex"} {
			t.Run(name, func(t *testing.T) {
				for range 5 {
					tok := flowtest.Mint(t, client, w.host.URL+"/sso/"+name, w.support[name].URL)
					for other, v := range verifier {
						assert.Equal(t, other == name, flowtest.SignedWith(t, v, tok), "token for %s checked with %s's key", name, other)
					}
				}
			})
		}
	})

	t.Run("unknown account", func(t *testing.T) {
		for _, path := range []string{"/sso/initech", "/sso/initech/logout", "/signed-out/initech"} {
			res, err := b.NoFollow().Get(w.host.URL + path)
			require.NoError(t, err)
			res.Body.Close()
			assert.Equal(t, http.StatusNotFound, res.StatusCode, path)
		}
	})
}

func TestLogoutPerAccount(t *testing.T) {
	w := start(t, site.Users)
	for _, name := range []string{"acme", "globex"} {
		t.Run(name, func(t *testing.T) {
			b := w.signedIn(t)
			page := b.Get(t, w.support[name].URL+"/login")
			require.Equal(t, name+" /", page.Where)

			page = b.Get(t, w.support[name].URL+"/logout")
			assert.Equal(t, []string{name + " /logout", "host /sso/" + name + "/logout", "host /signed-out/" + name}, page.Hops)
			assert.Contains(t, page.Body, "out of the "+name+" support centre")
			page = b.Get(t, w.host.URL+"/")
			assert.Contains(t, page.Body, "Not signed in")
		})
	}
}

func TestRotateKey(t *testing.T) {
	w := start(t, site.Users)
	b := w.signedIn(t)
	client := b.NoFollow()
	oldKey, newKey := flowtest.Verifier(t, flowtest.KeyA), flowtest.Verifier(t, flowtest.KeyA2)
	acme := w.host.URL + "/sso/acme"
	supportURL := w.support["acme"].URL

	tok := flowtest.Mint(t, client, acme, supportURL)
	require.True(t, flowtest.SignedWith(t, oldKey, tok))

	writeKey(t, w.keyFile["acme"], flowtest.KeyA2)
	require.NoError(t, w.app.Reload())
	for range 3 {
		tok := flowtest.Mint(t, client, acme, supportURL)
		assert.True(t, flowtest.SignedWith(t, newKey, tok), "after the swap: the new key")
		assert.False(t, flowtest.SignedWith(t, oldKey, tok), "after the swap: never the old key")
	}
	globex := flowtest.Mint(t, client, w.host.URL+"/sso/globex", w.support["globex"].URL)
	assert.True(t, flowtest.SignedWith(t, flowtest.Verifier(t, flowtest.KeyB), globex), "the other account keeps its key")

	t.Run("a bad key keeps the current one", func(t *testing.T) {
		tests := []struct{ name, key string }{
			{"too short", "Zx9Lm2Qp7Rt4"},
			{"repeated pattern", strings.Repeat("abc123", 6)},
			{"leading space", " " + flowtest.KeyB},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				writeKey(t, w.keyFile["acme"], tt.key)
				err := w.app.Reload()
				require.ErrorIs(t, err, jwtsso.ErrInvalidKey)
				assert.Contains(t, err.Error(), "account acme")
				assert.NotContains(t, err.Error(), tt.key)
				tok := flowtest.Mint(t, client, acme, supportURL)
				assert.True(t, flowtest.SignedWith(t, newKey, tok))
			})
		}
	})
}

// gate is a user directory that holds one armed lookup until released, so
// that a test can swap keys while a request is in flight.
type gate struct {
	armed   atomic.Bool
	entered chan struct{}
	release chan struct{}
}

func (g *gate) Lookup(ctx context.Context, id string) (jwtsso.Identity, bool) {
	if g.armed.CompareAndSwap(true, false) {
		close(g.entered)
		<-g.release
	}
	return site.Users.Lookup(ctx, id)
}

// TestRotateKeyInFlight: a request that started before the swap finishes
// on the handler it started with, so with the old key.
func TestRotateKeyInFlight(t *testing.T) {
	g := &gate{entered: make(chan struct{}), release: make(chan struct{})}
	w := start(t, g)
	b := w.signedIn(t)
	client := b.NoFollow()

	g.armed.Store(true)
	type result struct {
		tok string
		err error
	}
	done := make(chan result)
	go func() {
		tok, err := flowtest.TryMint(client, w.host.URL+"/sso/acme", w.support["acme"].URL)
		done <- result{tok, err}
	}()
	<-g.entered // the request has its handler and is resolving the user
	writeKey(t, w.keyFile["acme"], flowtest.KeyA2)
	require.NoError(t, w.app.Reload())
	close(g.release)
	r := <-done
	require.NoError(t, r.err)
	assert.True(t, flowtest.SignedWith(t, flowtest.Verifier(t, flowtest.KeyA), r.tok), "in flight during the swap: the old key")

	tok := flowtest.Mint(t, client, w.host.URL+"/sso/acme", w.support["acme"].URL)
	assert.True(t, flowtest.SignedWith(t, flowtest.Verifier(t, flowtest.KeyA2), tok), "after it: the new key")
}

// TestRotateKeyConcurrent swaps acme's key back and forth while requests
// run (meant for -race): every token is signed with exactly one of the two
// keys, and once the swapping is over, with the last key only.
func TestRotateKeyConcurrent(t *testing.T) {
	w := start(t, site.Users)
	client := w.signedIn(t).NoFollow()
	acme, supportURL := w.host.URL+"/sso/acme", w.support["acme"].URL
	keys := []string{flowtest.KeyA2, flowtest.KeyA}
	verifiers := []*verify.Verifier{flowtest.Verifier(t, flowtest.KeyA2), flowtest.Verifier(t, flowtest.KeyA)}

	const workers, perWorker, swaps = 6, 20, 10
	var (
		mu     sync.Mutex
		tokens []string
		errs   []error
		wg     sync.WaitGroup
	)
	for range workers {
		wg.Go(func() {
			for range perWorker {
				tok, err := flowtest.TryMint(client, acme, supportURL)
				mu.Lock()
				if err != nil {
					errs = append(errs, err)
				} else {
					tokens = append(tokens, tok)
				}
				mu.Unlock()
			}
		})
	}
	for i := range swaps {
		writeKey(t, w.keyFile["acme"], keys[i%2])
		require.NoError(t, w.app.Reload())
	}
	wg.Wait()
	require.Empty(t, errs)
	require.Len(t, tokens, workers*perWorker)
	for _, tok := range tokens {
		n := 0
		for _, v := range verifiers {
			if flowtest.SignedWith(t, v, tok) {
				n++
			}
		}
		assert.Equal(t, 1, n, "a token is signed with exactly one key")
	}

	last := verifiers[(swaps-1)%2]
	other := verifiers[swaps%2]
	for range 5 {
		tok := flowtest.Mint(t, client, acme, supportURL)
		assert.True(t, flowtest.SignedWith(t, last, tok), "after the swaps: the last key")
		assert.False(t, flowtest.SignedWith(t, other, tok))
	}
}

func TestParseAccounts(t *testing.T) {
	tests := []struct {
		name, list, dir string
		want            []Account
		wantErr         bool
	}{
		{"none", "", "", nil, false},
		{"two", "acme, globex=https://help.globex.example", "/run/keys", []Account{
			{Name: "acme", KeyFile: "/run/keys/acme.key"},
			{Name: "globex", SupportURL: "https://help.globex.example", KeyFile: "/run/keys/globex.key"},
		}, false},
		{"no key directory", "acme", "", nil, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := parseAccounts(tt.list, tt.dir)
			if tt.wantErr {
				assert.Error(t, err)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tt.want, got)
		})
	}
}

func TestBadAccounts(t *testing.T) {
	key := filepath.Join(t.TempDir(), "k.key")
	writeKey(t, key, flowtest.KeyA)
	tests := []struct {
		name     string
		accounts []Account
	}{
		{"none", nil},
		{"name with a dot", []Account{{Name: "evil.com", KeyFile: key}}},
		{"twice", []Account{{Name: "acme", KeyFile: key}, {Name: "acme", KeyFile: key}}},
		{"missing key file", []Account{{Name: "acme", KeyFile: key + ".missing"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a, err := newApp(tt.accounts, site.Users, "")
			assert.Nil(t, a)
			assert.Error(t, err)
		})
	}
}
