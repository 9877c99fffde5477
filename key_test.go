package jwtsso

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The issuer refuses placeholder keys at start-up (internal/rules tests the
// rule itself in depth).
func TestNewRefusesPlaceholderKeys(t *testing.T) {
	for _, tt := range []struct{ name, key, says string }{
		{"template", "<paste the 32-character key here>", "whitespace"},
		{"words", "YOUR_HAPPYFOX_JWT_KEY_GOES_HERE_PLEASE", "placeholder"},
		{"camel case words", "YourHappyFoxJwtKeyGoesHerePlease", "placeholder"},
		{"quoted real key", `"` + testKey + `"`, "quotes"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			h, err := New(tt.key, &staticResolver{}, WithAccount("acme"))
			assert.Nil(t, h)
			require.ErrorIs(t, err, ErrInvalidKey)
			require.ErrorIs(t, err, ErrInvalidConfig)
			assert.Contains(t, err.Error(), tt.says)
			assert.NotContains(t, err.Error(), tt.key)
			assert.NotContains(t, err.Error(), testKey)
		})
	}
}
