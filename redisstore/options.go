package redisstore

import (
	"errors"
	"fmt"
	"time"

	"github.com/supportsso/jwtsso"
)

const (
	// DefaultPrefix starts every key unless [WithPrefix] says otherwise.
	DefaultPrefix = "jwtsso:jti:"

	// DefaultTimeout bounds each check unless [WithTimeout] says otherwise.
	// A loopback or same-zone round trip takes well under a millisecond, so
	// half a second only runs out when Redis is stuck or unreachable.
	DefaultTimeout = 500 * time.Millisecond

	// maxPrefixBytes and maxTimeout bound the options.
	maxPrefixBytes = 128
	maxTimeout     = time.Minute
)

// Option configures a [Store] built by [New]. Options are applied in order;
// New checks the result as a whole.
type Option func(*settings)

// settings is what the options fill in; defaultSettings holds every default.
type settings struct {
	prefix  string
	timeout time.Duration
	errs    []error
}

func defaultSettings() settings {
	return settings{prefix: DefaultPrefix, timeout: DefaultTimeout}
}

func (s *settings) fail(format string, args ...any) {
	s.errs = append(s.errs, configError(format, args...))
}

func (s *settings) err() error { return errors.Join(s.errs...) }

// configError builds an error that matches jwtsso.ErrInvalidConfig.
func configError(format string, args ...any) error {
	return fmt.Errorf("%w: redisstore: %s", jwtsso.ErrInvalidConfig, fmt.Sprintf(format, args...))
}

// WithPrefix sets the string that starts every key the Store writes. Give
// each account (each signing key) its own prefix when several share one
// Redis, for example "jwtsso:acme:jti:", so that they never see each
// other's entries. The prefix must be 1 to 128 bytes of printable ASCII
// without spaces, control characters or braces: a '{' or '}' would make a
// Redis Cluster hash tag of part of it and put every key in one slot.
// Default: [DefaultPrefix], "jwtsso:jti:".
func WithPrefix(prefix string) Option {
	return func(s *settings) {
		if err := checkPrefix(prefix); err != "" {
			s.fail("WithPrefix: %s", err)
		}
		s.prefix = prefix
	}
}

// checkPrefix returns why prefix is unusable, or "".
func checkPrefix(prefix string) string {
	if prefix == "" {
		return "empty prefix"
	}
	if len(prefix) > maxPrefixBytes {
		return fmt.Sprintf("prefix of %d bytes is longer than %d", len(prefix), maxPrefixBytes)
	}
	for i := 0; i < len(prefix); i++ {
		switch c := prefix[i]; {
		case c == '{' || c == '}':
			return fmt.Sprintf("prefix has a brace at byte %d (a Redis Cluster hash tag would put every key in one slot)", i)
		case c <= ' ' || c >= 0x7f:
			return fmt.Sprintf("prefix has a space, control or non-ASCII byte at byte %d", i)
		}
	}
	return ""
}

// WithTimeout sets how long one check may take, from 1 nanosecond to 1
// minute. It is applied with context.WithTimeout on top of the caller's
// context, so the earlier of the two deadlines wins; when it runs out the
// check fails with [ErrUnavailable] and the Verifier refuses the token.
// It bounds the check only because [New] insists that the client honours
// context deadlines (ContextTimeoutEnabled). Default: [DefaultTimeout],
// 500 milliseconds.
func WithTimeout(d time.Duration) Option {
	return func(s *settings) {
		if d <= 0 || d > maxTimeout {
			s.fail("WithTimeout: %v is outside (0, %v]", d, maxTimeout)
		}
		s.timeout = d
	}
}
