package site

import (
	"cmp"
	"crypto/rand"
	"errors"
	"strings"

	"github.com/supportsso/jwtsso"
	"github.com/supportsso/jwtsso/jwtssotest"
)

// The environment variables that [FromEnv] reads.
const (
	// EnvKey holds the JWT key that HappyFox shows under
	// Apps » Goodies » JSON Web Token (JWT).
	EnvKey = "HAPPYFOX_JWT_KEY"
	// EnvAccount holds the HappyFox account name, the <account> in
	// https://<account>.happyfox.com.
	EnvAccount = "HAPPYFOX_ACCOUNT"
	// EnvSupportURL holds the support centre's origin on a custom domain,
	// such as https://support.example.com. It replaces EnvAccount.
	EnvSupportURL = "HAPPYFOX_SUPPORT_URL"
	// EnvAddr holds the address to listen on; [DefaultAddr] when empty.
	EnvAddr = "ADDR"
	// EnvPublicURL holds the application's own origin as browsers see it,
	// such as https://app.example.com; http://$ADDR when empty. Cookies
	// are marked Secure when it is https.
	EnvPublicURL = "PUBLIC_URL"
)

// DefaultAddr is where the recipes listen by default: loopback only, since
// their sign-in pages ask for no password.
const DefaultAddr = "127.0.0.1:8080"

// Config is what a recipe needs to build its application. Exactly one of
// Account and SupportURL is set. Its String method never shows Key.
type Config struct {
	// Key is the HappyFox JWT key.
	Key string
	// Account is the HappyFox account name.
	Account string
	// SupportURL is the support centre's origin on a custom domain, or the
	// local fake's.
	SupportURL string
	// Addr is the address to listen on.
	Addr string
	// PublicURL is the application's origin as browsers see it, with no
	// trailing slash.
	PublicURL string
}

// FromEnv reads a Config through getenv (normally os.Getenv). When none of
// [EnvKey], [EnvAccount] and [EnvSupportURL] is set, it returns a Config
// with a random key and no support centre: [Main] then starts a local fake
// one (see [StartLocalSupport]). A Config with some but not all of them is
// an error that names what is missing; it never contains the key.
func FromEnv(getenv func(string) string) (Config, error) {
	c := Config{
		Key:        getenv(EnvKey),
		Account:    getenv(EnvAccount),
		SupportURL: getenv(EnvSupportURL),
		Addr:       cmp.Or(getenv(EnvAddr), DefaultAddr),
	}
	c.PublicURL = strings.TrimSuffix(cmp.Or(getenv(EnvPublicURL), "http://"+c.Addr), "/")
	switch {
	case c.Key == "" && c.Account == "" && c.SupportURL == "":
		c.Key = RandomKey()
	case c.Key == "":
		return Config{}, errors.New(EnvKey + " is not set: copy the key from HappyFox, Apps » Goodies » JSON Web Token (JWT)")
	case c.Account == "" && c.SupportURL == "":
		return Config{}, errors.New(EnvAccount + " is not set: use the <account> of https://<account>.happyfox.com (or set " + EnvSupportURL + " for a custom domain)")
	case c.Account != "" && c.SupportURL != "":
		return Config{}, errors.New("set " + EnvAccount + " or " + EnvSupportURL + ", not both")
	}
	return c, nil
}

// Local reports whether c names no support centre, so that a local fake
// one must be started for it.
func (c Config) Local() bool { return c.Account == "" && c.SupportURL == "" }

// SupportOption returns the option that tells [jwtsso.New] where the
// support centre is.
func (c Config) SupportOption() jwtsso.Option {
	if c.SupportURL != "" {
		return jwtsso.WithSupportURL(c.SupportURL)
	}
	return jwtsso.WithAccount(c.Account)
}

// SecureCookies reports whether the application is served over https, so
// that its cookies must be marked Secure.
func (c Config) SecureCookies() bool { return strings.HasPrefix(c.PublicURL, "https://") }

// String describes c without its key.
func (c Config) String() string {
	return "site.Config{Account: " + c.Account + ", SupportURL: " + c.SupportURL + ", PublicURL: " + c.PublicURL + "}"
}

// GoString describes c without its key, for the %#v verb.
func (c Config) GoString() string { return c.String() }

// RandomKey returns a new random key of 52 characters from crypto/rand,
// for the local fake support centre.
func RandomKey() string { return rand.Text() + rand.Text() }

// StartLocalSupport starts a fake HappyFox support centre (jwtssotest) on
// a loopback port that accepts tokens signed with key and sends its Login
// and Logout links to the given absolute Remote Login and Remote Logout
// URLs of the application. The caller must Close it.
func StartLocalSupport(key, remoteLogin, remoteLogout string) (*jwtssotest.Server, error) {
	return jwtssotest.NewServer(key,
		jwtssotest.WithRemoteLoginURL(remoteLogin),
		jwtssotest.WithRemoteLogoutURL(remoteLogout))
}
