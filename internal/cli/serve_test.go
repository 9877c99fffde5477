package cli

import (
	"io"
	"net"
	"net/http"
	"regexp"
	"strconv"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var noRedirects = &http.Client{
	Timeout:       10 * time.Second,
	CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
}

// get fetches u without following redirects.
func get(t *testing.T, c *http.Client, u string) (*http.Response, string) {
	t.Helper()
	res, err := c.Get(u)
	require.NoError(t, err)
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	require.NoError(t, err)
	return res, string(b)
}

var serveReady = regexp.MustCompile(`Fake HappyFox support centre on (http://127\.0\.0\.1:\d+)\n(?s:.*)Press Ctrl-C to stop\.\n`)

func TestServe(t *testing.T) {
	m, stderr, stop := started(t, withKey, serveReady, "serve", "--port", "0",
		"--remote-login-url", "http://127.0.0.1:8080/sso/happyfox")
	origin := m[1]
	assert.Contains(t, m[0], "Client Redirect URL  "+origin+"/jwt/?token=")
	assert.Contains(t, m[0], "Remote Logout URL    (none: /logout goes to /)")

	res, body := get(t, noRedirects, origin+"/")
	assert.Equal(t, http.StatusOK, res.StatusCode)
	assert.Contains(t, body, "You are not signed in.")

	res, _ = get(t, noRedirects, origin+"/login")
	assert.Equal(t, http.StatusFound, res.StatusCode)
	assert.Equal(t, "http://127.0.0.1:8080/sso/happyfox", res.Header.Get("Location"))

	loc := mintURL(t, testKey, origin, testNow)
	res, _ = get(t, noRedirects, loc)
	assert.Equal(t, http.StatusSeeOther, res.StatusCode, "accepted on the command's clock")
	res, body = get(t, noRedirects, loc)
	assert.Equal(t, http.StatusForbidden, res.StatusCode)
	assert.Contains(t, body, "Remote token has already been used")

	// The counts page shows both outcomes as they happened.
	assert.Contains(t, m[0], "Counts               "+origin+"/counts")
	res, body = get(t, noRedirects, origin+"/counts")
	assert.Equal(t, http.StatusOK, res.StatusCode)
	assert.Equal(t, "no-store", res.Header.Get("Cache-Control"))
	assert.Regexp(t, `(?s)accepted.*1`, body)
	assert.Contains(t, body, "token_replayed")
	assert.NotContains(t, body, tokenIn(t, loc))

	assert.Equal(t, exitOK, stop())
	log := stderr.String()
	assert.Contains(t, log, "jwtssotest: login accepted")
	assert.Contains(t, log, "jwtsso serve: stopped after")
	assert.Contains(t, log, "1 logins")
	assert.NotContains(t, log, tokenIn(t, loc))
	assert.NotContains(t, log, testKey)
}

// TestServeBind: --bind 0.0.0.0 warns in one line and prints a loopback
// origin, the one a host application accepts over plain http.
func TestServeBind(t *testing.T) {
	m, stderr, _ := started(t, withKey, serveReady, "serve", "--port", "0", "--bind", "0.0.0.0")
	res, _ := get(t, noRedirects, m[1]+"/")
	assert.Equal(t, http.StatusOK, res.StatusCode)
	assert.Regexp(t, `^jwtsso serve: warning: listening on 0\.0\.0\.0, so other machines can reach .*\n$`, stderr.String())
}

func TestServeRefuses(t *testing.T) {
	tests := []struct {
		name   string
		env    map[string]string
		args   []string
		code   int
		errOut string
	}{
		{"no key", nil, nil, exitUsage, "no key: set " + envKey},
		{"argument", withKey, []string{"extra"}, exitUsage, `unexpected argument "extra"`},
		{"bad key", map[string]string{envKey: "0123"}, nil, exitRefused, "the key from $" + envKey},
		{"relative login URL", withKey, []string{"--remote-login-url", "/sso"}, exitRefused, "remote login URL"},
		{"bad port", withKey, []string{"--port", "99999"}, exitUsage, "--port 99999 is out of range"},
		{"bad bind", withKey, []string{"--bind", "localhost"}, exitUsage, `--bind "localhost" is not an IP address`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, out, errOut := runCLI(t, tt.env, "", append([]string{"serve"}, tt.args...)...)
			assert.Equal(t, tt.code, code)
			assert.Empty(t, out)
			assert.Contains(t, errOut, tt.errOut)
		})
	}
}

// TestServePagesNameFlags: the refusal pages of serve name its flags, and
// the window they set, not the Go options of jwtssotest.
func TestServePagesNameFlags(t *testing.T) {
	m, _, _ := started(t, withKey, serveReady, "serve", "--port", "0", "--max-age", "30s", "--leeway", "2s")
	origin := m[1]
	tests := []struct {
		name, path string
		status     int
		want       []string
	}{
		{"expired", "/jwt/?token=" + tokenIn(t, mintURL(t, testKey, origin, testNow.Add(-time.Minute))), http.StatusForbidden,
			[]string{"Remote token has expired", "30 seconds after its iat, plus 2 seconds of leeway (--max-age and --leeway set them)"}},
		{"from the future", "/jwt/?token=" + tokenIn(t, mintURL(t, testKey, origin, testNow.Add(time.Minute))), http.StatusForbidden,
			[]string{"leeway of 2 seconds (--leeway sets it)"}},
		{"no Remote Login URL", "/login", http.StatusNotFound, []string{"--remote-login-url sets it"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, body := get(t, noRedirects, origin+tt.path)
			assert.Equal(t, tt.status, res.StatusCode)
			for _, w := range tt.want {
				assert.Contains(t, body, w)
			}
			assert.NotContains(t, body, "With")
		})
	}
}

// TestServePortInUse names the flag that changes the port.
func TestServePortInUse(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	defer l.Close()
	port := strconv.Itoa(l.Addr().(*net.TCPAddr).Port)
	code, _, errOut := runCLI(t, withKey, "", "serve", "--port", port)
	assert.Equal(t, exitRefused, code)
	assert.Contains(t, errOut, "address already in use; another program uses that port: choose another with --port (0 picks any free port)")
}

// TestServeHelpSaysWhatIsDocumented: serve's help separates what HappyFox
// documents from the fake's assumptions, and names the flags that relax
// them.
func TestServeHelpSaysWhatIsDocumented(t *testing.T) {
	code, out, _ := runCLI(t, nil, "", "serve", "--help")
	assert.Equal(t, exitOK, code)
	for _, s := range []string{
		"What HappyFox documents, the fake does: the /jwt/?token= URL",
		`the 120-second window
(--max-age) with the message "Remote token has expired", and that a used jti
is refused.`,
		"The rest is the fake's assumption",
		"refusing an iat in the future beyond the leeway (a larger\n--leeway relaxes it)",
	} {
		assert.Contains(t, out, s)
	}
}
