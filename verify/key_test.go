package verify

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/supportsso/jwtsso"
)

// The verifier applies the issuer's key rules: a placeholder is refused as
// the current key and as a previous one.
func TestNewRefusesPlaceholderKeys(t *testing.T) {
	for _, tt := range []struct {
		name string
		key  string
		opts []Option
	}{
		{"template", "<paste the 32-character key here>", nil},
		{"words", "YOUR_HAPPYFOX_JWT_KEY_GOES_HERE_PLEASE", nil},
		{"camel case words", "YourHappyFoxJwtKeyGoesHerePlease", nil},
		{"quoted real key", `"` + vKey + `"`, nil},
		{"placeholder previous key", vKey, []Option{WithPreviousKeys("YOUR_OLD_HAPPYFOX_KEY_GOES_HERE")}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			v, err := New(tt.key, tt.opts...)
			assert.Nil(t, v)
			require.ErrorIs(t, err, jwtsso.ErrInvalidKey)
			require.ErrorIs(t, err, jwtsso.ErrInvalidConfig)
			assert.NotContains(t, err.Error(), tt.key)
		})
	}
}
