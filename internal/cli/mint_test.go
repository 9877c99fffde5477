package cli

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/supportsso/jwtsso/verify"
)

func TestMint(t *testing.T) {
	code, out, errOut := runCLI(t, withKey, "", "mint", "--name", "José 山田", "--email", "jose@example.com", "--account", "acme")
	require.Equal(t, exitOK, code, errOut)
	lines := strings.Split(strings.TrimSpace(out), "\n")
	require.Len(t, lines, 3)
	assert.Regexp(t, `^claims: \{"iat":1717740457,"jti":"[0-9A-Z]{26}","name":"José 山田","email":"jose@example.com"\}$`, lines[0])
	token := strings.TrimPrefix(lines[1], "token:  ")
	assert.Equal(t, "url:    https://acme.happyfox.com/jwt/?token="+token, lines[2])
	assert.Contains(t, errOut, "Valid once, until about 06:09:37 UTC")
	assert.NotContains(t, out+errOut, testKey)

	v, err := verify.New(testKey, verify.WithClock(func() time.Time { return testNow }))
	require.NoError(t, err)
	c, err := v.Verify(context.Background(), token)
	require.NoError(t, err)
	assert.Equal(t, "José 山田", c.Name)
}

func TestMintKeyFile(t *testing.T) {
	path := writeFile(t, otherKey+"\r\n")
	code, out, errOut := runCLI(t, withKey, "", "mint", "--key-file", path, "--name", "Jo", "--email", "jo@example.com",
		"--support-url", "http://127.0.0.1:8081")
	require.Equal(t, exitOK, code, errOut)
	assert.Contains(t, out, "url:    http://127.0.0.1:8081/jwt/?token=")
	_, loc, _ := strings.Cut(strings.TrimSpace(out), "url:    ")
	code, out, _ = runCLI(t, map[string]string{envKey: otherKey}, "", "inspect", loc)
	assert.Equal(t, exitOK, code, "signed with the file's key, not the environment's")
	assert.Contains(t, out, "Accepted")
}

func TestMintRefuses(t *testing.T) {
	tests := []struct {
		name   string
		env    map[string]string
		args   []string
		code   int
		errOut string
	}{
		{"no name", withKey, []string{"--email", "jo@example.com", "--account", "acme"}, exitUsage, "--name and --email are required"},
		{"no email", withKey, []string{"--name", "Jo", "--account", "acme"}, exitUsage, "--name and --email are required"},
		{"no support centre", withKey, []string{"--name", "Jo", "--email", "jo@example.com"}, exitUsage, "one of --account and --support-url"},
		{"two support centres", withKey, []string{"--name", "Jo", "--email", "jo@example.com", "--account", "acme", "--support-url", "https://x.example.com"}, exitUsage, "one of --account and --support-url"},
		{"argument", withKey, []string{"--name", "Jo", "--email", "jo@example.com", "--account", "acme", "extra"}, exitUsage, `unexpected argument "extra"`},
		{"no key", nil, []string{"--name", "Jo", "--email", "jo@example.com", "--account", "acme"}, exitUsage, "no key: set " + envKey},
		{"short key", map[string]string{envKey: "abc"}, []string{"--name", "Jo", "--email", "jo@example.com", "--account", "acme"}, exitRefused, "the key from $" + envKey + ": invalid configuration: invalid key"},
		{"key with newline", map[string]string{envKey: testKey + "\n"}, []string{"--name", "Jo", "--email", "jo@example.com", "--account", "acme"}, exitRefused, "leading or trailing whitespace"},
		{"display name in email", withKey, []string{"--name", "Mallory", "--email", "Mallory <jo@example.com>", "--account", "acme"}, exitRefused, "not a bare address"},
		{"account that is a host", withKey, []string{"--name", "Jo", "--email", "jo@example.com", "--account", "evil.com/"}, exitRefused, "invalid account name"},
		{"http support URL", withKey, []string{"--name", "Jo", "--email", "jo@example.com", "--support-url", "http://support.example.com"}, exitRefused, "must use https"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, out, errOut := runCLI(t, tt.env, "", append([]string{"mint"}, tt.args...)...)
			assert.Equal(t, tt.code, code)
			assert.Empty(t, out, "no token on a refusal")
			assert.Contains(t, errOut, tt.errOut)
			assert.NotContains(t, errOut, testKey)
		})
	}
}
