package jwtssotest

import (
	"cmp"
	"errors"
	"fmt"
	"log/slog"
	"net/url"
	"strings"
	"time"

	"github.com/supportsso/jwtsso"
	"github.com/supportsso/jwtsso/verify"
)

// Option configures the fake support centre built by [NewServer] or
// [NewHandler]. Options are applied in order; the constructor checks the
// result and returns an error that wraps [jwtsso.ErrInvalidConfig] for a bad
// one.
type Option func(*config)

// config is what the options fill in; defaultConfig holds every default.
type config struct {
	loginURL  string
	logoutURL string
	now       func() time.Time
	logger    *slog.Logger
	verifier  []verify.Option
	maxAge    time.Duration // as given to WithMaxAge, for the pages
	leeway    time.Duration // as given to WithLeeway, for the pages
	names     SettingNames
	errs      []error
}

func defaultConfig() config {
	return config{
		logoutURL: "/", now: time.Now, logger: slog.New(slog.DiscardHandler),
		maxAge: verify.DefaultMaxAge, leeway: verify.DefaultLeeway,
		names: SettingNames{
			RemoteLoginURL: "jwtssotest.WithRemoteLoginURL",
			MaxAge:         "jwtssotest.WithMaxAge",
			Leeway:         "jwtssotest.WithLeeway",
		},
	}
}

// SettingNames are the names under which the fake's settings are offered
// to whoever runs it; its pages use them to say what to change. A tool that
// wraps the fake names its own flags (the jwtsso command's serve passes
// "--max-age" and so on). An empty field keeps the default: the name of
// the Go option.
type SettingNames struct {
	RemoteLoginURL string // default "jwtssotest.WithRemoteLoginURL"
	MaxAge         string // default "jwtssotest.WithMaxAge"
	Leeway         string // default "jwtssotest.WithLeeway"
}

// WithSettingNames sets the names that the fake's pages give its settings,
// for a tool that wraps the fake and offers them under other names, such
// as command-line flags. Default: the names of the Go options.
func WithSettingNames(n SettingNames) Option {
	return func(c *config) {
		c.names.RemoteLoginURL = cmp.Or(n.RemoteLoginURL, c.names.RemoteLoginURL)
		c.names.MaxAge = cmp.Or(n.MaxAge, c.names.MaxAge)
		c.names.Leeway = cmp.Or(n.Leeway, c.names.Leeway)
	}
}

func (c *config) fail(format string, args ...any) {
	c.errs = append(c.errs, fmt.Errorf("%w: jwtssotest: "+format, append([]any{jwtsso.ErrInvalidConfig}, args...)...))
}

func (c *config) err() error { return errors.Join(c.errs...) }

// WithRemoteLoginURL sets the host application's Remote Login URL, where
// GET /login sends the browser: an absolute http or https URL, such as
// "http://127.0.0.1:8080/sso/happyfox". Default: none; /login then shows a
// page that says JWT login is not configured (404).
func WithRemoteLoginURL(u string) Option {
	return func(c *config) {
		if err := checkRemoteURL(u); err != nil {
			c.fail("remote login URL: %w", err)
		}
		c.loginURL = u
	}
}

// WithRemoteLogoutURL sets the host application's Remote Logout URL, where
// GET /logout sends the browser after it has ended the session: an absolute
// http or https URL. Default: none; /logout then redirects to /.
func WithRemoteLogoutURL(u string) Option {
	return func(c *config) {
		if err := checkRemoteURL(u); err != nil {
			c.fail("remote logout URL: %w", err)
		}
		c.logoutURL = u
	}
}

// WithClock sets the fake's clock: its verifier judges a token's iat by it,
// its default replay store expires entries by it, and [Login].At and the
// session start come from it. It is called from concurrent requests, so it
// must be safe for concurrent use; a [Clock]'s Now method is, and can be
// moved while the server runs. A replay store given to [WithReplayStore]
// must use the same clock. Default: time.Now.
func WithClock(now func() time.Time) Option {
	return func(c *config) {
		if now == nil {
			c.fail("WithClock: nil clock")
		}
		c.now = now
	}
}

// WithMaxAge sets how old a token may be, by its iat, as
// [verify.WithMaxAge] does for the verifier. Default: 120 seconds, the
// window HappyFox documents.
func WithMaxAge(d time.Duration) Option {
	return func(c *config) { c.maxAge, c.verifier = d, append(c.verifier, verify.WithMaxAge(d)) }
}

// WithLeeway sets the allowance for clocks that disagree, as
// [verify.WithLeeway] does for the verifier: it lets a token through that
// much past its max age, and that much before its iat. HappyFox documents
// no leeway, and does not say whether it refuses an iat in the future; a
// larger leeway relaxes both assumptions. Default: [verify.DefaultLeeway],
// 5 seconds.
func WithLeeway(d time.Duration) Option {
	return func(c *config) { c.leeway, c.verifier = d, append(c.verifier, verify.WithLeeway(d)) }
}

// WithVerifyOptions passes options to the fake's [verify.Verifier], after
// those that [WithMaxAge], [WithLeeway] and [WithReplayStore] add (options
// apply in order, so a later one wins). Use it to relax what the fake
// assumes but HappyFox does not document, or to test a key rotation:
//
//	// Accept tokens signed with the old key too.
//	jwtssotest.WithVerifyOptions(verify.WithPreviousKeys(oldKey))
//
// The fake's clock ([WithClock]) always wins over [verify.WithClock]. The
// pages describe the window set with WithMaxAge and WithLeeway, so prefer
// those for the window. A bad option makes the constructor return an error
// that wraps [jwtsso.ErrInvalidConfig]. Default: none.
func WithVerifyOptions(opts ...verify.Option) Option {
	return func(c *config) { c.verifier = append(c.verifier, opts...) }
}

// WithReplayStore sets where the fake records the jti of each accepted
// token, as [verify.WithReplayStore] does for the verifier; a
// [verify.MemoryStore] must share the fake's clock ([verify.WithStoreClock]).
// Tests use it to make the store fail. Default: a memory store of the fake's
// own, on the fake's clock.
func WithReplayStore(s verify.ReplayStore) Option {
	return func(c *config) { c.verifier = append(c.verifier, verify.WithReplayStore(s)) }
}

// WithLogger sets where the fake logs one event per accepted login (with
// the jti and email) and per refused token (with the reason). The token,
// the query that carries it and the key are never logged. Default: nothing
// is logged.
func WithLogger(l *slog.Logger) Option {
	return func(c *config) {
		if l == nil {
			c.fail("WithLogger: nil logger")
		}
		c.logger = l
	}
}

// checkRemoteURL accepts an absolute http or https URL with a host and no
// user info or fragment. Plain http is accepted for any host: the fake only
// sends the browser there, with nothing secret in the URL.
func checkRemoteURL(raw string) error {
	u, err := url.Parse(raw)
	switch {
	case err != nil:
		return fmt.Errorf("does not parse: %w", err)
	case u.Scheme != "http" && u.Scheme != "https":
		return errors.New("must be an absolute http or https URL")
	case u.Host == "":
		return errors.New("has no host")
	case u.User != nil:
		return errors.New("must not contain user info ('@')")
	case u.Fragment != "" || strings.Contains(raw, "#"):
		return errors.New("must not have a fragment")
	}
	return nil
}
