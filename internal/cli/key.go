package cli

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"runtime"
	"strings"
)

// envKey names the environment variable that holds the key.
const envKey = "HAPPYFOX_JWT_KEY"

// maxKeyFileBytes is the largest key file read: a key is 32 characters,
// so anything much larger is the wrong file.
const maxKeyFileBytes = 1024

// errNoKey means neither --key-file nor $HAPPYFOX_JWT_KEY gave a key.
var errNoKey = errors.New("no key: set " + envKey + " or use --key-file PATH (the key is never taken as a flag value, so that it does not show in ps)")

// keyFlag declares --key-file on fs.
func keyFlag(fs *flag.FlagSet) *string {
	return fs.String("key-file", "", "read the key from `PATH` instead of $"+envKey+
		"\n(one trailing newline, \\n or \\r\\n, is removed; nothing else is)")
}

// loadKey returns the key from the file at path when path is set, and from
// $HAPPYFOX_JWT_KEY otherwise, with where it came from, for messages.
//
// From a file it removes exactly one trailing "\n" or "\r\n", which editors
// and "echo KEY > file" add, and nothing else: any other whitespace is left
// for jwtsso to refuse, with an error that says so, because a key that
// differs from HappyFox's by a space signs tokens HappyFox refuses. The
// environment variable is taken as it is. No error contains the key.
func loadKey(path string, lookup func(string) (string, bool)) (key, source string, err error) {
	key, source, _, err = loadKeyMode(path, lookup)
	return key, source, err
}

// loadKeyMode is loadKey that also returns the key file's permission bits
// (0 for the environment).
func loadKeyMode(path string, lookup func(string) (string, bool)) (key, source string, perm fs.FileMode, err error) {
	if path == "" {
		if key, ok := lookup(envKey); ok && key != "" {
			return key, "$" + envKey, 0, nil
		}
		return "", "", 0, errNoKey
	}
	key, perm, err = readKeyFile(path)
	return key, "key file " + path, perm, err
}

// loadKey is loadKey for command c: it warns on stderr, in one line that
// says how to fix it, when group or others may read the key file. The key
// is used all the same: container secrets are often mounted 0644.
func (c *command) loadKey(e *env, path string) (key, source string, err error) {
	key, source, perm, err := loadKeyMode(path, e.lookup)
	if err == nil && perm&0o077 != 0 && runtime.GOOS != "windows" {
		c.warn(e, "key file %s can be read by group or others (mode %04o); run: chmod 600 %s", path, perm, path)
	}
	return key, source, err
}

// readKeyFile reads a key file and removes one trailing newline; it also
// returns the file's permission bits.
func readKeyFile(path string) (string, fs.FileMode, error) {
	f, err := os.Open(path)
	if err != nil {
		return "", 0, fmt.Errorf("key file: %w", err)
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return "", 0, fmt.Errorf("key file: %w", err)
	}
	b, err := io.ReadAll(io.LimitReader(f, maxKeyFileBytes+1))
	switch {
	case err != nil:
		return "", 0, fmt.Errorf("key file %s: %w", path, err)
	case len(b) > maxKeyFileBytes:
		return "", 0, fmt.Errorf("key file %s is larger than %d bytes; it should hold the key alone", path, maxKeyFileBytes)
	}
	key := string(b)
	if k, ok := strings.CutSuffix(key, "\r\n"); ok {
		key = k
	} else {
		key = strings.TrimSuffix(key, "\n")
	}
	if key == "" {
		return "", 0, fmt.Errorf("key file %s is empty", path)
	}
	return key, fi.Mode().Perm(), nil
}
