package cli

import (
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
)

const hs256 = `{"alg":"HS256","typ":"JWT"}`

func TestInspect(t *testing.T) {
	fresh := mintToken(t, testKey, testNow.Add(-30*time.Second))
	freshURL := "https://acme.happyfox.com/jwt/?token=" + fresh
	iat := strconv.FormatInt(testNow.Unix(), 10)

	tests := []struct {
		name  string
		env   map[string]string
		stdin string
		args  []string
		code  int
		want  []string // substrings of stdout, in order
	}{
		{"accepted token", withKey, "", []string{fresh}, exitOK, []string{
			`Header:  {"alg":"HS256","typ":"JWT"}`,
			`Payload: {"iat":1717740427,"jti":"`,
			"Issued:  2024-06-07T06:07:07Z (iat 1717740427), 30 seconds ago",
			"(decoded without checking anything)",
			"Accepted\nThe support centre would sign in Jo Example <jo@example.com>.",
			"cannot tell whether the token was used before",
		}},
		{"accepted URL", withKey, "", []string{freshURL}, exitOK, []string{"Accepted"}},
		{"verify alias", withKey, "", []string{freshURL}, exitOK, []string{"Accepted"}},
		{"stdin", withKey, freshURL + "\n", []string{"-"}, exitOK, []string{"Issued:", "Accepted"}},
		{"flags after the token", nil, "", []string{fresh, "--key-file", writeFile(t, testKey+"\n")}, exitOK, []string{"Accepted"}},
		{"expired", withKey, "", []string{mintToken(t, testKey, testNow.Add(-3*time.Minute))}, exitRefused, []string{
			"180 seconds ago",
			`Refused: "Remote token has expired"`,
			"The token was issued 180 seconds ago (iat 1717740277). The support centre accepts a token for 120 seconds after its iat, plus 5 seconds of leeway, so this one expired 55 seconds ago.",
		}},
		{"expired by a shorter window", withKey, "", []string{"--max-age", "10s", "--leeway", "0s", fresh}, exitRefused, []string{
			"for 10 seconds after its iat, plus 0 seconds of leeway, so this one expired 20 seconds ago",
		}},
		{"clock ahead", withKey, "", []string{mintToken(t, testKey, testNow.Add(90*time.Second))}, exitRefused, []string{
			"90 seconds in the future",
			"Refused: issued in the future (a clock runs ahead)",
			"The token's iat is 90 seconds ahead of this machine's clock, more than the 5 seconds of leeway",
		}},
		{"wrong key", map[string]string{envKey: otherKey}, "", []string{fresh}, exitRefused, []string{
			"Refused: wrong key (the signature does not match)",
		}},
		{"bad claim", withKey, "", []string{signed(testKey, hs256, `{"iat":`+iat+`,"jti":"j","name":"Jo","email":"jo@example.com","admin":true}`)}, exitRefused, []string{
			`"admin":true}`,
			"Refused: bad claim",
			`unknown claim "admin"`,
		}},
		{"iat in milliseconds", withKey, "", []string{signed(testKey, hs256, `{"iat":`+iat+`000,"jti":"j","name":"Jo","email":"jo@example.com"}`)}, exitRefused, []string{
			"Refused: bad claim", "milliseconds instead of seconds?",
		}},
		{"alg none", withKey, "", []string{signed(testKey, `{"alg":"none","typ":"JWT"}`, `{}`)}, exitRefused, []string{
			`Header:  {"alg":"none","typ":"JWT"}`, "Refused: malformed token", `alg is not "HS256"`,
		}},
		{"two segments", withKey, "", []string{"abc.def"}, exitRefused, []string{
			"Input:   7 bytes, not shown", "Refused: not a token", "it has 2 dot-separated segments, and a token has 3",
		}},
		{"token twice (V20)", withKey, "", []string{freshURL + "&token=" + fresh}, exitRefused, []string{
			"Refused: token given more than once",
		}},
		{"wrong path", withKey, "", []string{"https://acme.happyfox.com/jwt?token=" + fresh}, exitOK, []string{
			`Note:    the support centre reads tokens at the path /jwt/ (with the slash); this URL's path is "/jwt"`, "Accepted",
		}},
		{"decode only, no key", nil, "", []string{"--decode-only", fresh}, exitOK, []string{"Payload:", "(decoded without checking anything)"}},
		{"control characters escaped", nil, "", []string{"--decode-only",
			"eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9." + b64("{\"name\":\"\x1b[31mJo\u202e\xff\"}") + ".sig"}, exitOK, []string{
			`Payload: {"name":"\u001b[31mJo\u202e\xff"}`,
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cmd := "inspect"
			if strings.HasPrefix(tt.name, "verify") {
				cmd = "verify"
			}
			code, out, errOut := runCLI(t, tt.env, tt.stdin, append([]string{cmd}, tt.args...)...)
			assert.Equal(t, tt.code, code, "stdout:\n%s\nstderr:\n%s", out, errOut)
			rest := out
			for _, w := range tt.want {
				i := strings.Index(rest, w)
				if !assert.GreaterOrEqual(t, i, 0, "stdout lacks %q (in order):\n%s", w, out) {
					break
				}
				rest = rest[i+len(w):]
			}
			assert.NotContains(t, out+errOut, testKey)
			assert.NotContains(t, out+errOut, otherKey)
			assert.NotContains(t, out, "\x1b")
		})
	}
}

func TestInspectUsage(t *testing.T) {
	tests := []struct {
		name   string
		env    map[string]string
		args   []string
		errOut string
	}{
		{"nothing to inspect", withKey, nil, "give one token, URL, or - for stdin"},
		{"two tokens", withKey, []string{"a", "b"}, "give one token"},
		{"no key", nil, []string{mintToken(t, testKey, testNow)}, "no key: set " + envKey},
		{"URL without token", withKey, []string{"https://acme.happyfox.com/jwt/?t=1"}, "the URL has no token parameter"},
		{"bad query", withKey, []string{"https://acme.happyfox.com/jwt/?token=a;b"}, "query string does not parse"},
		{"short key", map[string]string{envKey: "short"}, []string{mintToken(t, testKey, testNow)}, "the key from $" + envKey},
		{"bad max age", withKey, []string{"--max-age", "0s", mintToken(t, testKey, testNow)}, "--max-age: 0s is outside"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, _, errOut := runCLI(t, tt.env, "", append([]string{"inspect"}, tt.args...)...)
			assert.Equal(t, exitUsage, code)
			assert.Contains(t, errOut, tt.errOut)
		})
	}
}

func b64(s string) string { return base64URL(s) }

// A URL that does not parse is reported without repeating it: it carries a
// token.
func TestParseInputErrorHidesTheURL(t *testing.T) {
	_, err := parseInput("https://acme happyfox.com/jwt/?token=eyJSECRET.eyJTOKEN.SIG")
	if err == nil {
		t.Fatal("want an error for a URL with a space in its host")
	}
	if strings.Contains(err.Error(), "SECRET") || strings.Contains(err.Error(), "TOKEN") {
		t.Fatalf("the error repeats the token: %v", err)
	}
}

// TestInspectNotAToken: input that is not a token is described by its
// length and what is wrong, and none of it is shown (it may be a password
// pasted by mistake); empty input says that no token was given.
func TestInspectNotAToken(t *testing.T) {
	const secret = "hunter2Correct-Horse_Battery"
	tests := []struct {
		name, in, why string
	}{
		{"one word", secret, "it has 1 dot-separated segment, and a token has 3"},
		{"two segments", secret + "." + secret, "it has 2 dot-separated segments"},
		{"four segments", "a." + secret + ".b.c", "it has 4 dot-separated segments"},
		{"spaces", "ab cd." + secret + ".ef", "segment 1 has characters outside the base64url alphabet"},
		{"padding", "eyJhIjoxfQ==." + secret + ".x", "segment 1 has characters outside"},
		{"header not JSON", base64URL(secret) + "." + secret + ".x", "its first segment does not decode to a JSON object"},
		{"header a JSON string", base64URL(`"`+secret+`"`) + ".e30.x", "its first segment does not decode to a JSON object"},
		{"URL with such a token", "https://acme.happyfox.com/jwt/?token=" + secret, "it has 1 dot-separated segment"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for _, args := range [][]string{{"inspect", tt.in}, {"inspect", "--decode-only", tt.in}} {
				code, out, errOut := runCLI(t, withKey, "", args...)
				assert.Equal(t, exitRefused, code)
				assert.Regexp(t, `^Input:   \d+ bytes, not shown\n\nRefused: not a token\n`, out)
				assert.Contains(t, out, tt.why)
				assert.NotContains(t, out+errOut, "hunter2")
				assert.NotContains(t, out+errOut, base64URL(secret))
			}
		})
	}
	empty := []struct {
		name, stdin string
		args        []string
		want        string
	}{
		{"empty argument", "", []string{""}, "no token given: the argument is empty"},
		{"blank argument", "", []string{"  "}, "no token given: the argument is empty"},
		{"empty stdin", "", []string{"-"}, "no token given: stdin is empty"},
		{"blank stdin", " \n", []string{"-"}, "no token given: stdin is empty"},
		{"empty token parameter", "", []string{"https://acme.happyfox.com/jwt/?token="}, "no token given: the URL's token parameter is empty"},
	}
	for _, tt := range empty {
		t.Run(tt.name, func(t *testing.T) {
			code, out, errOut := runCLI(t, withKey, tt.stdin, append([]string{"inspect"}, tt.args...)...)
			assert.Equal(t, exitUsage, code)
			assert.Empty(t, out)
			assert.Contains(t, errOut, "jwtsso inspect: "+tt.want+"\n")
		})
	}
}
