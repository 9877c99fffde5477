package jwtsso

import (
	"net/url"
	"strings"
)

// maxReturnPath is the longest return path accepted, in bytes.
const maxReturnPath = 2048

// SafeReturnPath reports whether raw, typically a return or next parameter
// that a sign-in page received, is a path on the same host that is safe to
// redirect to after sign-in, and returns it unchanged when it is.
//
// It accepts only a path that starts with exactly one "/" ("/sso/happyfox",
// "/a/b?c=d"). It refuses anything a browser could resolve to another host:
// absolute URLs ("https://evil.com", "http:evil.com"), scheme-relative ones
// ("//evil.com"), backslashes ("/\evil.com", which browsers read as "//"),
// and spaces, tabs, newlines or other control characters, raw or
// percent-encoded ("/%09/evil.com", whose tab a browser strips), as well as
// encoded slashes that decode to "//". Non-ASCII bytes and the characters
// " < > ` (which browsers percent-encode in a path) must be percent-encoded,
// so an accepted path cannot break out of a double-quoted HTML attribute;
// still escape it like any value before putting it in a page. It never panics.
func SafeReturnPath(raw string) (string, bool) {
	if len(raw) == 0 || len(raw) > maxReturnPath || raw[0] != '/' {
		return "", false
	}
	if len(raw) > 1 && raw[1] == '/' {
		return "", false
	}
	if strings.IndexFunc(raw, func(r rune) bool { return r <= ' ' || r >= 0x7f || strings.ContainsRune(`\"<>`+"`", r) }) >= 0 {
		return "", false
	}
	u, err := url.Parse(raw)
	if err != nil || u.Scheme != "" || u.Host != "" || u.User != nil || u.Opaque != "" {
		return "", false
	}
	// A framework may decode the path before it redirects: the decoded form
	// must be as safe as the raw one.
	if strings.HasPrefix(u.Path, "//") ||
		strings.IndexFunc(u.Path, func(r rune) bool { return r < ' ' || r == 0x7f || r == '\\' }) >= 0 {
		return "", false
	}
	return raw, true
}
