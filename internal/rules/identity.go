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
// No character of the address may be invisible or blank-looking (see
// emailRuneRefused), and the domain must be one that IDNA (UTS #46,
// nontransitional, with the IDNA2008 restriction to letters, marks and
// digits) accepts and maps to itself up to case: see checkIDNA. The address
// is only checked, never rewritten: what passes is sent byte for byte.
//
// Confusable characters (a Cyrillic "а" for a Latin "a") pass unchanged: the
// support centre treats the result as a different address, which is what the
// host application vouched for.
func Email(email string) error {
	switch {
	case email == "":
		return errEmailEmpty
	case len(email) > MaxEmailBytes:
		return errEmailLong
	}
	if err := badRune(ErrInvalidEmail, email, emailRuneRefused); err != nil {
		return err
	}
	if containsSpecial(email) {
		return errNotBare
	}
	at := strings.LastIndexByte(email, '@')
	if at < 0 {
		return errNoAt
	}
	local, domain := email[:at], email[at+1:]
	switch {
	case len(local) > maxLocalPartBytes:
		return errLocalLong
	case !isDotAtom(local):
		return errNotDotAtom
	case !isMailDomain(domain):
		return errNotHostName
	}
	if err := checkIDNA(domain); err != nil {
		return err
	}
	return nil
}

// The refusals with a fixed message, built once: a refusal then costs no
// allocation.
var (
	errEmailEmpty  = identityError(ErrInvalidEmail, "empty")
	errEmailLong   = identityError(ErrInvalidEmail, fmt.Sprintf("longer than %d bytes", MaxEmailBytes))
	errNotBare     = identityError(ErrInvalidEmail, "not a bare address (display name, comment, quoting or space)")
	errNoAt        = identityError(ErrInvalidEmail, "no @")
	errLocalLong   = identityError(ErrInvalidEmail, fmt.Sprintf("local part longer than %d bytes", maxLocalPartBytes))
	errNotDotAtom  = identityError(ErrInvalidEmail, "local part is not a plain dot-atom")
	errNotHostName = identityError(ErrInvalidEmail, "domain is not a host name")
	errNameBlank   = identityError(ErrInvalidName, "empty or blank (no visible letter, digit, punctuation or symbol)")
	errNameLong    = identityError(ErrInvalidName, fmt.Sprintf("longer than %d bytes", MaxNameBytes))
)

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

// Name accepts UTF-8 text with at least one visible character (see
// isVisible) and without control, invisible or blank-looking characters
// (see nameRuneRefused).
func Name(name string) error {
	switch {
	case strings.IndexFunc(name, isVisible) < 0:
		return errNameBlank
	case len(name) > MaxNameBytes:
		return errNameLong
	}
	if err := badRune(ErrInvalidName, name, nameRuneRefused); err != nil {
		return err
	}
	return nil
}

// badRune refuses, as field, the first rune of s that is invalid UTF-8 or
// refused, or returns nil.
func badRune(field error, s string, refused func(rune) bool) error {
	// Printable ASCII is refused by neither check (a test walks every code
	// point through both): skip it byte by byte, without a call per rune.
	start := 0
	for start < len(s) && ' ' <= s[start] && s[start] < 0x7f {
		start++
	}
	for i, r := range s[start:] {
		i += start
		if r == utf8.RuneError {
			if _, size := utf8.DecodeRuneInString(s[i:]); size == 1 {
				return runeError(field, invalidUTF8, r, i)
			}
		}
		if refused(r) {
			return runeError(field, refusedRune, r, i)
		}
	}
	return nil
}

// emailRuneRefused refuses every character that does not show as itself:
// whitespace (White_Space, but for the plain space, which the address parser
// reports better, as a display name or comment), controls (Cc), format
// characters (Cf: bidi controls, U+200B), every Default_Ignorable_Code_Point
// (variation selectors, which make "ceo\uFE0F@company.com" display as
// "ceo@company.com", Mongolian free variation selectors, tags, Hangul
// fillers, the zero-width joiners), noncharacters and the blank-looking
// characters of isBlank. None belongs in an address; each only serves to
// disguise one.
func emailRuneRefused(r rune) bool {
	if r < utf8.RuneSelf {
		return r != ' ' && (r < ' ' || r == 0x7f)
	}
	return unicode.Is(emailRefused, r)
}

// nameRuneRefused refuses controls (Cc), the line and paragraph separators,
// format characters (Cf: bidi controls, which can make a name display as
// something else), every Default_Ignorable_Code_Point (zero-width spaces,
// soft hyphens, variation selectors, tags, Hangul fillers), noncharacters
// and the blank-looking characters of isBlank. It keeps the zero-width
// joiner and non-joiner, which belong to names in several scripts (Persian,
// the Indic scripts) and to emoji sequences. An emoji's variation selector
// (U+FE0F in "❤️") is refused like the others.
func nameRuneRefused(r rune) bool {
	if r < utf8.RuneSelf {
		return r < ' ' || r == 0x7f
	}
	return unicode.Is(nameRefused, r)
}

// isVisible reports a letter, digit, punctuation mark or symbol that shows:
// not default-ignorable (the Hangul fillers are letters) and not blank. A
// name needs at least one.
func isVisible(r rune) bool {
	if r < utf8.RuneSelf {
		return r > ' ' && r != 0x7f
	}
	return unicode.Is(shown, r) && !unicode.Is(hidden, r)
}

// addressSpecials marks the ASCII characters that only a display name, a
// comment, a quoted local part or a domain literal would bring into an
// address: space < > ( ) [ ] \ " , ; :.
var addressSpecials = func() (t [256]bool) {
	for _, c := range []byte(" <>()[]\\\",;:") {
		t[c] = true
	}
	return t
}()

// containsSpecial reports whether s has a byte of addressSpecials. It is
// strings.ContainsAny with the set built once rather than on every call.
func containsSpecial(s string) bool {
	for i := 0; i < len(s); i++ {
		if addressSpecials[s[i]] {
			return true
		}
	}
	return false
}
