package verify

import (
	"errors"
	"time"

	"github.com/supportsso/jwtsso/internal/rules"
)

const (
	// DefaultMaxAge is how old a token may be, by its iat, unless
	// [WithMaxAge] says otherwise: the 120 seconds of HappyFox's support
	// centre.
	DefaultMaxAge = 120 * time.Second

	// DefaultLeeway is the allowance for clock differences unless
	// [WithLeeway] says otherwise.
	DefaultLeeway = 5 * time.Second

	// maxMaxAge and maxLeeway bound the options: a longer window means a
	// leaked token stays usable longer and the replay store grows.
	maxMaxAge = 24 * time.Hour
	maxLeeway = 10 * time.Minute
)

// Option configures a [Verifier] built by [New]. Options
// are applied in order; New checks the result as a whole.
type Option func(*settings)

// settings is what the options fill in; defaultSettings
// holds every default.
type settings struct {
	maxAge       time.Duration
	leeway       time.Duration
	store        ReplayStore
	now          func() time.Time
	previousKeys []string
	observer     Observer
	errs         []error
}

func defaultSettings() settings {
	return settings{maxAge: DefaultMaxAge, leeway: DefaultLeeway, now: time.Now}
}

func (s *settings) fail(format string, args ...any) {
	s.errs = append(s.errs, rules.ConfigError(nil, format, args...))
}

func (s *settings) err() error { return errors.Join(s.errs...) }

// WithMaxAge sets how old a token may be, by its iat, when it is verified:
// between 1 second and 24 hours. The leeway ([WithLeeway]) is added to it.
// Default: [DefaultMaxAge], 120 seconds, as HappyFox's support centre.
func WithMaxAge(d time.Duration) Option {
	return func(s *settings) {
		if d < time.Second || d > maxMaxAge {
			s.fail("WithMaxAge: %v is outside 1s to %v", d, maxMaxAge)
		}
		s.maxAge = d
	}
}

// WithLeeway sets the allowance for clocks that disagree, between 0 and 10
// minutes. It works both ways: a token is accepted from leeway before its
// iat (the issuer's clock may run that far ahead of the verifier's) until
// maxAge plus leeway after it (the issuer's clock may run that far behind;
// it also absorbs the truncation of iat to whole seconds). In all, Verify
// accepts a token while
//
//	iat − leeway ≤ now < iat + maxAge + leeway
//
// Default: [DefaultLeeway], 5 seconds.
func WithLeeway(d time.Duration) Option {
	return func(s *settings) {
		if d < 0 || d > maxLeeway {
			s.fail("WithLeeway: %v is outside 0 to %v", d, maxLeeway)
		}
		s.leeway = d
	}
}

// WithReplayStore sets where the Verifier records the jti of each accepted
// token until the token's window has passed. A shared store lets several
// servers refuse each other's replays. Default: a [MemoryStore] of its own
// with [DefaultMemoryStoreCapacity] and the Verifier's clock.
func WithReplayStore(store ReplayStore) Option {
	return func(s *settings) {
		if store == nil {
			s.fail("WithReplayStore: nil store")
		}
		s.store = store
	}
}

// WithClock sets the clock against which the Verifier judges a
// token's iat. It is meant for tests and examples; it is called from
// concurrent Verify calls, and a [MemoryStore] given to [WithReplayStore]
// needs the same clock ([WithStoreClock]). The Verifier never lets its time
// run backwards: a reading earlier than the latest one it has seen counts
// as that latest one (see the package documentation). Default: time.Now.
func WithClock(now func() time.Time) Option {
	return func(s *settings) {
		if now == nil {
			s.fail("WithClock: nil clock")
		}
		s.now = now
	}
}

// WithPreviousKeys sets keys that are still accepted besides the current
// one, during a key rotation: sign with the new key only, and verify with
// it and the old one until every token signed with the old key has expired.
// Each is checked like the current key ([jwtsso.ErrInvalidKey]); a repeated key is
// a configuration error. A later call replaces the list. Default: none.
func WithPreviousKeys(keys ...string) Option {
	return func(s *settings) { s.previousKeys = append([]string(nil), keys...) }
}
