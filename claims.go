package jwtsso

import (
	"strconv"
	"unicode/utf8"
)

// Claims is the payload of a HappyFox JWT, exactly as the support centre
// reads it: the four claims it documents and no others.
//
// IssuedAt is whole seconds since the Unix epoch (never milliseconds or a
// fraction); ID is unique per token so that the support centre can refuse a
// replay; Name and Email say who signs in.
type Claims struct {
	IssuedAt int64  `json:"iat"`
	ID       string `json:"jti"`
	Name     string `json:"name"`
	Email    string `json:"email"`
}

// appendJSON appends c to dst as a JSON object with the keys iat, jti, name
// and email in that order. The strings must be valid UTF-8 (the identity
// checks ensure it); they are escaped as JSON requires and otherwise kept
// byte for byte, so a name such as "José 山田" round-trips exactly.
func (c *Claims) appendJSON(dst []byte) []byte {
	dst = append(dst, `{"iat":`...)
	dst = strconv.AppendInt(dst, c.IssuedAt, 10)
	dst = append(dst, `,"jti":`...)
	dst = appendJSONString(dst, c.ID)
	dst = append(dst, `,"name":`...)
	dst = appendJSONString(dst, c.Name)
	dst = append(dst, `,"email":`...)
	dst = appendJSONString(dst, c.Email)
	return append(dst, '}')
}

// appendJSONString appends s as a quoted JSON string. Quotes, backslashes and
// control characters are escaped; invalid UTF-8 becomes U+FFFD, which the
// identity checks make unreachable (they refuse invalid UTF-8 first).
func appendJSONString(dst []byte, s string) []byte {
	const hex = "0123456789abcdef"
	dst = append(dst, '"')
	start := 0
	for i := 0; i < len(s); {
		b := s[i]
		if b >= utf8.RuneSelf {
			r, size := utf8.DecodeRuneInString(s[i:])
			if r == utf8.RuneError && size == 1 {
				dst = append(dst, s[start:i]...)
				dst = append(dst, `\ufffd`...)
				i++
				start = i
				continue
			}
			i += size
			continue
		}
		if b >= 0x20 && b != '"' && b != '\\' {
			i++
			continue
		}
		dst = append(dst, s[start:i]...)
		switch b {
		case '"', '\\':
			dst = append(dst, '\\', b)
		case '\n':
			dst = append(dst, '\\', 'n')
		case '\r':
			dst = append(dst, '\\', 'r')
		case '\t':
			dst = append(dst, '\\', 't')
		default:
			dst = append(dst, '\\', 'u', '0', '0', hex[b>>4], hex[b&0xf])
		}
		i++
		start = i
	}
	dst = append(dst, s[start:]...)
	return append(dst, '"')
}
