package jwtsso

import (
	"net"
	"net/url"
	"strings"
)

// MinKeyLength is the shortest key accepted, in bytes: RFC 7518 §3.2 asks
// for a key at least as long as the HS256 hash (256 bits). HappyFox's keys
// are 32 alphanumeric characters. Length is not the only rule: [New] and
// verify.New also refuse keys that are placeholders (see [ErrInvalidKey]).
const MinKeyLength = 32

// supportOrigin returns the support centre's origin ("https://host[:port]")
// from exactly one of the account name and the support URL.
func supportOrigin(s *settings) (string, error) {
	switch {
	case s.accountSet && s.supportURLSet:
		return "", configError(nil, "both WithAccount and WithSupportURL given; use one")
	case s.accountSet:
		if !isDNSLabel(s.account) {
			return "", configError(ErrInvalidAccount, "account must be a single DNS label (letters, digits and inner hyphens, at most 63), as in <account>.happyfox.com")
		}
		return "https://" + strings.ToLower(s.account) + ".happyfox.com", nil
	case s.supportURLSet:
		return checkSupportURL(s.supportURL)
	}
	return "", configError(nil, "no support centre: use WithAccount or WithSupportURL")
}

// isDNSLabel reports whether s is one label of a host name (RFC 1123).
func isDNSLabel(s string) bool {
	if s == "" || len(s) > 63 || s[0] == '-' || s[len(s)-1] == '-' {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '-') {
			return false
		}
	}
	return true
}

// checkSupportURL accepts a bare origin: https (or http on a loopback host),
// a host of DNS labels or an IP literal, an optional port, and at most a "/"
// path. It returns the origin without the trailing slash.
func checkSupportURL(raw string) (string, error) {
	u, err := url.Parse(raw)
	switch {
	case err != nil:
		return "", configError(ErrInvalidSupportURL, "support URL does not parse")
	case u.Scheme != "https" && u.Scheme != "http":
		return "", configError(ErrInvalidSupportURL, "support URL must start with https://")
	case u.Opaque != "" || u.Host == "":
		return "", configError(ErrInvalidSupportURL, "support URL has no host (write https://host)")
	case u.User != nil:
		return "", configError(ErrInvalidSupportURL, "support URL must not contain user info ('@')")
	case u.RawQuery != "" || u.ForceQuery || strings.Contains(raw, "?"):
		return "", configError(ErrInvalidSupportURL, "support URL must not have a query")
	case u.Fragment != "" || strings.Contains(raw, "#"):
		return "", configError(ErrInvalidSupportURL, "support URL must not have a fragment")
	case u.Path != "" && u.Path != "/":
		return "", configError(ErrInvalidSupportURL, "support URL must be an origin without a path (the package adds /jwt/)")
	case !isHostName(u.Hostname()):
		return "", configError(ErrInvalidSupportURL, "support URL host is not a host name or IP address")
	case u.Scheme == "http" && !isLoopback(u.Hostname()):
		return "", configError(ErrInvalidSupportURL, "support URL must use https (http is accepted only for loopback hosts)")
	}
	return u.Scheme + "://" + strings.ToLower(u.Host), nil
}

// isHostName reports whether h is an IP address or dot-separated DNS labels
// (one trailing dot allowed).
func isHostName(h string) bool {
	if net.ParseIP(h) != nil {
		return true
	}
	h = strings.TrimSuffix(h, ".")
	if h == "" || len(h) > 253 {
		return false
	}
	for _, label := range strings.Split(h, ".") {
		if !isDNSLabel(label) {
			return false
		}
	}
	return true
}

// isLoopback reports whether host names this machine: "localhost" or a
// loopback IP. Subdomains of localhost are not taken: a client that does not
// treat them as loopback (RFC 6761 only asks it to) resolves them through
// DNS, and would send a token in clear text to wherever that points.
func isLoopback(host string) bool {
	h := strings.ToLower(strings.TrimSuffix(host, "."))
	if h == "localhost" {
		return true
	}
	ip := net.ParseIP(h)
	return ip != nil && ip.IsLoopback()
}

// checkLoginURL accepts a safe local path, or an absolute https URL (http
// on a loopback host) without user info or fragment. An empty URL means no
// login URL.
func checkLoginURL(raw, returnParam string) (*url.URL, error) {
	if raw == "" {
		if returnParam != "" {
			return nil, configError(ErrInvalidLoginURL, "return parameter given without a login URL")
		}
		return nil, nil
	}
	if strings.ContainsFunc(returnParam, func(r rune) bool { return r <= ' ' || r >= 0x7f }) {
		return nil, configError(ErrInvalidLoginURL, "return parameter name contains spaces or control characters")
	}
	if p, ok := SafeReturnPath(raw); ok {
		return url.Parse(p)
	}
	u, err := url.Parse(raw)
	switch {
	case err != nil || u.Opaque != "" || u.Host == "" || u.Scheme == "":
		return nil, configError(ErrInvalidLoginURL, "login URL must be a local path such as /login or an absolute https URL")
	case u.Scheme != "https" && !(u.Scheme == "http" && isLoopback(u.Hostname())):
		return nil, configError(ErrInvalidLoginURL, "login URL must use https (http is accepted only for loopback hosts)")
	case u.User != nil:
		return nil, configError(ErrInvalidLoginURL, "login URL must not contain user info ('@')")
	case u.Fragment != "" || strings.Contains(raw, "#"):
		return nil, configError(ErrInvalidLoginURL, "login URL must not have a fragment")
	case !isHostName(u.Hostname()):
		return nil, configError(ErrInvalidLoginURL, "login URL host is not a host name or IP address")
	}
	return u, nil
}
