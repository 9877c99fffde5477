package jwtsso

import "github.com/supportsso/jwtsso/internal/rules"

const (
	// MaxEmailBytes is the longest email address accepted, in bytes: the
	// limit of a forward path in RFC 5321 §4.5.3.1.3 less its angle brackets.
	MaxEmailBytes = rules.MaxEmailBytes
	// MaxNameBytes is the longest name accepted, in bytes of UTF-8.
	MaxNameBytes = rules.MaxNameBytes
)

// validateIdentity reports why id cannot be sent to the support centre, or
// nil. The checks never rewrite a value: what passes is sent byte for byte.
// The verifier (package verify) applies the same email and name checks to
// the claims it accepts.
func validateIdentity(id *Identity, allowUnverified bool) error {
	if err := rules.Email(id.Email); err != nil {
		return err
	}
	if err := rules.Name(id.Name); err != nil {
		return err
	}
	if !id.EmailVerified && !allowUnverified {
		return ErrEmailUnverified
	}
	return nil
}
