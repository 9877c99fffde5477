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
// "/a/b?c=d", "/a#b"). It refuses anything a browser could resolve to
// another host: absolute URLs ("https://evil.com", "http:evil.com"),
// scheme-relative ones ("//evil.com"), backslashes ("/\evil.com", which
// browsers read as "//"), and spaces, tabs, newlines or other control
// characters, raw or percent-encoded ("/%09/evil.com", whose tab a browser
// strips). Non-ASCII bytes and the characters " < > ` (which browsers
// percent-encode in a path) must be percent-encoded, so an accepted path
// cannot break out of a double-quoted HTML attribute; still escape it like
// any value before putting it in a page.
//
// It also refuses a path that a URL parser would rewrite: dot segments ("."
// and "..", raw or percent-encoded in any case, such as "%2e" or ".%2E"),
// which browsers resolve ("/a/../..//evil.com" becomes "//evil.com"), and
// empty segments ("/a//b"), which http.Redirect removes. The query is not
// normalised by anyone, so dots and slashes in it are fine
// ("/search?q=../x"); a fragment that no query precedes is cleaned by
// http.Redirect along with the path, so there it must not hold an empty or
// dot segment either. Finally, the path decoded once (as a framework that
// redirects to r.URL.Path would) must pass the same checks, so
// "/sso/..%2F..%2F%2Fevil.com" and "/%2F%2Fevil.com" are refused.
//
// So an accepted path is one that http.Redirect writes as it is, and that a
// browser resolves, raw or decoded once, to this host with a path that does
// not start with "//". It never panics.
func SafeReturnPath(raw string) (string, bool) {
	if len(raw) == 0 || len(raw) > maxReturnPath || raw[0] != '/' {
		return "", false
	}
	if strings.IndexFunc(raw, func(r rune) bool { return r <= ' ' || r >= 0x7f || strings.ContainsRune(`\"<>`+"`", r) }) >= 0 {
		return "", false
	}
	u, err := url.Parse(raw)
	if err != nil || u.Scheme != "" || u.Host != "" || u.User != nil || u.Opaque != "" {
		return "", false
	}
	// What browsers resolve: the path up to "?" or "#". What http.Redirect
	// cleans: everything up to "?", a fragment included.
	redirected, _, _ := strings.Cut(raw, "?")
	if !cleanPath(browserPath(raw)) || !cleanPath(redirected) {
		return "", false
	}
	// A framework may decode the path before it redirects: the decoded form
	// must be as safe as the raw one, read as a path or as a URL (in which
	// a decoded "?" or "#" ends the path).
	decoded := u.Path
	if strings.IndexFunc(decoded, func(r rune) bool { return r < ' ' || r == 0x7f || r == '\\' }) >= 0 ||
		!cleanPath(decoded) || !cleanPath(browserPath(decoded)) {
		return "", false
	}
	return raw, true
}

// browserPath returns the part of p, a URL path with an optional query and
// fragment, that a browser treats as the path.
func browserPath(p string) string {
	if i := strings.IndexAny(p, "?#"); i >= 0 {
		return p[:i]
	}
	return p
}

// cleanPath reports whether p, which starts with "/", has no segment that
// any URL parser removes or resolves: no empty segment (except the last,
// for a trailing slash) and no dot segment, raw or percent-encoded.
func cleanPath(p string) bool {
	segs := strings.Split(p[1:], "/")
	for i, seg := range segs {
		if seg == "" && i < len(segs)-1 || isDotSegment(seg) {
			return false
		}
	}
	return true
}

// isDotSegment reports whether seg is "." or "..", with any of its dots
// written as "%2e" or "%2E", as the WHATWG URL standard defines them.
func isDotSegment(seg string) bool {
	if len(seg) > 6 {
		return false
	}
	rest := seg
	dots := 0
	for rest != "" {
		switch {
		case rest[0] == '.':
			rest = rest[1:]
		case len(rest) >= 3 && rest[0] == '%' && rest[1] == '2' && (rest[2] == 'e' || rest[2] == 'E'):
			rest = rest[3:]
		default:
			return false
		}
		dots++
	}
	return dots == 1 || dots == 2
}
