package jwtsso

import (
	"net/url"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// I17: a return parameter is followed only when it stays on this host.
func TestSafeReturnPath(t *testing.T) {
	tests := []struct {
		raw string
		ok  bool
	}{
		{"/", true},
		{"/sso/happyfox", true},
		{"/tickets?id=42&tab=open", true},
		{"/a/b#section", true},
		{"/caf%C3%A9", true},
		{"/./x", false},
		{"", false},
		{"sso", false},
		{"//evil.com", false},
		{"///evil.com", false},
		{`/\evil.com`, false},
		{`\/evil.com`, false},
		{"/%5Cevil.com", false},
		{"/%2F/evil.com", false},
		{"/%2f%2fevil.com", false},
		{"http:evil.com", false},
		{"https://evil.com", false},
		{"https:/evil.com", false},
		{"javascript:alert(1)", false},
		{"/%09/evil.com", false},
		{"/\t/evil.com", false},
		{"/\n/evil.com", false},
		{"/ /evil.com", false},
		{"/%0d%0aSet-Cookie:x=y", false},
		{"/café", false},
		{`/"><script>`, false},
		{"/a<b", false},
		{"/%zz", false},
		{"/" + strings.Repeat("a", maxReturnPath), false},
	}
	for _, tt := range tests {
		t.Run(tt.raw, func(t *testing.T) {
			got, ok := SafeReturnPath(tt.raw)
			assert.Equal(t, tt.ok, ok)
			if !ok {
				assert.Empty(t, got)
				return
			}
			assert.Equal(t, tt.raw, got, "a safe path is returned unchanged")
			assertSameHost(t, got)
		})
	}
}

// assertSameHost resolves p against a base URL the way a browser would
// (after stripping tabs and newlines) and checks that the host is kept.
func assertSameHost(t testing.TB, p string) {
	t.Helper()
	base, _ := url.Parse("https://app.example.com/login")
	stripped := strings.NewReplacer("\t", "", "\n", "", "\r", "").Replace(p)
	for _, s := range []string{p, stripped, strings.ReplaceAll(stripped, `\`, "/")} {
		ref, err := url.Parse(s)
		if err != nil {
			continue
		}
		assert.Equal(t, "app.example.com", base.ResolveReference(ref).Host, "path %q leaves the host", p)
	}
}

// I25: dot segments, raw or percent-encoded in any case, are refused in the
// path, and so is a path whose one-time-decoded form would be refused;
// dot segments in the query are fine, because only the path is
// normalised. Every accepted path survives the browser oracle and
// http.Redirect unchanged.
func TestSafeReturnPathDotSegments(t *testing.T) {
	tests := []struct {
		name string
		raw  string
		ok   bool
	}{
		{"http.Redirect makes it /%2fevil.com", "/./%2fevil.com", false},
		{"decodes to //evil.com", "/%2fevil.com", false},
		{"single dot then empty segment", "/.//evil.com", false},
		{"encoded double dot", "/%2e%2e//evil.com", false},
		{"double dot climbs past the root", "/a/../..//evil.com", false},
		{"encoded slashes around double dots", "/sso/..%2F..%2F%2Fevil.com", false},
		{"encoded single dot", "/%2e/x", false},
		{"encoded single dot, upper case", "/%2E/x", false},
		{"mixed-case encoded double dot", "/%2E%2e//evil.com", false},
		{"dot then encoded dot", "/.%2E//evil.com", false},
		{"encoded dot then dot", "/%2e./x", false},
		{"trailing single dot", "/x/.", false},
		{"trailing double dot", "/x/..", false},
		{"trailing encoded double dot", "/x/%2e%2E", false},
		{"dot segment before a fragment", "/a/..#x", false},
		{"dot segment before a query", "/a/..?x=1", false},
		{"whole segment that decodes to ..//", "/%2e%2e%2f%2fevil.com", false},
		{"decodes to a dot segment before a query", "/a/..%3F/evil.com", false},
		{"decodes to a dot segment before a fragment", "/a/..%23/evil.com", false},
		{"decodes to an encoded dot segment", "/%252e%252e/x", false},
		{"empty segment, cleaned by http.Redirect", "/a//b", false},
		{"decodes to an empty segment", "/a/%2F/b", false},
		{"fragment that http.Redirect cleans", "/a#/../b", false},
		{"fragment with an empty segment and no query", "/a#x//y", false},

		{"query with an encoded slash", "/sso/happyfox?x=1&y=%2F", true},
		{"dot segments in the query", "/search?q=../..//evil.com", true},
		{"encoded dot segments in the query", "/search?q=%2e%2e/%2e%2e//evil.com", true},
		{"dot segments in a fragment after the query", "/a?x=1#/../y", true},
		{"trailing slash", "/tickets/", true},
		{"three dots are a name", "/a/.../b", true},
		{"dots inside a segment", "/.well-known/x.y..z", true},
		{"encoded dot inside a segment", "/file%2Ehtml", true},
		{"encoded space", "/my%20file", true},
		{"encoded slash inside a segment", "/files/a%2Fb", true},
		{"fragment", "/a#section", true},
		{"double-encoded slashes: one decode leaves a plain segment", "/%252F%252Fevil.com", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := SafeReturnPath(tt.raw)
			require.Equal(t, tt.ok, ok, "SafeReturnPath(%q)", tt.raw)
			if !ok {
				assert.Empty(t, got)
				return
			}
			assert.Equal(t, tt.raw, got)
			assertSameHost(t, got)
			assertBrowserStaysHome(t, got)
			assertRedirectKeeps(t, got)
		})
	}
}

// I25, exhaustively over short paths: every path of up to four segments
// drawn from pieces that the attacks combine is either refused or passes
// the browser oracle and http.Redirect unchanged.
func TestSafeReturnPathNeverLeavesHost(t *testing.T) {
	pieces := []string{
		"", ".", "..", "%2e", "%2E%2e", ".%2E", "%2f", "%2F%2F", "%5c", "a", "evil.com", "..%2F", "%3F", "a#",
	}
	var accepted int
	var walk func(prefix string, depth int)
	walk = func(prefix string, depth int) {
		for _, suffix := range []string{"", "?x=/../", "#/../y"} {
			p := prefix + suffix
			if _, ok := SafeReturnPath(p); ok {
				accepted++
				assertBrowserStaysHome(t, p)
				assertRedirectKeeps(t, p)
			}
		}
		if depth == 4 {
			return
		}
		for _, piece := range pieces {
			walk(prefix+"/"+piece, depth+1)
		}
	}
	walk("", 0)
	assert.Positive(t, accepted)
}
