package cli

import (
	"flag"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestRunHelp(t *testing.T) {
	tests := []struct {
		name        string
		args        []string
		code        int
		out, errOut string
	}{
		{"no arguments", nil, exitUsage, "", "Usage:"},
		{"help", []string{"help"}, exitOK, "jwtsso inspect", ""},
		{"--help", []string{"--help"}, exitOK, "jwtsso serve", ""},
		{"-h", []string{"-h"}, exitOK, "jwtsso demo", ""},
		{"help mint", []string{"help", "mint"}, exitOK, "Usage: jwtsso mint", ""},
		{"help verify", []string{"help", "verify"}, exitOK, "Usage: jwtsso inspect", ""},
		{"help unknown", []string{"help", "frobnicate"}, exitUsage, "", `unknown command "frobnicate"`},
		{"unknown command", []string{"frobnicate"}, exitUsage, "", `unknown command "frobnicate"`},
		{"unknown flag", []string{"mint", "--frob"}, exitUsage, "", "flag provided but not defined: -frob"},
		{"key as a flag is refused", []string{"mint", "--key", testKey}, exitUsage, "", "flag provided but not defined: -key"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, out, errOut := runCLI(t, nil, "", tt.args...)
			assert.Equal(t, tt.code, code)
			assert.Contains(t, out, tt.out)
			assert.Contains(t, errOut, tt.errOut)
			assert.NotContains(t, out+errOut, testKey)
		})
	}
}

// TestEveryCommandHasHelp: --help, -h and "help NAME" print the usage and
// the flags of every command on stdout.
func TestEveryCommandHasHelp(t *testing.T) {
	for _, c := range append(commands(), find("verify")) {
		for _, args := range [][]string{{c.name, "--help"}, {c.name, "-h"}, {"help", c.name}} {
			t.Run(c.name+" "+args[1], func(t *testing.T) {
				code, out, errOut := runCLI(t, nil, "", args...)
				assert.Equal(t, exitOK, code)
				assert.Contains(t, out, "Usage: jwtsso "+c.name+" ")
				assert.Contains(t, out, "Flags:")
				assert.Empty(t, errOut)
			})
		}
	}
}

func TestParseInterspersed(t *testing.T) {
	tests := []struct {
		args []string
		pos  []string
		file string
	}{
		{[]string{"TOKEN"}, []string{"TOKEN"}, ""},
		{[]string{"--key-file", "k", "TOKEN"}, []string{"TOKEN"}, "k"},
		{[]string{"TOKEN", "--key-file", "k"}, []string{"TOKEN"}, "k"},
		{[]string{"-", "--key-file=k"}, []string{"-"}, "k"},
		{[]string{"--", "--key-file"}, []string{"--key-file"}, ""},
		{[]string{"a", "--", "-b"}, []string{"a", "-b"}, ""},
	}
	for _, tt := range tests {
		fs := flag.NewFlagSet("t", flag.ContinueOnError)
		file := fs.String("key-file", "", "")
		pos, err := parseInterspersed(fs, tt.args)
		require.NoError(t, err, tt.args)
		assert.Equal(t, tt.pos, pos, tt.args)
		assert.Equal(t, tt.file, *file, tt.args)
	}
}
