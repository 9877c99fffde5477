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
	return fmt.Errorf("%w: %w: %s", ErrInvalidIdentity, field, reason)
}
