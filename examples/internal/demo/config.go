package demo

import (
	"errors"

	"github.com/supportsso/jwtsso"
)

// The environment variables that [ConfigFromEnv] reads.
const (
	// EnvKey holds the JWT key that HappyFox shows under
	// Apps » Goodies » JSON Web Token (JWT).
	EnvKey = "HAPPYFOX_JWT_KEY"
	// EnvAccount holds the HappyFox account name, the <account> in
	// https://<account>.happyfox.com.
	EnvAccount = "HAPPYFOX_ACCOUNT"
	// EnvSupportURL holds the support centre's origin when it is served on
	// a custom domain, such as https://support.example.com. It replaces
	// EnvAccount.
	EnvSupportURL = "HAPPYFOX_SUPPORT_URL"
)

// Config is what an example needs to build its router. Exactly one of
// Account and SupportURL is set. Its String method never shows Key.
type Config struct {
	// Key is the HappyFox JWT key.
	Key string
	// Account is the HappyFox account name.
	Account string
	// SupportURL is the support centre's origin on a custom domain.
	SupportURL string
}

// ConfigFromEnv reads a Config from the environment through getenv
// (normally os.Getenv). It returns an error naming the variable that is
// missing; the error never contains the key. The values are passed on
// unchanged: [jwtsso.New] checks them and explains what is wrong.
func ConfigFromEnv(getenv func(string) string) (Config, error) {
	c := Config{
		Key:        getenv(EnvKey),
		Account:    getenv(EnvAccount),
		SupportURL: getenv(EnvSupportURL),
	}
	switch {
	case c.Key == "":
		return Config{}, errors.New(EnvKey + " is not set: copy the key from HappyFox, Apps » Goodies » JSON Web Token (JWT)")
	case c.Account == "" && c.SupportURL == "":
		return Config{}, errors.New(EnvAccount + " is not set: use the <account> of https://<account>.happyfox.com (or set " + EnvSupportURL + " for a custom domain)")
	case c.Account != "" && c.SupportURL != "":
		return Config{}, errors.New("set " + EnvAccount + " or " + EnvSupportURL + ", not both")
	}
	return c, nil
}

// SupportOption returns the option that tells [jwtsso.New] where the
// support centre is: [jwtsso.WithSupportURL] when c.SupportURL is set,
// [jwtsso.WithAccount] otherwise.
func (c Config) SupportOption() jwtsso.Option {
	if c.SupportURL != "" {
		return jwtsso.WithSupportURL(c.SupportURL)
	}
	return jwtsso.WithAccount(c.Account)
}

// String describes c without its key.
func (c Config) String() string {
	if c.SupportURL != "" {
		return "demo.Config{SupportURL: " + c.SupportURL + "}"
	}
	return "demo.Config{Account: " + c.Account + "}"
}

// GoString describes c without its key, for the %#v verb.
func (c Config) GoString() string { return c.String() }
