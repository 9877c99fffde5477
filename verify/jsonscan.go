package verify

import (
	"errors"
	"strings"
	"unicode/utf16"
	"unicode/utf8"
)

// jsonKind is the type of one value that scanFlatObject found.
type jsonKind uint8

const (
	jsonString  jsonKind = iota + 1 // text is the decoded string
	jsonNumber                      // text is the number as written
	jsonLiteral                     // text is true, false or null
	jsonNested                      // an object or array, never read
)

// jsonValue is one member's value as scanFlatObject reports it.
type jsonValue struct {
	kind jsonKind
	text string
}

// Syntax errors of scanFlatObject. They name no input byte.
var (
	errJSONNotObject = errors.New("not a JSON object")
	errJSONEnd       = errors.New("unexpected end of JSON")
	errJSONSyntax    = errors.New("invalid JSON syntax")
	errJSONControl   = errors.New("control character in a JSON string")
	errJSONEscape    = errors.New("invalid escape in a JSON string")
	errJSONSurrogate = errors.New("unpaired UTF-16 surrogate in a JSON string")
	errJSONNested    = errors.New("nested object or array")
	errJSONTrailing  = errors.New("data after the JSON object")
)

// scanFlatObject reads s as exactly one JSON object (RFC 8259), with
// optional whitespace around tokens and nothing but whitespace after it, and
// calls member with each key and value in order. Keys and string values are
// decoded, escapes included. It stops at the first error member returns
// (and returns that error unchanged), at the first syntax error, and at a
// nested object or array, which member sees with kind jsonNested but which
// is never read: nesting depth is therefore bounded by one.
//
// s must be valid UTF-8; the caller checks it, since encoding/json would
// silently replace invalid bytes. A \u escape of an unpaired surrogate is an
// error for the same reason. Duplicate keys are member's to detect.
func scanFlatObject(s string, member func(key string, v jsonValue) error) error {
	p := jsonScanner{s: s}
	p.space()
	if p.peek() != '{' {
		return errJSONNotObject
	}
	p.i++
	p.space()
	if p.peek() == '}' {
		p.i++
		return p.end()
	}
	for {
		p.space()
		if p.peek() != '"' {
			return p.syntax()
		}
		key, err := p.str()
		if err != nil {
			return err
		}
		p.space()
		if p.peek() != ':' {
			return p.syntax()
		}
		p.i++
		p.space()
		v, err := p.value()
		if err != nil {
			return err
		}
		if err := member(key, v); err != nil {
			return err
		}
		if v.kind == jsonNested {
			return errJSONNested
		}
		p.space()
		switch p.peek() {
		case ',':
			p.i++
		case '}':
			p.i++
			return p.end()
		default:
			return p.syntax()
		}
	}
}

// jsonScanner is a cursor over the text that scanFlatObject reads.
type jsonScanner struct {
	s string
	i int
}

// peek returns the next byte, or 0 at the end (0 is never valid there).
func (p *jsonScanner) peek() byte {
	if p.i < len(p.s) {
		return p.s[p.i]
	}
	return 0
}

func (p *jsonScanner) space() {
	for p.i < len(p.s) {
		switch p.s[p.i] {
		case ' ', '\t', '\n', '\r':
			p.i++
		default:
			return
		}
	}
}

// syntax returns the error for an unexpected byte, or for the end.
func (p *jsonScanner) syntax() error {
	if p.i >= len(p.s) {
		return errJSONEnd
	}
	return errJSONSyntax
}

// end accepts only whitespace after the object.
func (p *jsonScanner) end() error {
	p.space()
	if p.i != len(p.s) {
		return errJSONTrailing
	}
	return nil
}

func (p *jsonScanner) value() (jsonValue, error) {
	switch c := p.peek(); {
	case c == '"':
		text, err := p.str()
		return jsonValue{kind: jsonString, text: text}, err
	case c == '{' || c == '[':
		return jsonValue{kind: jsonNested}, nil
	case c == '-' || '0' <= c && c <= '9':
		text, err := p.number()
		return jsonValue{kind: jsonNumber, text: text}, err
	}
	for _, lit := range [...]string{"true", "false", "null"} {
		if strings.HasPrefix(p.s[p.i:], lit) {
			p.i += len(lit)
			return jsonValue{kind: jsonLiteral, text: lit}, nil
		}
	}
	return jsonValue{}, p.syntax()
}

// number reads -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)? and returns
// it as written.
func (p *jsonScanner) number() (string, error) {
	start := p.i
	if p.peek() == '-' {
		p.i++
	}
	switch c := p.peek(); {
	case c == '0':
		p.i++
	case '1' <= c && c <= '9':
		p.digits()
	default:
		return "", p.syntax()
	}
	if p.peek() == '.' {
		p.i++
		if p.digits() == 0 {
			return "", p.syntax()
		}
	}
	if c := p.peek(); c == 'e' || c == 'E' {
		p.i++
		if c := p.peek(); c == '+' || c == '-' {
			p.i++
		}
		if p.digits() == 0 {
			return "", p.syntax()
		}
	}
	return p.s[start:p.i], nil
}

// digits skips decimal digits and returns how many there were.
func (p *jsonScanner) digits() int {
	start := p.i
	for c := p.peek(); '0' <= c && c <= '9'; c = p.peek() {
		p.i++
	}
	return p.i - start
}

// str reads a quoted string at p.i and returns it decoded. A string without
// escapes is returned as a substring of the input, without copying.
func (p *jsonScanner) str() (string, error) {
	p.i++ // the opening quote
	start := p.i
	for p.i < len(p.s) && !jsonStrStop[p.s[p.i]] {
		p.i++
	}
	switch {
	case p.i == len(p.s):
		return "", errJSONEnd
	case p.s[p.i] == '"':
		p.i++
		return p.s[start : p.i-1], nil
	case p.s[p.i] == '\\':
		return p.escapedStr(start)
	}
	return "", errJSONControl
}

// jsonStrStop marks the bytes that end the plain run of a JSON string: the
// quote, the backslash and the control characters.
var jsonStrStop = func() (a [256]bool) {
	for c := range 0x20 {
		a[c] = true
	}
	a['"'], a['\\'] = true, true
	return a
}()

// escapedStr finishes a string that has escapes; p.i is at the first
// backslash and start at the string's first byte.
func (p *jsonScanner) escapedStr(start int) (string, error) {
	var b strings.Builder
	b.Grow(len(p.s) - start)
	b.WriteString(p.s[start:p.i])
	for p.i < len(p.s) {
		c := p.s[p.i]
		switch {
		case c == '"':
			p.i++
			return b.String(), nil
		case c < 0x20:
			return "", errJSONControl
		case c != '\\':
			b.WriteByte(c)
			p.i++
			continue
		}
		if p.i+1 >= len(p.s) {
			return "", errJSONEnd
		}
		esc := p.s[p.i+1]
		p.i += 2
		if esc == 'u' {
			r, err := p.unicodeEscape()
			if err != nil {
				return "", err
			}
			b.WriteRune(r)
			continue
		}
		r, ok := simpleEscape(esc)
		if !ok {
			return "", errJSONEscape
		}
		b.WriteByte(r)
	}
	return "", errJSONEnd
}

func simpleEscape(c byte) (byte, bool) {
	switch c {
	case '"', '\\', '/':
		return c, true
	case 'b':
		return '\b', true
	case 'f':
		return '\f', true
	case 'n':
		return '\n', true
	case 'r':
		return '\r', true
	case 't':
		return '\t', true
	}
	return 0, false
}

// unicodeEscape reads the four hex digits after \u (and a second \uXXXX
// for a surrogate pair) and returns the character. An unpaired surrogate
// is an error.
func (p *jsonScanner) unicodeEscape() (rune, error) {
	r, ok := p.hex4()
	if !ok {
		return 0, errJSONEscape
	}
	if !utf16.IsSurrogate(r) {
		return r, nil
	}
	if r >= 0xdc00 || !strings.HasPrefix(p.s[p.i:], `\u`) {
		return 0, errJSONSurrogate
	}
	p.i += 2
	lo, ok := p.hex4()
	if !ok {
		return 0, errJSONEscape
	}
	pair := utf16.DecodeRune(r, lo)
	if pair == utf8.RuneError {
		return 0, errJSONSurrogate
	}
	return pair, nil
}

func (p *jsonScanner) hex4() (rune, bool) {
	if p.i+4 > len(p.s) {
		return 0, false
	}
	var r rune
	for _, c := range []byte(p.s[p.i : p.i+4]) {
		var d byte
		switch {
		case '0' <= c && c <= '9':
			d = c - '0'
		case 'a' <= c && c <= 'f':
			d = c - 'a' + 10
		case 'A' <= c && c <= 'F':
			d = c - 'A' + 10
		default:
			return 0, false
		}
		r = r<<4 | rune(d)
	}
	p.i += 4
	return r, true
}
