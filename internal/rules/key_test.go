package rules

import (
	"encoding/base64"
	"errors"
	"math/rand/v2"
	"strings"
	"testing"
)

// placeholderKeys are the texts people paste where the key belongs. Each
// is at least MinKeyLength bytes and has enough distinct characters, so
// only the placeholder rules can refuse it.
var placeholderKeys = []struct{ name, key, says string }{
	{"a template sentence", "<paste the 32-character key here>", "whitespace"},
	{"words joined by underscores", "YOUR_HAPPYFOX_JWT_KEY_GOES_HERE_PLEASE", "placeholder"},
	{"words joined by hyphens", "your-happyfox-jwt-key-goes-here-123", "placeholder"},
	{"words joined by dots", "change.me.to.the.real.happyfox.key", "placeholder"},
	{"words in camel case", "YourHappyFoxJwtKeyGoesHerePlease", "placeholder"},
	{"words in capitals", "PASTEYOURHAPPYFOXKEYHERE12345678", "placeholder"},
	{"an unexpanded variable", "${HAPPYFOX_JWT_KEY_FOR_PRODUCTION}", "placeholder"},
	{"a secret name with a random-looking tail", "my_jwt_key_0123456789abcdefghijk", "placeholder"},
	{"an example value", "example-secret-value-0123456789abcdef", "placeholder"},
	{"a TODO", "TODO:replace-with-the-real-key-0123", "placeholder"},
	{"the word placeholder twice", "PLACEHOLDERplaceholder0123456789", "placeholder"},
	{"crosses and hex", "xxxxXXXXxxxxXXXX0123456789abcdef", "placeholder"},
	{"a sentence without brackets", "the HappyFox key goes here 0123456", "whitespace"},
	{"a tab inside", "k9Qz3VfT8mWc2LxR\t7pHs4NdY6bJa1GuE", "control"},
	{"a no-break space inside", "k9Qz3VfT8mWc2LxR\u00a07pHs4NdY6bJa1GuE", "whitespace"},
	{"a real key left in its template's angle brackets", "<k9Qz3VfT8mWc2LxR7pHs4NdY6bJa1GuE>", "brackets"},
	{"a real key in double quotes (from a .env file)", `"k9Qz3VfT8mWc2LxR7pHs4NdY6bJa1GuE"`, "quotes"},
	{"a real key in single quotes", "'k9Qz3VfT8mWc2LxR7pHs4NdY6bJa1GuE'", "quotes"},
	{"a real key in braces", "{k9Qz3VfT8mWc2LxR7pHs4NdY6bJa1GuE}", "brackets"},
}

func TestCheckKeyRefusesPlaceholders(t *testing.T) {
	for _, tt := range placeholderKeys {
		t.Run(tt.name, func(t *testing.T) {
			if len(tt.key) < MinKeyLength || distinctBytes(tt.key) < minKeyDistinct {
				t.Fatalf("test key must pass the length and distinctness rules")
			}
			err := CheckKey(tt.key)
			if !errors.Is(err, ErrInvalidKey) || !errors.Is(err, ErrInvalidConfig) {
				t.Fatalf("CheckKey = %v; want ErrInvalidKey and ErrInvalidConfig", err)
			}
			if !strings.Contains(err.Error(), tt.says) {
				t.Errorf("message %q does not say %q", err, tt.says)
			}
			assertNoKeyIn(t, err.Error(), tt.key)
		})
	}
}

// assertNoKeyIn fails if msg quotes key or any half of it.
func assertNoKeyIn(t *testing.T, msg, key string) {
	t.Helper()
	for i := 0; i+MinKeyLength/2 <= len(key); i++ {
		if strings.Contains(msg, key[i:i+MinKeyLength/2]) {
			t.Fatalf("message %q quotes the key", msg)
		}
	}
}

func TestCheckKeyAcceptsRealKeys(t *testing.T) {
	for _, tt := range []struct{ name, key string }{
		{"a HappyFox-shaped key", "k9Qz3VfT8mWc2LxR7pHs4NdY6bJa1GuE"},
		{"one that contains KEY by chance", "k9QzKEYfT8mWc2LxR7pHs4NdY6bJa1Gu"},
		{"one that contains several short words by chance", "yourKEYheRE7pHs4NdY6bJa1GuEw8Xq2"},
		{"one in capitals and digits", "K9QZ3VFT8MWC2LXR7PHS4NDY6BJA1GUE"},
		{"the load test's key", "LoadTestOnly7Qz3VfT8mWc2LxR7pHs4"},
		// Its words (DEMO, KEY, SECRET) are under half of it: the built-in
		// key of `jwtsso demo` stays usable.
		{"the demo's key", "DEMOonlyKEYnotSECRETdoNOTuse0123"},
		{"a base64url JWK secret (RFC 7515 A.1)", "AyM1SysPpbyDfgZld3umj1qzKObwVMkoqQ-EstJQLr_T-1qS0gZH75aKtMN3Yj0iPS4hcgUuTwjAzZr1Z9CAow"},
		{"a hex key", "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"},
		{"a bracket inside but not around", "k9Qz3VfT8m<Wc2LxR7pHs4NdY6bJa1GuE"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if err := CheckKey(tt.key); err != nil {
				t.Fatalf("CheckKey refused a real-looking key: %v", err)
			}
		})
	}
}

// Keys drawn the way HappyFox's look (32 letters and digits) are never
// taken for placeholders, nor are base64url keys of 256 bits. The sources
// are seeded: a failure is reproducible.
func TestCheckKeyAcceptsRandomKeys(t *testing.T) {
	const alnum = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
	t.Run("100000 alphanumeric", func(t *testing.T) {
		rng := rand.New(rand.NewPCG(2024, 291))
		key := make([]byte, 32)
		for i := range 100_000 {
			for j := range key {
				key[j] = alnum[rng.IntN(len(alnum))]
			}
			if err := CheckKey(string(key)); err != nil {
				t.Fatalf("key %d (%s) refused: %v", i, key, err)
			}
		}
	})
	t.Run("10000 base64url", func(t *testing.T) {
		rng := rand.New(rand.NewChaCha8([32]byte{'j', 'w', 't', 's', 's', 'o'}))
		raw := make([]byte, 32)
		for i := range 10_000 {
			for j := range raw {
				raw[j] = byte(rng.Uint32())
			}
			key := base64.RawURLEncoding.EncodeToString(raw)
			if err := CheckKey(key); err != nil {
				t.Fatalf("key %d (%s) refused: %v", i, key, err)
			}
		}
	})
}

// The rules that were there before the placeholder rules keep their
// messages.
func TestCheckKeyBasics(t *testing.T) {
	const good = "k9Qz3VfT8mWc2LxR7pHs4NdY6bJa1GuE"
	for _, tt := range []struct{ name, key, says string }{
		{"empty", "", "empty"},
		{"short", good[:31], "at least 32"},
		{"trailing newline", good + "\n", "whitespace"},
		{"leading space", " " + good, "whitespace"},
		{"NUL inside", good[:16] + "\x00" + good[16:], "control"},
		{"few distinct characters", strings.Repeat("ab", 16), "distinct"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			err := CheckKey(tt.key)
			if !errors.Is(err, ErrInvalidKey) {
				t.Fatalf("CheckKey = %v; want ErrInvalidKey", err)
			}
			if !strings.Contains(err.Error(), tt.says) {
				t.Errorf("message %q does not say %q", err, tt.says)
			}
		})
	}
}
