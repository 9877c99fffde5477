package jwtsso

import (
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	whatwg "github.com/nlnwa/whatwg-url/url"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// returnPathSeeds are the paths the issues and the security checklist name
// (I17, I25), accepted or not.
var returnPathSeeds = []string{
	"/", "/sso/happyfox", "/a?b=c#d", "/sso/happyfox?x=1&y=%2F", "/search?q=../..//evil.com",
	"//evil.com", `/\evil.com`, "http:evil.com", "https://evil.com", "/%09/evil.com", "/\t/evil.com",
	"/%2F/evil.com", "/%5Cevil.com", "/café",
	"/./%2fevil.com", "/%2fevil.com", "/.//evil.com", "/%2e%2e//evil.com", "/a/../..//evil.com",
	"/sso/..%2F..%2F%2Fevil.com", "/%2e/x", "/%2E%2e//evil.com", "/.%2E//evil.com", "/%2e.//evil.com",
	"/%2e%2e%2f%2fevil.com", "/a/..%3F/evil.com", "/a#/../b", "/a//b",
	"/%252F%252Fevil.com", "/%252e%252e/x",
}

// FuzzSafeReturnPath checks SafeReturnPath against three independent
// readings of every path it accepts: Go's net/url, a browser's (a WHATWG
// URL parser), both on the path as it is and after one percent-decode, and
// http.Redirect's clean-up. It never panics, and an accepted path stays on
// the host and comes out of http.Redirect unchanged.
func FuzzSafeReturnPath(f *testing.F) {
	for _, s := range returnPathSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, raw string) {
		got, ok := SafeReturnPath(raw)
		if !ok {
			require.Empty(t, got)
			return
		}
		require.Equal(t, raw, got)
		require.True(t, strings.HasPrefix(got, "/") && !strings.HasPrefix(got, "//"))
		assertSameHost(t, got)
		u, err := url.Parse(got)
		require.NoError(t, err)
		require.False(t, strings.HasPrefix(u.Path, "//"), "decoded path %q", u.Path)
		assertBrowserStaysHome(t, got)
		assertRedirectKeeps(t, got)
	})
}

// browserBase is where the WHATWG oracle resolves return paths.
const browserBase = "https://host.example/"

// assertBrowserStaysHome resolves p against browserBase as a browser does,
// and again after one percent-decode of p, and checks that both land on
// browserBase's host with a path that does not start with "//" (raw or
// decoded once): a page or framework that later redirects to that path
// would otherwise send the browser to another host.
func assertBrowserStaysHome(t testing.TB, p string) {
	t.Helper()
	for i, s := range []string{p, decodeOnce(p)} {
		u, err := whatwg.ParseRef(browserBase, s)
		require.NoError(t, err, "WHATWG parser refuses %q", s)
		require.Equal(t, "host.example", u.Host(), "%q leaves the host", s)
		require.False(t, strings.HasPrefix(u.Pathname(), "//"), "%q has the browser path %q", s, u.Pathname())
		if i == 0 {
			require.False(t, strings.HasPrefix(decodeOnce(u.Pathname()), "//"),
				"%q has the browser path %q, which decodes to one that starts with //", s, u.Pathname())
		}
	}
}

// assertRedirectKeeps checks that http.Redirect, which cleans a Location
// that has no scheme and host, writes p unchanged, and that what it writes
// is accepted too.
func assertRedirectKeeps(t testing.TB, p string) {
	t.Helper()
	w := httptest.NewRecorder()
	http.Redirect(w, httptest.NewRequest(http.MethodGet, "/login", nil), p, http.StatusSeeOther)
	loc := w.Header().Get("Location")
	require.Equal(t, p, loc, "http.Redirect rewrites %q", p)
	_, ok := SafeReturnPath(loc)
	require.True(t, ok, "http.Redirect turns %q into %q, which is refused", p, loc)
}

// decodeOnce replaces every valid %XX escape in s by its byte and leaves
// everything else, including a stray "%", as it is: a lenient decoder of
// the kind a framework might run once over a whole URL.
func decodeOnce(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] == '%' && i+2 < len(s) && isHex(s[i+1]) && isHex(s[i+2]) {
			b.WriteByte(unhex(s[i+1])<<4 | unhex(s[i+2]))
			i += 2
			continue
		}
		b.WriteByte(s[i])
	}
	return b.String()
}

func isHex(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}

func unhex(c byte) byte {
	switch {
	case c <= '9':
		return c - '0'
	case c <= 'F':
		return c - 'A' + 10
	}
	return c - 'a' + 10
}

// The oracle itself must see what the issues describe, or it proves
// nothing.
func TestBrowserOracleSeesTheAttacks(t *testing.T) {
	tests := []struct{ raw, pathname string }{
		{"/.//evil.com", "//evil.com"},
		{"/%2e%2e//evil.com", "//evil.com"},
		{"/a/../..//evil.com", "//evil.com"},
		{"/./%2fevil.com", "/%2fevil.com"},
		{decodeOnce("/sso/..%2F..%2F%2Fevil.com"), "//evil.com"},
	}
	for _, tt := range tests {
		t.Run(tt.raw, func(t *testing.T) {
			u, err := whatwg.ParseRef(browserBase, tt.raw)
			require.NoError(t, err)
			assert.Equal(t, "host.example", u.Host())
			assert.Equal(t, tt.pathname, u.Pathname())
		})
	}
	assert.Equal(t, "/sso/../..//evil.com", decodeOnce("/sso/..%2F..%2F%2Fevil.com"))
	assert.Equal(t, "/%zz/%", decodeOnce("/%zz/%"))
}
