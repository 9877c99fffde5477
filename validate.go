package jwtsso

import (
	"fmt"
	"net/mail"
	"strings"
	"unicode"
	"unicode/utf8"
)

const (
	// MaxEmailBytes is the longest email address accepted, in bytes: the
	// limit of a forward path in RFC 5321 §4.5.3.1.3 less its angle brackets.
	MaxEmailBytes = 254
	// MaxNameBytes is the longest name accepted, in bytes of UTF-8.
	MaxNameBytes = 256
)

// validateIdentity reports why id cannot be sent to the support centre, or
// nil. The checks never rewrite a value: what passes is sent byte for byte.
func validateIdentity(id *Identity, allowUnverified bool) error {
	if err := validateEmail(id.Email); err != nil {
		return err
	}
	if err := validateName(id.Name); err != nil {
		return err
	}
	if !id.EmailVerified && !allowUnverified {
		return ErrEmailUnverified
	}
	return nil
}

// validateEmail accepts a bare address (local@domain) and nothing else.
//
// net/mail accepts display names, comments and surrounding space and returns
// only the address ("Mallory <victim@x.com>" parses as victim@x.com), so the
// parsed address must equal the input exactly. Confusable characters (a
// Cyrillic "а" for a Latin "a") pass unchanged: the support centre treats the
// result as a different address, which is what the host application vouched
// for.
func validateEmail(email string) error {
	switch {
	case email == "":
		return identityError(ErrInvalidEmail, "empty")
	case len(email) > MaxEmailBytes:
		return identityError(ErrInvalidEmail, fmt.Sprintf("longer than %d bytes", MaxEmailBytes))
	}
	if reason := badRune(email, emailRuneRefused); reason != "" {
		return identityError(ErrInvalidEmail, reason)
	}
	addr, err := mail.ParseAddress(email)
	if err != nil {
		return identityError(ErrInvalidEmail, "not an email address")
	}
	if addr.Name != "" || addr.Address != email || strings.Contains(email, " ") {
		return identityError(ErrInvalidEmail, "not a bare address (display name, comment, quoting or space)")
	}
	return nil
}

// validateName accepts any non-blank UTF-8 text without control characters.
func validateName(name string) error {
	switch {
	case strings.TrimSpace(name) == "":
		return identityError(ErrInvalidName, "empty or blank")
	case len(name) > MaxNameBytes:
		return identityError(ErrInvalidName, fmt.Sprintf("longer than %d bytes", MaxNameBytes))
	}
	if reason := badRune(name, nameRuneRefused); reason != "" {
		return identityError(ErrInvalidName, reason)
	}
	return nil
}

// badRune describes the first rune of s that is invalid UTF-8 or refused, or
// returns "" when there is none.
func badRune(s string, refused func(rune) bool) string {
	for i, r := range s {
		if r == utf8.RuneError {
			if _, size := utf8.DecodeRuneInString(s[i:]); size == 1 {
				return fmt.Sprintf("invalid UTF-8 at byte %d", i)
			}
		}
		if refused(r) {
			return fmt.Sprintf("refused character %U at byte %d", r, i)
		}
	}
	return ""
}

// emailRuneRefused refuses every whitespace, control and format character
// but the plain space (which the address parser reports better, as a display
// name or comment): none belongs in an address, and format characters such
// as U+202E (right-to-left override) or U+200B (zero-width space) only serve
// to disguise one.
func emailRuneRefused(r rune) bool {
	return r != ' ' && (unicode.IsSpace(r) || unicode.IsControl(r) || unicode.Is(unicode.Cf, r))
}

// nameRuneRefused refuses control characters, line and paragraph separators,
// the byte order mark and the bidirectional embedding, override and isolate
// controls, which can make a name display as something else. It keeps other
// format characters: the zero-width joiner and non-joiner belong to names in
// several scripts (Persian, Hindi) and to emoji.
func nameRuneRefused(r rune) bool {
	switch {
	case unicode.IsControl(r):
		return true
	case r == '\u2028', r == '\u2029', r == '\ufeff':
		return true
	case r >= '\u202a' && r <= '\u202e', r >= '\u2066' && r <= '\u2069':
		return true
	}
	return false
}
