package cli

import (
	"io"
	"net"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/supportsso/jwtsso/internal/demo"
)

var demoReady = regexp.MustCompile(`(?s)Open (http://127\.0\.0\.1:\d+)/ in your browser\..*support centre  (http://localhost:\d+)/.*Press Ctrl-C to stop\.\n`)

// TestDemo drives the demo's whole flow in a browser with a cookie jar,
// across its two sites, then stops it.
func TestDemo(t *testing.T) {
	m, stderr, stop := started(t, nil, demoReady, "demo", "--host-port", "0", "--support-port", "0")
	host, support := m[1], m[2]

	jar, err := cookiejar.New(nil)
	require.NoError(t, err)
	browser := &http.Client{Jar: jar, Timeout: 10 * time.Second}

	res, body := get(t, browser, host+"/")
	assert.Equal(t, http.StatusOK, res.StatusCode)
	assert.Contains(t, body, "Not signed in.")
	assert.Contains(t, body, `<a class="button" href="`+support+`/login">Support</a>`)

	// Support → the support centre's Login → the host's Remote Login URL →
	// the guard → the sign-in form.
	res, body = get(t, browser, support+"/login")
	assert.Equal(t, host+"/signin?return_to=%2Fsso%2Fhappyfox", res.Request.URL.String())
	assert.Contains(t, body, `name="return_to" value="/sso/happyfox"`)
	assert.Contains(t, body, "Sign in to continue to the support centre")

	// Sign in → back to the Remote Login URL → token → the support centre.
	res = postForm(t, browser, host+"/signin", url.Values{"name": {"Ada <Lovelace>"}, "email": {"ada@example.com"}, "return_to": {"/sso/happyfox"}})
	assert.Equal(t, http.StatusOK, res.StatusCode)
	assert.Equal(t, support+"/", res.Request.URL.String())
	assert.Contains(t, readBody(t, res), "Welcome, Ada &lt;Lovelace&gt;")

	_, body = get(t, browser, host+"/")
	assert.Contains(t, body, "Signed in as <b>Ada &lt;Lovelace&gt;</b> (ada@example.com).")

	// Logout at the support centre → the Remote Logout URL → host home,
	// which says why the user is back.
	res, body = get(t, browser, support+"/logout")
	assert.Equal(t, host+"/?signed_out=support", res.Request.URL.String())
	assert.Contains(t, body, "Not signed in.")
	assert.Contains(t, body, "You signed out of the support centre")
	_, body = get(t, browser, support+"/")
	assert.Contains(t, body, "You are not signed in.")

	assert.Equal(t, exitOK, stop())
	log := stderr.String()
	assert.Contains(t, log, "jwtsso: token minted")
	assert.Contains(t, log, "jwtssotest: login accepted")
	assert.NotContains(t, log, "token=")
	assert.NotContains(t, log, demo.Key)
}

// TestDemoInvalidIdentity: an email the support centre cannot take gets the
// host's page with the reason, and no token.
func TestDemoInvalidIdentity(t *testing.T) {
	m, _, _ := started(t, nil, demoReady, "demo", "--host-port", "0", "--support-port", "0")
	host := m[1]
	jar, err := cookiejar.New(nil)
	require.NoError(t, err)
	browser := &http.Client{Jar: jar, Timeout: 10 * time.Second}

	res := postForm(t, browser, host+"/signin", url.Values{"name": {"Mallory"}, "email": {"Mallory <ada@example.com>"}, "return_to": {"/sso/happyfox"}})
	assert.Equal(t, http.StatusForbidden, res.StatusCode)
	assert.Equal(t, host+"/sso/happyfox", res.Request.URL.String())
	body := readBody(t, res)
	assert.Contains(t, body, "The support centre cannot sign you in")
	assert.Contains(t, body, "not a bare address")
	assert.NotContains(t, body, "token")

	res = postForm(t, browser, host+"/signin", url.Values{"name": {""}, "email": {"a@b.c"}})
	assert.Equal(t, http.StatusBadRequest, res.StatusCode)
	assert.Contains(t, readBody(t, res), "Type a name and an email address.")
}

func TestDemoUsage(t *testing.T) {
	tests := []struct {
		args   []string
		errOut string
	}{
		{[]string{"--host-port", "70000"}, "port 70000 is out of range"},
		{[]string{"now"}, `unexpected argument "now"`},
		{[]string{"--bind", "example.com"}, `--bind "example.com" is not an IP address`},
		{[]string{"--bind", "127.0.0.1:8080"}, "is not an IP address"},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.args, " "), func(t *testing.T) {
			code, _, errOut := runCLI(t, nil, "", append([]string{"demo"}, tt.args...)...)
			assert.Equal(t, exitUsage, code)
			assert.Contains(t, errOut, tt.errOut)
		})
	}
}

// TestDemoBind: --bind 0.0.0.0 listens on every interface, warns in one
// line that the demo's key is public, and still names the sites by their
// loopback URLs, which work through forwarded ports.
func TestDemoBind(t *testing.T) {
	m, stderr, _ := started(t, nil, demoReady, "demo", "--host-port", "0", "--support-port", "0", "--bind", "0.0.0.0")
	res, _ := get(t, noRedirects, m[1]+"/")
	assert.Equal(t, http.StatusOK, res.StatusCode)
	res, _ = get(t, noRedirects, m[2]+"/")
	assert.Equal(t, http.StatusOK, res.StatusCode)
	warning := stderr.String()
	assert.Regexp(t, `^jwtsso demo: warning: listening on 0\.0\.0\.0, .*key is public.*\n$`, warning)
	assert.Equal(t, 1, strings.Count(warning, "\n"), "one line")

	_, stderr, _ = started(t, nil, demoReady, "demo", "--host-port", "0", "--support-port", "0")
	assert.Empty(t, stderr.String(), "no warning on loopback")
}

func postForm(t *testing.T, c *http.Client, u string, form url.Values) *http.Response {
	t.Helper()
	res, err := c.Post(u, "application/x-www-form-urlencoded", strings.NewReader(form.Encode()))
	require.NoError(t, err)
	return res
}

func readBody(t *testing.T, res *http.Response) string {
	t.Helper()
	defer res.Body.Close()
	var sb strings.Builder
	_, err := io.Copy(&sb, res.Body)
	require.NoError(t, err)
	return sb.String()
}

// TestDemoPortInUse names the flag that changes each site's port.
func TestDemoPortInUse(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	defer l.Close()
	port := strconv.Itoa(l.Addr().(*net.TCPAddr).Port)
	for _, flag := range []string{"--host-port", "--support-port"} {
		t.Run(flag, func(t *testing.T) {
			args := []string{"demo", "--host-port", "0", "--support-port", "0", flag, port}
			code, _, errOut := runCLI(t, nil, "", args...)
			assert.Equal(t, exitRefused, code)
			assert.Contains(t, errOut, "choose another with "+flag+" (0 picks any free port)")
		})
	}
}
