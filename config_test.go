package jwtsso

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// I13–I16: New refuses a bad configuration, with a specific sentinel and a
// message that never contains the key.
func TestNewRefusesBadConfig(t *testing.T) {
	res := &staticResolver{id: jo}
	tests := []struct {
		name     string
		key      string
		resolver IdentityResolver
		opts     []Option
		want     error
		says     string
	}{
		{name: "empty key (I13)", key: "", want: ErrInvalidKey, says: "empty"},
		{name: "31-byte key (I13)", key: testKey[:31], want: ErrInvalidKey, says: "at least 32"},
		{name: "key with trailing newline (I14)", key: testKey + "\n", want: ErrInvalidKey, says: "whitespace"},
		{name: "key with leading space (I14)", key: " " + testKey, want: ErrInvalidKey, says: "whitespace"},
		{name: "key with inner control character", key: testKey[:16] + "\x00" + testKey[16:], want: ErrInvalidKey, says: "control"},
		{name: "placeholder key", key: strings.Repeat("ab", 16), want: ErrInvalidKey, says: "distinct"},
		{name: "nil resolver", key: testKey, resolver: IdentityResolver(nil), want: ErrInvalidConfig, says: "IdentityResolver"},
		{name: "nil resolver func", key: testKey, resolver: IdentityResolverFunc(nil), want: ErrInvalidConfig, says: "IdentityResolver"},
		{name: "no support centre", key: testKey, opts: []Option{}, want: ErrInvalidConfig, says: "WithAccount"},
		{name: "account and URL both", key: testKey, opts: []Option{WithAccount("acme"), WithSupportURL("https://s.example.com")}, want: ErrInvalidConfig, says: "both"},
		{name: "account evil.com/ (I15)", key: testKey, opts: []Option{WithAccount("evil.com/")}, want: ErrInvalidAccount},
		{name: "account evil.com# (I15)", key: testKey, opts: []Option{WithAccount("evil.com#")}, want: ErrInvalidAccount},
		{name: "account x@evil.com# (I15)", key: testKey, opts: []Option{WithAccount("x@evil.com#")}, want: ErrInvalidAccount},
		{name: "empty account (I15)", key: testKey, opts: []Option{WithAccount("")}, want: ErrInvalidAccount},
		{name: "account -acme (I15)", key: testKey, opts: []Option{WithAccount("-acme")}, want: ErrInvalidAccount},
		{name: "account acme- (I15)", key: testKey, opts: []Option{WithAccount("acme-")}, want: ErrInvalidAccount},
		{name: "account ac me (I15)", key: testKey, opts: []Option{WithAccount("ac me")}, want: ErrInvalidAccount},
		{name: "account with dot (I15)", key: testKey, opts: []Option{WithAccount("acme.evil")}, want: ErrInvalidAccount},
		{name: "64-character account (I15)", key: testKey, opts: []Option{WithAccount(strings.Repeat("a", 64))}, want: ErrInvalidAccount},
		{name: "support URL http on a localhost subdomain (I16)", key: testKey, opts: []Option{WithSupportURL("http://app.localhost:8081")}, want: ErrInvalidSupportURL, says: "https"},
		{name: "support URL plain http (I16)", key: testKey, opts: []Option{WithSupportURL("http://support.example.com")}, want: ErrInvalidSupportURL, says: "https"},
		{name: "support URL with user info (I16)", key: testKey, opts: []Option{WithSupportURL("https://acme.happyfox.com@evil.com")}, want: ErrInvalidSupportURL, says: "user info"},
		{name: "support URL opaque (I16)", key: testKey, opts: []Option{WithSupportURL("https:evil.com")}, want: ErrInvalidSupportURL},
		{name: "support URL with query (I16)", key: testKey, opts: []Option{WithSupportURL("https://support.example.com/?a=b")}, want: ErrInvalidSupportURL, says: "query"},
		{name: "support URL with empty query (I16)", key: testKey, opts: []Option{WithSupportURL("https://support.example.com?")}, want: ErrInvalidSupportURL, says: "query"},
		{name: "support URL with fragment (I16)", key: testKey, opts: []Option{WithSupportURL("https://support.example.com#x")}, want: ErrInvalidSupportURL, says: "fragment"},
		{name: "support URL with empty fragment (I16)", key: testKey, opts: []Option{WithSupportURL("https://support.example.com#")}, want: ErrInvalidSupportURL, says: "fragment"},
		{name: "support URL with path", key: testKey, opts: []Option{WithSupportURL("https://support.example.com/jwt/")}, want: ErrInvalidSupportURL, says: "path"},
		{name: "support URL other scheme", key: testKey, opts: []Option{WithSupportURL("javascript://support.example.com")}, want: ErrInvalidSupportURL},
		{name: "support URL without host", key: testKey, opts: []Option{WithSupportURL("https:///jwt")}, want: ErrInvalidSupportURL},
		{name: "support URL scheme-relative", key: testKey, opts: []Option{WithSupportURL("//support.example.com")}, want: ErrInvalidSupportURL},
		{name: "support URL odd host", key: testKey, opts: []Option{WithSupportURL("https://evil.com%2F@x")}, want: ErrInvalidSupportURL},
		{name: "support URL host with underscore", key: testKey, opts: []Option{WithSupportURL("https://a_b.example.com")}, want: ErrInvalidSupportURL},
		{name: "login URL scheme-relative", key: testKey, opts: []Option{WithAccount("acme"), WithLoginURL("//evil.com/login", "next")}, want: ErrInvalidLoginURL},
		{name: "login URL http", key: testKey, opts: []Option{WithAccount("acme"), WithLoginURL("http://id.example.com/login", "next")}, want: ErrInvalidLoginURL},
		{name: "login URL javascript", key: testKey, opts: []Option{WithAccount("acme"), WithLoginURL("javascript:alert(1)", "next")}, want: ErrInvalidLoginURL},
		{name: "login URL relative", key: testKey, opts: []Option{WithAccount("acme"), WithLoginURL("login", "next")}, want: ErrInvalidLoginURL},
		{name: "login URL backslash", key: testKey, opts: []Option{WithAccount("acme"), WithLoginURL(`/\evil.com`, "next")}, want: ErrInvalidLoginURL},
		{name: "login URL user info", key: testKey, opts: []Option{WithAccount("acme"), WithLoginURL("https://a@evil.com/", "next")}, want: ErrInvalidLoginURL},
		{name: "return parameter without login URL", key: testKey, opts: []Option{WithAccount("acme"), WithLoginURL("", "next")}, want: ErrInvalidLoginURL},
		{name: "return parameter with space", key: testKey, opts: []Option{WithAccount("acme"), WithLoginURL("/login", "re turn")}, want: ErrInvalidLoginURL},
		{name: "logout path off-site", key: testKey, opts: []Option{WithAccount("acme"), WithLogout("https://evil.com/", nil)}, want: ErrInvalidLoginURL},
		{name: "redirect status 301", key: testKey, opts: []Option{WithAccount("acme"), WithRedirectStatus(http.StatusMovedPermanently)}, want: ErrInvalidConfig, says: "302 or 303"},
		{name: "nil clock", key: testKey, opts: []Option{WithAccount("acme"), WithClock(nil)}, want: ErrInvalidConfig, says: "clock"},
		{name: "nil entropy", key: testKey, opts: []Option{WithAccount("acme"), WithEntropy(nil)}, want: ErrInvalidConfig, says: "reader"},
		{name: "nil error handler", key: testKey, opts: []Option{WithAccount("acme"), WithErrorHandler(nil)}, want: ErrInvalidConfig, says: "handler"},
		{name: "nil logger", key: testKey, opts: []Option{WithAccount("acme"), WithLogger(nil)}, want: ErrInvalidConfig, says: "logger"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			resolver := tt.resolver
			if resolver == nil && !strings.Contains(tt.name, "nil resolver") {
				resolver = res
			}
			h, err := New(tt.key, resolver, tt.opts...)
			require.Error(t, err)
			assert.Nil(t, h)
			assert.ErrorIs(t, err, ErrInvalidConfig)
			assert.ErrorIs(t, err, tt.want)
			assert.Contains(t, err.Error(), tt.says)
			if tt.key != "" {
				assert.NotContains(t, err.Error(), strings.TrimSpace(tt.key), "the key must not appear in errors")
			}
		})
	}
}

func TestNewAcceptsGoodConfig(t *testing.T) {
	tests := []struct {
		name   string
		opts   []Option
		origin string
	}{
		{"account", []Option{WithAccount("acme")}, "https://acme.happyfox.com"},
		{"account upper case is lowered", []Option{WithAccount("Acme-Support2")}, "https://acme-support2.happyfox.com"},
		{"custom domain", []Option{WithSupportURL("https://support.example.com")}, "https://support.example.com"},
		{"custom domain with port and slash", []Option{WithSupportURL("https://support.example.com:8443/")}, "https://support.example.com:8443"},
		{"loopback http for tests", []Option{WithSupportURL("http://127.0.0.1:8081")}, "http://127.0.0.1:8081"},
		{"localhost http for the demo", []Option{WithSupportURL("http://localhost:8081")}, "http://localhost:8081"},
		{"IPv6 loopback", []Option{WithSupportURL("http://[::1]:8081")}, "http://[::1]:8081"},
		{"every option", []Option{
			WithAccount("acme"), WithLoginURL("https://id.example.com/login?x=1", "next"), WithRedirectStatus(http.StatusSeeOther),
			WithClock(time.Now), WithEntropy(&countingEntropy{}), WithErrorHandler(DefaultErrorHandler),
			WithLogger(discardLogger()), WithUnsafeAllowUnverifiedEmail(), WithLogout("/bye", nil),
		}, "https://acme.happyfox.com"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h, err := New(testKey, &staticResolver{}, tt.opts...)
			require.NoError(t, err)
			assert.Equal(t, tt.origin+"/jwt/?token=", h.tokenURL)
		})
	}
}
