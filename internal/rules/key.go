package rules

import (
	"strings"
	"unicode"
)

// MinKeyLength is the shortest key accepted, in bytes: RFC 7518 §3.2 asks
// for a key at least as long as the HS256 hash (256 bits). HappyFox's keys
// are 32 alphanumeric characters.
const MinKeyLength = 32

// minKeyDistinct is the fewest distinct bytes a key may have. A random
// 32-character alphanumeric key has about 25; fewer than this is a
// placeholder such as "aaaa…" or "0123456789012345…".
const minKeyDistinct = 12

// CheckKey refuses a key that is too short, padded with whitespace (pasted
// from a file or environment variable), contains control characters, or is
// obviously not random. The key itself never appears in the error.
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
