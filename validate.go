package jwtsso

import (
	"fmt"

	"github.com/supportsso/jwtsso/internal/rules"
)

const (
	// MaxEmailBytes is the longest email address accepted, in bytes: the
	// limit of a forward path in RFC 5321 §4.5.3.1.3 less its angle brackets.
	MaxEmailBytes = 254
	// MaxNameBytes is the longest name accepted, in bytes of UTF-8.
	MaxNameBytes = 256
)

// The limits are the checks' own, in internal/rules; these fail to compile
// if the two ever differ.
var (
	_ [MaxEmailBytes - rules.MaxEmailBytes]struct{}
	_ [rules.MaxEmailBytes - MaxEmailBytes]struct{}
	_ [MaxNameBytes - rules.MaxNameBytes]struct{}
	_ [rules.MaxNameBytes - MaxNameBytes]struct{}
	_ [MinKeyLength - rules.MinKeyLength]struct{}
	_ [rules.MinKeyLength - MinKeyLength]struct{}
)

// validateIdentity reports why id cannot be sent to the support centre, or
// nil. Every refusal matches [ErrInvalidIdentity] and, beside it, the
// reason: [ErrInvalidEmail], [ErrInvalidName] or [ErrEmailUnverified]. The
// checks never rewrite a value: what passes is sent byte for byte. The
// verifier (package verify) applies the same email and name checks to the
// claims it accepts.
func validateIdentity(id *Identity, allowUnverified bool) error {
	if err := rules.Email(id.Email); err != nil {
		return err
	}
	if err := rules.Name(id.Name); err != nil {
		return err
	}
	if !id.EmailVerified && !allowUnverified {
		return errUnverified
	}
	return nil
}

// errUnverified is the refusal of an identity whose email the host has not
// verified: an invalid identity like any other, so that a host that answers
// ErrInvalidIdentity with 403 answers this one the same way.
var errUnverified = fmt.Errorf("%w: %w", ErrInvalidIdentity, ErrEmailUnverified)
