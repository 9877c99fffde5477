package demo

import (
	"errors"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/supportsso/jwtsso"
)

const testKey = "t3StK3yQw8Zp2Lm9TnR4vXc7BsD1fGj6"

func env(m map[string]string) func(string) string {
	return func(k string) string { return m[k] }
}

func TestConfigFromEnv(t *testing.T) {
	tests := []struct {
		name    string
		env     map[string]string
		want    Config
		wantErr string
	}{
		{"account", map[string]string{EnvKey: testKey, EnvAccount: "acme"}, Config{Key: testKey, Account: "acme"}, ""},
		{"custom domain", map[string]string{EnvKey: testKey, EnvSupportURL: "https://help.example.com"},
			Config{Key: testKey, SupportURL: "https://help.example.com"}, ""},
		{"no key", map[string]string{EnvAccount: "acme"}, Config{}, EnvKey + " is not set"},
		{"no account", map[string]string{EnvKey: testKey}, Config{}, EnvAccount + " is not set"},
		{"both", map[string]string{EnvKey: testKey, EnvAccount: "acme", EnvSupportURL: "https://help.example.com"},
			Config{}, "not both"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ConfigFromEnv(env(tt.env))
			if tt.wantErr != "" {
				require.ErrorContains(t, err, tt.wantErr)
				assert.NotContains(t, err.Error(), testKey)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tt.want, got)
		})
	}
}

func TestConfigHidesKey(t *testing.T) {
	c := Config{Key: testKey, Account: "acme"}
	for _, verb := range []string{"%v", "%+v", "%#v", "%s"} {
		assert.NotContains(t, fmt.Sprintf(verb, c), testKey, verb)
	}
}

func TestRun(t *testing.T) {
	good := map[string]string{EnvKey: testKey, EnvAccount: "acme"}
	okBuild := func(Config) (http.Handler, error) { return http.NotFoundHandler(), nil }

	t.Run("listens on ADDR or the default", func(t *testing.T) {
		for addr, want := range map[string]string{"": DefaultAddr, "127.0.0.1:9999": "127.0.0.1:9999"} {
			e := map[string]string{EnvAddr: addr}
			for k, v := range good {
				e[k] = v
			}
			var got string
			err := run(env(e), okBuild, func(a string, _ http.Handler) error { got = a; return nil })
			require.NoError(t, err)
			assert.Equal(t, want, got)
		}
	})
	t.Run("constructor error is returned", func(t *testing.T) {
		sentinel := errors.New("bad")
		err := run(env(good), func(Config) (http.Handler, error) { return nil, sentinel }, nil)
		require.ErrorIs(t, err, sentinel)
	})
	t.Run("missing env is returned before building", func(t *testing.T) {
		err := run(env(nil), func(Config) (http.Handler, error) { panic("built") }, nil)
		require.ErrorContains(t, err, EnvKey)
	})
}

func TestSupportOption(t *testing.T) {
	tests := []struct {
		cfg  Config
		want string
	}{
		{Config{Key: testKey, Account: "acme"}, "https://acme.happyfox.com/jwt/?token="},
		{Config{Key: testKey, SupportURL: "https://help.example.com"}, "https://help.example.com/jwt/?token="},
	}
	for _, tt := range tests {
		t.Run(tt.want, func(t *testing.T) {
			sso, err := jwtsso.New(tt.cfg.Key, jwtsso.RedirectURLOnly, tt.cfg.SupportOption())
			require.NoError(t, err)
			u := Users[0]
			u.EmailVerified = true
			loc, err := sso.RedirectURL(t.Context(), u)
			require.NoError(t, err)
			assert.True(t, strings.HasPrefix(loc, tt.want), "redirects to %s", tt.want)
		})
	}
}
