package rules

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

// Email accepts a bare address, local@domain, and nothing else: a
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
func Email(email string) error {
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

// Name accepts any non-blank UTF-8 text without control characters.
func Name(name string) error {
	switch {
	case strings.IndexFunc(name, isVisible) < 0:
		return identityError(ErrInvalidName, "empty or blank (no letter, digit, punctuation or symbol)")
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

// emailRuneRefused refuses every whitespace, control and invisible
// character but the plain space (which the address parser reports better,
// as a display name or comment), and the full stops that IDNA maps to "."
// (U+3002, U+FF0E, U+FF61), which would make "a@evil。com" one label here
// and evil.com to a mail system. None belongs in an address; invisible
// characters such as U+202E (right-to-left override), U+200B (zero-width
// space) or U+3164 (Hangul filler) only serve to disguise one.
func emailRuneRefused(r rune) bool {
	switch r {
	case ' ':
		return false
	case '\u3002', '\uff0e', '\uff61':
		return true
	}
	return unicode.IsSpace(r) || unicode.IsControl(r) || isInvisible(r)
}

// nameRuneRefused refuses control characters, line and paragraph separators
// and invisible characters: bidirectional controls (which can make a name
// display as something else), zero-width spaces, soft hyphens, tags, Hangul
// fillers. It keeps the zero-width joiner and non-joiner, which belong to
// names in several scripts (Persian, Hindi) and to emoji.
func nameRuneRefused(r rune) bool {
	switch {
	case r == '\u200c', r == '\u200d':
		return false
	case unicode.IsControl(r), r == '\u2028', r == '\u2029':
		return true
	}
	return isInvisible(r)
}

// isInvisible reports format characters (Cf, which include the bidi
// controls, U+200B and U+FEFF), the remaining bidi controls and the other
// default-ignorable code points of Unicode (U+115F, U+3164 and the like).
func isInvisible(r rune) bool {
	if r < utf8.RuneSelf {
		return false // none is in ASCII; a fast path for the usual case
	}
	return unicode.In(r, unicode.Cf, unicode.Bidi_Control, unicode.Other_Default_Ignorable_Code_Point)
}

// isVisible reports a letter, digit, punctuation mark or symbol that is not
// invisible: a name needs at least one.
func isVisible(r rune) bool {
	if r < utf8.RuneSelf {
		return r > ' ' && r != 0x7f
	}
	return unicode.In(r, unicode.L, unicode.N, unicode.P, unicode.S) && !isInvisible(r)
}
