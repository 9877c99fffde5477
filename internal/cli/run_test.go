package cli

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"runtime/debug"
	"strings"
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
		{"unknown flag", []string{"mint", "--frob"}, exitUsage, "", "jwtsso mint: unknown flag --frob\n"},
		{"flag without its value", []string{"mint", "--name"}, exitUsage, "", "jwtsso mint: flag needs an argument: --name\n"},
		{"bad flag value", []string{"demo", "--host-port", "x"}, exitUsage, "", `invalid value "x" for flag --host-port`},
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

// TestKeyFlag: the key is never a flag; asking for one says where the key
// comes from, and why, without repeating the value.
func TestKeyFlag(t *testing.T) {
	for _, args := range [][]string{
		{"mint", "--key", testKey, "--name", "Jo", "--email", "jo@example.com", "--account", "acme"},
		{"mint", "--key=" + testKey},
		{"inspect", "-key", testKey, "TOKEN"},
		{"serve", "--key", testKey},
	} {
		t.Run(strings.Join(args[:2], " "), func(t *testing.T) {
			code, out, errOut := runCLI(t, nil, "", args...)
			assert.Equal(t, exitUsage, code)
			assert.Empty(t, out)
			assert.Contains(t, errOut, "jwtsso "+args[0]+": there is no --key flag: the key comes from $"+envKey+" or from a file named with --key-file PATH")
			assert.Contains(t, errOut, "shows in ps")
			assert.NotContains(t, errOut, testKey)
		})
	}
}

// TestHelpAgrees: -h, --help and help print the same text, on stdout, for
// the overview and for every command, and every flag in it is spelled
// --flag.
func TestHelpAgrees(t *testing.T) {
	var names []string
	for _, c := range commands() {
		fs := c.flagSet()
		c.define(fs)
		fs.VisitAll(func(f *flag.Flag) { names = append(names, regexp.QuoteMeta(f.Name)) })
	}
	singleDash := regexp.MustCompile(`(^|[^-\w])-(` + strings.Join(names, "|") + `)\b`)
	sets := [][][]string{{{"help"}, {"-h"}, {"--help"}}}
	for _, c := range commands() {
		sets = append(sets, [][]string{{"help", c.name}, {c.name, "-h"}, {c.name, "--help"}, {"--help", c.name}})
	}
	for _, set := range sets {
		t.Run(strings.Join(set[0], " "), func(t *testing.T) {
			_, want, _ := runCLI(t, nil, "", set[0]...)
			require.NotEmpty(t, want)
			for _, args := range set[1:] {
				code, out, errOut := runCLI(t, nil, "", args...)
				assert.Equal(t, exitOK, code, args)
				assert.Equal(t, want, out, args)
				assert.Empty(t, errOut, args)
			}
			for _, line := range strings.Split(want, "\n") {
				assert.NotRegexp(t, singleDash, line, "a flag spelled with one dash")
			}
		})
	}
}

// TestNoStutter: an error from the jwtsso packages is printed after the
// command's own prefix with none of the packages' prefixes.
func TestNoStutter(t *testing.T) {
	short := map[string]string{envKey: "0123"}
	tests := []struct {
		name string
		env  map[string]string
		args []string
		want string
	}{
		{"mint, short key", short, []string{"mint", "--name", "Jo", "--email", "jo@example.com", "--account", "acme"},
			"jwtsso mint: the key from $" + envKey + ": invalid configuration: invalid key: key is 4 bytes; at least 32 are required\n"},
		{"mint, bad email", withKey, []string{"mint", "--name", "Jo", "--email", "jo", "--account", "acme"}, "jwtsso mint: invalid identity: "},
		{"serve, short key", short, []string{"serve"}, "jwtsso serve: the key from $" + envKey + ": invalid configuration: invalid key: "},
		{"serve, bad max age", withKey, []string{"serve", "--max-age", "0s"}, "jwtsso serve: invalid configuration: --max-age: 0s is outside"},
		{"inspect, short key", short, []string{"inspect", mintToken(t, testKey, testNow)}, "jwtsso inspect: the key from $" + envKey + ": invalid configuration: invalid key: "},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, _, errOut := runCLI(t, tt.env, "", tt.args...)
			assert.NotEqual(t, exitOK, code)
			assert.True(t, strings.HasPrefix(errOut, tt.want), "stderr: %s", errOut)
			first, _, _ := strings.Cut(errOut, "\n")
			assert.Equal(t, 1, strings.Count(first, "jwtsso"), "stderr: %s", errOut)
			assert.NotContains(t, errOut, "jwtssotest")
			assert.NotContains(t, errOut, "With")
		})
	}
}

func TestVersion(t *testing.T) {
	tests := []struct {
		name string
		bi   *debug.BuildInfo
		want string
	}{
		{"from a checkout", &debug.BuildInfo{GoVersion: "go1.26.0", Main: debug.Module{Path: modulePath, Version: "(devel)"}},
			"jwtsso (devel) (go1.26.0)\n"},
		{"go install of a release", &debug.BuildInfo{GoVersion: "go1.26.0", Main: debug.Module{Path: modulePath, Version: "v0.2.0"}},
			"jwtsso v0.2.0 (go1.26.0)\n"},
		{"the Redis build", &debug.BuildInfo{GoVersion: "go1.26.0",
			Main: debug.Module{Path: modulePath + "/redisstore", Version: "v0.1.1"},
			Deps: []*debug.Module{{Path: "github.com/redis/go-redis/v9", Version: "v9.0.0"}, {Path: modulePath, Version: "v0.2.0"}}},
			"jwtsso v0.2.0 (go1.26.0)\n"},
		{"the Redis build in a workspace", &debug.BuildInfo{GoVersion: "go1.26.0",
			Main: debug.Module{Path: modulePath + "/redisstore", Version: "(devel)"},
			Deps: []*debug.Module{{Path: modulePath, Version: "v0.1.0", Replace: &debug.Module{Path: "../"}}}},
			"jwtsso (devel) (go1.26.0)\n"},
		{"no build information", nil, "jwtsso (unknown) (unknown Go version)\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			readBuildInfo = func() (*debug.BuildInfo, bool) { return tt.bi, tt.bi != nil }
			t.Cleanup(func() { readBuildInfo = debug.ReadBuildInfo })
			for _, arg := range []string{"version", "--version", "-version"} {
				code, out, errOut := runCLI(t, nil, "", arg)
				assert.Equal(t, exitOK, code)
				assert.Equal(t, tt.want, out)
				assert.Empty(t, errOut)
			}
		})
	}
	t.Run("the test binary", func(t *testing.T) {
		code, out, _ := runCLI(t, nil, "", "version")
		assert.Equal(t, exitOK, code)
		assert.Regexp(t, `^jwtsso \S+ \(go\d`, out)
	})
	t.Run("argument", func(t *testing.T) {
		code, _, errOut := runCLI(t, nil, "", "version", "now")
		assert.Equal(t, exitUsage, code)
		assert.Contains(t, errOut, `unexpected argument "now"`)
	})
}

// TestKeyFilePermissions: a key file that group or others can read gets a
// one-line warning that says how to fix it; the key is used all the same.
func TestKeyFilePermissions(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("no Unix permission bits")
	}
	tests := []struct {
		perm os.FileMode
		warn bool
	}{{0o600, false}, {0o400, false}, {0o640, true}, {0o644, true}, {0o604, true}}
	for _, tt := range tests {
		t.Run(tt.perm.String(), func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "key")
			require.NoError(t, os.WriteFile(path, []byte(testKey+"\n"), 0o600))
			require.NoError(t, os.Chmod(path, tt.perm))
			code, out, errOut := runCLI(t, nil, "", "mint", "--key-file", path, "--name", "Jo", "--email", "jo@example.com", "--account", "acme")
			assert.Equal(t, exitOK, code, errOut)
			assert.Contains(t, out, "token:", "the key is used")
			warning := fmt.Sprintf("jwtsso mint: warning: key file %s can be read by group or others (mode %04o); run: chmod 600 %s\n", path, tt.perm, path)
			if tt.warn {
				assert.True(t, strings.HasPrefix(errOut, warning), "stderr: %s", errOut)
			} else {
				assert.NotContains(t, errOut, "warning")
			}
			assert.NotContains(t, errOut, testKey)
		})
	}
}
