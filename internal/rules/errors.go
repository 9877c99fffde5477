package rules

import (
	"errors"
	"fmt"
)

// The sentinels shared by both halves. Package jwtsso re-exports each one
// and documents it; their messages are part of the public API.
var (
	ErrInvalidConfig   = errors.New("jwtsso: invalid configuration")
	ErrInvalidKey      = errors.New("invalid key")
	ErrInvalidIdentity = errors.New("jwtsso: invalid identity")
	ErrInvalidEmail    = errors.New("invalid email")
	ErrInvalidName     = errors.New("invalid name")
)

// ConfigError builds an error that matches ErrInvalidConfig and kind.
// A nil kind means ErrInvalidConfig alone.
func ConfigError(kind error, format string, args ...any) error {
	msg := fmt.Sprintf(format, args...)
	if kind == nil {
		return fmt.Errorf("%w: %s", ErrInvalidConfig, msg)
	}
	return fmt.Errorf("%w: %w: %s", ErrInvalidConfig, kind, msg)
}

// identityError builds an error that matches ErrInvalidIdentity and field.
func identityError(field error, reason string) error {
	return &invalidIdentity{field: field, reason: reason}
}

// runeError builds an error that matches ErrInvalidIdentity and field for
// the rune r at byte at of the value. format says why, with %[1]U for the
// rune and %[2]d for the byte; it is applied only when the message is asked
// for.
func runeError(field error, format string, r rune, at int) error {
	return &invalidIdentity{field: field, reason: format, r: r, at: at, formatted: true}
}

// Reasons for runeError.
const (
	refusedRune = "refused character %[1]U at byte %[2]d"
	invalidUTF8 = "invalid UTF-8 at byte %[2]d"
)

// invalidIdentity is a refused email or name. A message that names a rune
// is formatted only when asked for, so refusing costs one small allocation:
// the checks meet far more refusals in the tests and fuzzers than in use,
// and a flood of bad identities costs little too.
type invalidIdentity struct {
	field     error  // ErrInvalidEmail or ErrInvalidName
	reason    string // why, or a format for r and at
	r         rune
	at        int
	formatted bool
}

func (e *invalidIdentity) Error() string {
	reason := e.reason
	if e.formatted {
		reason = fmt.Sprintf(reason, e.r, e.at)
	}
	return ErrInvalidIdentity.Error() + ": " + e.field.Error() + ": " + reason
}

func (e *invalidIdentity) Unwrap() []error { return []error{ErrInvalidIdentity, e.field} }
