package rules

import (
	"strings"
	"unicode"
)

// MinKeyLength is the shortest key accepted, in bytes: RFC 7518 §3.2 asks
// for a key at least as long as the HS256 hash (256 bits). HappyFox's keys
// are 32 alphanumeric characters. Length is not the only rule: see
// [CheckKey].
const MinKeyLength = 32

// minKeyDistinct is the fewest distinct bytes a key may have. A random
// 32-character alphanumeric key has about 25; fewer than this is a
// placeholder such as "aaaa…" or "0123456789012345…".
const minKeyDistinct = 12

// CheckKey refuses a key that is too short, padded with whitespace (pasted
// from a file or environment variable), contains control characters, is
// obviously not random, or is a placeholder:
//
//   - whitespace inside it: HappyFox's keys are letters and digits, so a key
//     with a space is a sentence or a template ("<paste the key here>");
//   - a key enclosed in quotes or brackets ("…", '…', `…`, <…>, {…}, […], (…)):
//     a value copied with the quoting of a .env file or the brackets of a
//     template around it;
//   - words of a placeholder (YOUR, KEY, HERE, PASTE, CHANGE, SECRET,
//     EXAMPLE, PLACEHOLDER, TODO, XXX and the like, in any case): refused if
//     the key has separators (anything but letters and digits) and one of the
//     parts between them is such a word ("YOUR_HAPPYFOX_JWT_KEY_GOES_HERE"),
//     or if such words, wherever they occur, cover at least half of the key
//     ("YourHappyFoxJwtKeyGoesHerePlease").
//
// None of these refuses a key HappyFox shows: it has no whitespace, quotes,
// brackets or separators, and placeholder words cover half of a random
// 32-character alphanumeric key with a probability below 10⁻¹² (a given
// three-letter word turns up in one such key with a probability of about
// 10⁻³, and it takes five or more to cover half). The key itself never
// appears in the error.
func CheckKey(key string) error {
	switch {
	case key == "":
		return ConfigError(ErrInvalidKey, "key is empty")
	case strings.TrimSpace(key) != key:
		return ConfigError(ErrInvalidKey, "key has leading or trailing whitespace or a newline (was it read from a file or environment variable without trimming?)")
	case len(key) < MinKeyLength:
		return ConfigError(ErrInvalidKey, "key is %d bytes; at least %d are required", len(key), MinKeyLength)
	case strings.IndexFunc(key, unicode.IsControl) >= 0:
		return ConfigError(ErrInvalidKey, "key contains a control character")
	case distinctBytes(key) < minKeyDistinct:
		return ConfigError(ErrInvalidKey, "key has fewer than %d distinct characters and cannot be random; use the key HappyFox shows", minKeyDistinct)
	case strings.IndexFunc(key, unicode.IsSpace) >= 0:
		return ConfigError(ErrInvalidKey, "key contains whitespace, so it is a sentence or a template, not a key; HappyFox's keys are %d letters and digits", MinKeyLength)
	case isEnclosed(key):
		return ConfigError(ErrInvalidKey, "key is enclosed in quotes or brackets; remove them")
	case isPlaceholder(key):
		return ConfigError(ErrInvalidKey, "key looks like a placeholder (words such as YOUR_KEY_HERE); use the %d-character key HappyFox shows", MinKeyLength)
	}
	return nil
}

func distinctBytes(s string) int {
	var seen [256]bool
	n := 0
	for i := 0; i < len(s); i++ {
		if !seen[s[i]] {
			seen[s[i]] = true
			n++
		}
	}
	return n
}

// isEnclosed reports whether s starts with a quote or an opening bracket
// and ends with its match.
func isEnclosed(s string) bool {
	const open, closing = "\"'`<{[(", "\"'`>}])"
	i := strings.IndexByte(open, s[0])
	return len(s) >= 2 && i >= 0 && s[len(s)-1] == closing[i]
}

// placeholderWords are the words placeholder keys are made of, in lower
// case. None is shorter than three letters, so that they rarely occur in a
// random key by chance.
var placeholderWords = []string{
	"change", "demo", "dummy", "enter", "example", "fake", "fixme", "goes",
	"happyfox", "here", "insert", "jwt", "key", "paste", "placeholder",
	"please", "put", "replace", "sample", "secret", "test", "todo", "token",
	"value", "xxx", "your",
}

// isPlaceholder reports whether key is made of placeholder words: one of
// the parts between its separators is such a word, or such words cover at
// least half of it.
func isPlaceholder(key string) bool {
	lower := strings.ToLower(key)
	isSeparator := func(r rune) bool { return !('a' <= r && r <= 'z' || '0' <= r && r <= '9') }
	if strings.IndexFunc(lower, isSeparator) >= 0 {
		for _, part := range strings.FieldsFunc(lower, isSeparator) {
			if isPlaceholderWord(part) {
				return true
			}
		}
	}
	var buf [128]bool // on the stack for any key of sane length
	var covered []bool
	if len(lower) <= len(buf) {
		covered = buf[:len(lower)]
	} else {
		covered = make([]bool, len(lower))
	}
	n := 0
	for _, w := range placeholderWords {
		for from := 0; ; {
			i := strings.Index(lower[from:], w)
			if i < 0 {
				break
			}
			for j := from + i; j < from+i+len(w); j++ {
				if !covered[j] {
					covered[j] = true
					n++
				}
			}
			from += i + 1
		}
	}
	return 2*n >= len(lower)
}

func isPlaceholderWord(s string) bool {
	for _, w := range placeholderWords {
		if s == w {
			return true
		}
	}
	return false
}
