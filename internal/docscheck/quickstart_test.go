package docscheck

import (
	"context"
	"net"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/supportsso/jwtsso/internal/testutil"
	"github.com/supportsso/jwtsso/jwtssotest"
)

// quickstartKey is a throwaway key, as the README makes one.
const quickstartKey = "k4uTVqt82gHSB04WjGu2xmGY51BZWYs1"

// TestQuickStart builds the README's quick-start program as pasted, runs it
// with the environment the README gives against a fake support centre, and
// signs the stand-in session (cookie session=demo) in to it.
func TestQuickStart(t *testing.T) {
	var qs *Snippet
	for _, s := range allSnippets(t) {
		if s.HasTag("quickstart") {
			require.Nil(t, qs, "two snippets are tagged quickstart")
			qs = &s
		}
	}
	require.NotNil(t, qs, "README.md has no snippet tagged quickstart")
	require.True(t, qs.Whole(), "the quick start must be a whole program, pasted as it is")

	dir := filepath.Join(genDir, "quickstart")
	require.NoError(t, os.RemoveAll(dir))
	pkg := writeSnippet(t, dir, *qs)
	bin := filepath.Join(t.TempDir(), "quickstart")
	out, err := exec.Command("go", "build", "-o", bin, pkg).CombinedOutput()
	require.NoError(t, err, "%s", out)

	addr := freeAddr(t)
	app := "http://" + addr
	support, err := jwtssotest.NewServer(quickstartKey, jwtssotest.WithRemoteLoginURL(app+"/sso/happyfox"))
	require.NoError(t, err)
	t.Cleanup(support.Close)

	cmd := exec.Command(bin)
	cmd.Env = append(os.Environ(), "HAPPYFOX_JWT_KEY="+quickstartKey, "HAPPYFOX_SUPPORT_URL="+support.URL, "ADDR="+addr)
	var logs testutil.SyncBuffer // written by the command's copier goroutines
	cmd.Stdout, cmd.Stderr = &logs, &logs
	require.NoError(t, cmd.Start())
	t.Cleanup(func() { _ = cmd.Process.Kill(); _ = cmd.Wait() })
	waitListening(t, addr, &logs)

	t.Run("session=demo signs Jo in to the support centre", func(t *testing.T) {
		jar, err := cookiejar.New(nil)
		require.NoError(t, err)
		appURL, _ := url.Parse(app)
		jar.SetCookies(appURL, []*http.Cookie{{Name: "session", Value: "demo"}})
		resp, err := (&http.Client{Jar: jar}).Get(app + "/sso/happyfox")
		require.NoError(t, err)
		defer resp.Body.Close()
		assert.Equal(t, http.StatusOK, resp.StatusCode)
		assert.Equal(t, support.URL+"/", resp.Request.URL.String())
		logins := support.Logins()
		require.Len(t, logins, 1)
		assert.Equal(t, "Jo Example", logins[0].Claims.Name)
		assert.Equal(t, "jo@example.com", logins[0].Claims.Email)
	})

	t.Run("without the cookie, the guard sends the browser to /login", func(t *testing.T) {
		resp, err := noRedirects.Get(app + "/sso/happyfox")
		require.NoError(t, err)
		resp.Body.Close()
		assert.Equal(t, http.StatusFound, resp.StatusCode)
		assert.Equal(t, "/login?return_to=%2Fsso%2Fhappyfox", resp.Header.Get("Location"))
	})

	t.Run("the stand-in sign-in page signs in and returns only to a safe path", func(t *testing.T) {
		jar, err := cookiejar.New(nil)
		require.NoError(t, err)
		// The support centre's Login link, then the Remote Login URL, the
		// sign-in page, back to the Remote Login URL, and the token.
		resp, err := (&http.Client{Jar: jar}).Get(support.URL + "/login")
		require.NoError(t, err)
		resp.Body.Close()
		assert.Equal(t, support.URL+"/", resp.Request.URL.String(), "signed in after the sign-in page")
		assert.Len(t, support.Logins(), 2)

		resp, err = noRedirects.Get(app + "/login?return_to=" + url.QueryEscape("//evil.example/"))
		require.NoError(t, err)
		resp.Body.Close()
		assert.Equal(t, "/", resp.Header.Get("Location"), "a hostile return path is not followed")
	})

	assert.NotContains(t, logs.String(), "token=", "the quick start logs no token URL")
}

// noRedirects is a client that returns redirects instead of following them.
var noRedirects = &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}

// freeAddr returns a loopback address with a port that was free a moment ago.
func freeAddr(t *testing.T) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	addr := l.Addr().String()
	require.NoError(t, l.Close())
	return addr
}

// waitListening waits until something accepts connections on addr.
func waitListening(t *testing.T, addr string, logs *testutil.SyncBuffer) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	for ctx.Err() == nil {
		if c, err := net.DialTimeout("tcp", addr, 100*time.Millisecond); err == nil {
			c.Close()
			return
		}
		time.Sleep(20 * time.Millisecond)
	}
	t.Fatalf("the quick start did not listen on %s; its output:\n%s", addr, logs.String())
}
