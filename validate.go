package jwtsso

import (
	"fmt"
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

// validateEmail accepts a bare address, local@domain, and nothing else: a
// local part that is a dot-atom of RFC 5322 (UTF-8 allowed, RFC 6532) and a
// domain of host-name labels. Display names, comments, quoted local parts
// and domain literals are refused: net/mail would accept
// "Mallory <victim@x.com>" and return only victim@x.com. Everything accepted
// here, net/mail.ParseAddress also parses to exactly the same address (a
// fuzz test holds it to that).
//
// Confusable characters (a Cyrillic "а" for a Latin "a") pass unchanged: the
// support centre treats the result as a different address, which is what the
// host application vouched for.
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
	if strings.ContainsAny(email, " <>()[]\\\",;:") {
		return identityError(ErrInvalidEmail, "not a bare address (display name, comment, quoting or space)")
	}
	at := strings.LastIndexByte(email, '@')
	if at < 0 {
		return identityError(ErrInvalidEmail, "no @")
	}
	local, domain := email[:at], email[at+1:]
	switch {
	case len(local) > maxLocalPartBytes:
		return identityError(ErrInvalidEmail, fmt.Sprintf("local part longer than %d bytes", maxLocalPartBytes))
	case !isDotAtom(local):
		return identityError(ErrInvalidEmail, "local part is not a plain dot-atom")
	case !isMailDomain(domain):
		return identityError(ErrInvalidEmail, "domain is not a host name")
	}
	return nil
}

// maxLocalPartBytes is the longest local part, RFC 5321 §4.5.3.1.1.
const maxLocalPartBytes = 64

// isDotAtom reports whether s is one or more runs of atext joined by single
// dots (RFC 5322 §3.2.3); UTF-8 beyond ASCII counts as atext (RFC 6532).
func isDotAtom(s string) bool {
	if s == "" || s[0] == '.' || s[len(s)-1] == '.' || strings.Contains(s, "..") {
		return false
	}
	for i := 0; i < len(s); i++ {
		if c := s[i]; c != '.' && c < utf8.RuneSelf && !isASCIIAtext(c) {
			return false
		}
	}
	return true
}

func isASCIIAtext(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' ||
		strings.IndexByte("!#$%&'*+-/=?^_`{|}~", c) >= 0
}

// isMailDomain reports whether s is dot-separated labels of letters, digits,
// inner hyphens or UTF-8 beyond ASCII (an internationalised name), each at
// most 63 bytes.
func isMailDomain(s string) bool {
	if s == "" || len(s) > 253 {
		return false
	}
	for label := range strings.SplitSeq(s, ".") {
		if label == "" || len(label) > 63 || label[0] == '-' || label[len(label)-1] == '-' {
			return false
		}
		for i := 0; i < len(label); i++ {
			c := label[i]
			if c < utf8.RuneSelf && !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '-') {
				return false
			}
		}
	}
	return true
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
