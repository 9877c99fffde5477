package jwtsso

import (
	"encoding/json"
	"net/mail"
	"net/url"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/stretchr/testify/require"
)

// FuzzIdentity: the checks never panic, and whatever they accept is encoded
// so that a JSON decoder gets back exactly the same name and email.
func FuzzIdentity(f *testing.F) {
	for _, s := range [][2]string{
		{"Jo Example", "jo@example.com"}, {"José 山田", "Jose.Yamada@example.com"}, {"", ""},
		{"Jo", "Mallory <victim@x.com>"}, {"Jo", "victim@x.com (c)"}, {"Jo", " a@b.com "},
		{"Jo\n", "a@b.com\r"}, {"Jo\x00", "a\x00@b.com"}, {"Jo\u202e", "a\u202e@b.com"}, {"Jos\xe9", "a\xff@b.com"},
		{`"quoted"\`, `"a\"b"@x.com`}, {"\u2028", "a@[127.0.0.1]"},
	} {
		f.Add(s[0], s[1])
	}
	f.Fuzz(func(t *testing.T, name, email string) {
		id := Identity{Name: name, Email: email, EmailVerified: true}
		if validateIdentity(&id, false) != nil {
			return
		}
		require.True(t, utf8.ValidString(name) && utf8.ValidString(email))
		addr, err := mail.ParseAddress(email)
		require.NoError(t, err)
		require.Equal(t, email, addr.Address)
		require.LessOrEqual(t, len(email), MaxEmailBytes)
		require.LessOrEqual(t, len(name), MaxNameBytes)
		require.False(t, strings.ContainsAny(email, " \t\r\n\x00"))

		c := Claims{IssuedAt: 1717740457, ID: "01HZRMYK18000G40R40M30E209", Name: name, Email: email}
		var back Claims
		require.NoError(t, json.Unmarshal(c.appendJSON(nil), &back))
		require.Equal(t, c, back)
	})
}

// FuzzSupportOrigin: an accepted account or support URL always yields a
// token URL on the host that was configured, over https unless the host is
// a loopback one.
func FuzzSupportOrigin(f *testing.F) {
	for _, s := range []string{
		"acme", "evil.com/", "evil.com#", "x@evil.com#", "-acme", "ac me",
		"https://support.example.com", "http://127.0.0.1:8081", "https://acme.happyfox.com@evil.com",
		"https:evil.com", "https://s.example.com/?q", "https://s.example.com#", "http://localhost.evil.com",
		"https://[::1]:443/", "https://xn--80ak6aa92e.com",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, raw string) {
		if origin, err := supportOrigin(&settings{account: raw, accountSet: true}); err == nil {
			u, err := url.Parse(origin + "/jwt/?token=x")
			require.NoError(t, err)
			require.Equal(t, strings.ToLower(raw)+".happyfox.com", u.Host)
		}
		origin, err := supportOrigin(&settings{supportURL: raw, supportURLSet: true})
		if err != nil {
			return
		}
		u, err := url.Parse(origin + "/jwt/?token=x")
		require.NoError(t, err)
		in, err := url.Parse(raw)
		require.NoError(t, err)
		require.Nil(t, u.User)
		require.Equal(t, strings.ToLower(in.Host), u.Host)
		require.Equal(t, "/jwt/", u.Path)
		require.Equal(t, "token=x", u.RawQuery)
		if u.Scheme != "https" {
			require.Equal(t, "http", u.Scheme)
			require.True(t, isLoopback(u.Hostname()))
		}
	})
}
