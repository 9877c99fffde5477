package cli

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestLoadKey(t *testing.T) {
	tests := []struct {
		name    string
		file    string // file content; "" means no --key-file
		env     map[string]string
		want    string
		source  string
		wantErr string
	}{
		{"from the environment", "", withKey, testKey, "$" + envKey, ""},
		{"environment taken as is", "", map[string]string{envKey: testKey + "\n"}, testKey + "\n", "$" + envKey, ""},
		{"no key", "", nil, "", "", "no key: set " + envKey},
		{"empty variable", "", map[string]string{envKey: ""}, "", "", "no key"},
		{"file without newline", testKey, nil, testKey, "key file", ""},
		{"file with LF", testKey + "\n", nil, testKey, "key file", ""},
		{"file with CRLF", testKey + "\r\n", nil, testKey, "key file", ""},
		{"only one newline removed", testKey + "\n\n", nil, testKey + "\n", "key file", ""},
		{"spaces kept for jwtsso to refuse", " " + testKey + " \n", nil, " " + testKey + " ", "key file", ""},
		{"file wins over the environment", otherKey + "\n", withKey, otherKey, "key file", ""},
		{"empty file", "\n", nil, "", "", "is empty"},
		{"huge file", strings.Repeat(testKey, 40), nil, "", "", "larger than 1024 bytes"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := ""
			if tt.file != "" {
				path = writeFile(t, tt.file)
			}
			key, source, err := loadKey(path, func(k string) (string, bool) { v, ok := tt.env[k]; return v, ok })
			if tt.wantErr != "" {
				require.ErrorContains(t, err, tt.wantErr)
				assert.NotContains(t, err.Error(), testKey)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tt.want, key)
			assert.Contains(t, source, tt.source)
		})
	}
	t.Run("missing file", func(t *testing.T) {
		_, _, err := loadKey(filepath.Join(t.TempDir(), "nope"), nil)
		require.ErrorContains(t, err, "key file: open")
	})
}
