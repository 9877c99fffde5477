package cli

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/url"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// maxInputBytes bounds what inspect reads from stdin.
const maxInputBytes = 64 << 10

// maxShownBytes bounds how much of a decoded header or payload is printed.
const maxShownBytes = 2048

// errTokenTwice is a refusal found before the Verifier: the support centre
// refuses a URL that carries the token parameter more than once.
var errTokenTwice = errors.New("the URL carries the token parameter more than once")

// input is what inspect was given, taken apart.
type input struct {
	token string
	notes []string // remarks about the URL the token came in
}

// errNoToken means that inspect was given an empty token.
var errNoToken = errors.New("no token given")

// readInput returns the argument, or all of stdin for "-" with surrounding
// whitespace (the newline of echo or a paste) removed. Empty input is
// errNoToken.
func readInput(arg string, stdin io.Reader) (string, error) {
	if arg != "-" {
		if strings.TrimSpace(arg) == "" {
			return "", fmt.Errorf("%w: the argument is empty", errNoToken)
		}
		return arg, nil
	}
	b, err := io.ReadAll(io.LimitReader(stdin, maxInputBytes+1))
	switch {
	case err != nil:
		return "", fmt.Errorf("read stdin: %w", err)
	case len(b) > maxInputBytes:
		return "", fmt.Errorf("stdin holds more than %d bytes; a token is a few hundred", maxInputBytes)
	}
	in := strings.TrimSpace(string(b))
	if in == "" {
		return "", fmt.Errorf("%w: stdin is empty", errNoToken)
	}
	return in, nil
}

// notAToken says what keeps s from being a token at all, or returns "" when
// s has a token's shape: three segments of base64url characters whose
// first decodes to a JSON object. Inspect decodes nothing of input that is
// not a token, so that a password or other secret pasted by mistake is not
// echoed.
func notAToken(s string) string {
	parts := strings.Split(s, ".")
	if len(parts) != 3 {
		return fmt.Sprintf("it has %s, and a token has 3 (header.payload.signature)", plural(int64(len(parts)), "dot-separated segment"))
	}
	for i, p := range parts {
		if strings.IndexFunc(p, notBase64URL) >= 0 {
			return fmt.Sprintf("segment %d has characters outside the base64url alphabet (A-Z a-z 0-9 - _) of a token", i+1)
		}
	}
	h, err := base64.RawURLEncoding.DecodeString(parts[0])
	if err != nil || !json.Valid(h) || !bytes.HasPrefix(bytes.TrimSpace(h), []byte("{")) {
		return "its first segment does not decode to a JSON object, as a token's header does"
	}
	return ""
}

func notBase64URL(r rune) bool {
	return !(r >= 'A' && r <= 'Z' || r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '-' || r == '_')
}

// parseInput accepts a bare token or a URL with a token parameter. A URL
// that carries the parameter more than once is refused, as the support
// centre refuses it (errTokenTwice).
func parseInput(s string) (input, error) {
	if !strings.Contains(s, "?") && !strings.Contains(s, "://") {
		return input{token: s}, nil
	}
	u, err := url.Parse(s)
	if err != nil {
		// url.Parse's error repeats the whole URL, token and all: keep only
		// its reason.
		reason := err
		var ue *url.Error
		if errors.As(err, &ue) {
			reason = ue.Err
		}
		return input{}, fmt.Errorf("not a token, and not a URL that parses: %w", reason)
	}
	q, err := url.ParseQuery(u.RawQuery)
	if err != nil {
		return input{}, fmt.Errorf("the URL's query string does not parse: %w", err)
	}
	var in input
	switch v := q["token"]; {
	case len(v) > 1:
		return input{}, errTokenTwice
	case len(v) == 0:
		return input{}, errors.New("the URL has no token parameter")
	default:
		in.token = v[0]
	}
	if u.Path != "/jwt/" {
		in.notes = append(in.notes, fmt.Sprintf("the support centre reads tokens at the path /jwt/ (with the slash); this URL's path is %s", strconv.Quote(u.Path)))
	}
	return in, nil
}

// printDecoded prints the token's header and payload as they are, without
// trusting them, and what its iat means by now.
func printDecoded(w io.Writer, token string, now time.Time) {
	parts := strings.Split(token, ".")
	fmt.Fprintf(w, "Header:  %s\n", showSegment(parts, 0))
	fmt.Fprintf(w, "Payload: %s\n", showSegment(parts, 1))
	if iat, ok := untrustedIAT(parts); ok {
		fmt.Fprintf(w, "Issued:  %s (iat %d), %s\n", time.Unix(iat, 0).UTC().Format(time.RFC3339), iat, relative(now.Sub(time.Unix(iat, 0))))
	}
	fmt.Fprintln(w, "(decoded without checking anything)")
}

// showSegment decodes segment i for display.
func showSegment(parts []string, i int) string {
	if i >= len(parts) {
		return "(missing)"
	}
	b, err := base64.RawURLEncoding.DecodeString(parts[i])
	if err != nil {
		return "(not unpadded base64url)"
	}
	return printable(b)
}

// untrustedIAT reads the payload's iat, if it is an integer, for display.
func untrustedIAT(parts []string) (int64, bool) {
	if len(parts) < 2 {
		return 0, false
	}
	b, err := base64.RawURLEncoding.DecodeString(parts[1])
	if err != nil {
		return 0, false
	}
	var p struct {
		IAT json.Number `json:"iat"`
	}
	d := json.NewDecoder(bytes.NewReader(b))
	d.UseNumber()
	if d.Decode(&p) != nil {
		return 0, false
	}
	iat, err := p.IAT.Int64()
	return iat, err == nil
}

// relative says how long ago (or ahead) d is, in whole seconds.
func relative(d time.Duration) string {
	s := int64(d.Round(time.Second) / time.Second)
	switch {
	case s > 0:
		return plural(s, "second") + " ago"
	case s < 0:
		return plural(-s, "second") + " in the future"
	}
	return "just now"
}

func plural(n int64, unit string) string {
	if n == 1 {
		return "1 " + unit
	}
	return strconv.FormatInt(n, 10) + " " + unit + "s"
}

// printable shows untrusted bytes safely on a terminal: invalid UTF-8 and
// every rune that is not printable (control, format, bidi override) are
// escaped, and long input is cut.
func printable(b []byte) string {
	var sb strings.Builder
	for i := 0; i < len(b); {
		if sb.Len() >= maxShownBytes {
			fmt.Fprintf(&sb, "… (%d more bytes)", len(b)-i)
			break
		}
		r, size := utf8.DecodeRune(b[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			fmt.Fprintf(&sb, `\x%02x`, b[i])
		case !unicode.IsPrint(r):
			fmt.Fprintf(&sb, `\u%04x`, r)
		default:
			sb.WriteRune(r)
		}
		i += size
	}
	return sb.String()
}
