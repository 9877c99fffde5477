package jwtsso

import (
	"net/url"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
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
		{"/./x", true},
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
