package verify

import (
	"encoding/json"
	"strings"
	"testing"
	"unicode"
	"unicode/utf16"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// scanOne reads {"k":<value>} and returns the value scanFlatObject saw.
func scanOne(t *testing.T, value string) (jsonValue, error) {
	t.Helper()
	var got jsonValue
	err := scanFlatObject(`{"k":`+value+`}`, func(key string, v jsonValue) error {
		assert.Equal(t, "k", key)
		got = v
		return nil
	})
	return got, err
}

// Strings and numbers that encoding/json reads, and what they decode to.
func TestScanFlatObjectAgreesWithEncodingJSON(t *testing.T) {
	for _, value := range []string{
		`""`, `"plain"`, `"\"\\\/\b\f\n\r\t"`, `"\u0041\u00e9\u5c71"`, `"\uD83D\uDE00 x"`,
		`"a\u0000b"`, `"\uFFFD"`, `"José 山田"`,
		`0`, `-0`, `12`, `-12.5`, `1e3`, `1E+3`, `1.5e-3`,
	} {
		t.Run(value, func(t *testing.T) {
			got, err := scanOne(t, value)
			require.NoError(t, err)
			var want any
			d := json.NewDecoder(strings.NewReader(value))
			d.UseNumber()
			require.NoError(t, d.Decode(&want))
			switch w := want.(type) {
			case string:
				assert.Equal(t, jsonString, got.kind)
				assert.Equal(t, w, got.text)
			case json.Number:
				assert.Equal(t, jsonNumber, got.kind)
				assert.Equal(t, string(w), got.text)
			}
		})
	}
}

// Text that is not JSON, and unpaired surrogates, which encoding/json
// accepts but silently replaces with U+FFFD.
func TestScanFlatObjectRefuses(t *testing.T) {
	invalid := []string{
		`"\x"`, `"\u12"`, `"\u12G4"`, `"\uD83D\uZZZZ"`, `"abc`, `"a\`, "\"a\tb\"", "\"a\\\tb\"",
		`01`, `-`, `1.`, `.5`, `1e`, `1e+`, `+1`, `--1`, `tru`, `nul`, `True`, `x`, ``,
	}
	for _, value := range invalid {
		t.Run(value, func(t *testing.T) {
			_, err := scanOne(t, value)
			require.Error(t, err)
			assert.False(t, json.Valid([]byte(`{"k":`+value+`}`)), "encoding/json agrees")
		})
	}
	for _, value := range []string{`"\uD83D"`, `"\uD83Dx"`, `"\uD83D\u0041"`, `"\uDE00"`, `"\uDE00\uD83D"`} {
		t.Run(value, func(t *testing.T) {
			_, err := scanOne(t, value)
			require.ErrorIs(t, err, errJSONSurrogate)
		})
	}
}

func TestScanFlatObjectShapes(t *testing.T) {
	noop := func(string, jsonValue) error { return nil }
	assert.NoError(t, scanFlatObject(` {} `, noop))
	assert.NoError(t, scanFlatObject(`{"a":true,"b":false,"c":null}`, noop))
	for _, s := range []string{``, ` `, `{`, `{"a"}`, `{"a":}`, `{"a":1,}`, `{"a":1 "b":2}`, `{a:1}`, `{}}`, `{} x`, `{"a":[]}`, `{"a":{}}`, `[]`} {
		assert.Error(t, scanFlatObject(s, noop), s)
	}
	assert.Equal(t, `"JTI"`, quoteKey("JTI"))
	long := quoteKey(strings.Repeat("é", 40))
	assert.True(t, strings.HasSuffix(long, "…"))
	assert.NotContains(t, long, `\x`, "cut at a character boundary")
}

// checkJTI's byte loop refuses exactly the characters unicode.IsControl
// reports, whichever position they take.
func TestCheckJTIControlCharacters(t *testing.T) {
	for r := rune(0); r <= unicode.MaxRune; r++ {
		if utf16.IsSurrogate(r) {
			continue
		}
		for _, jti := range []string{string(r), "a" + string(r), string(r) + "\u00a0"} {
			if err := checkJTI(jti); (err != nil) != unicode.IsControl(r) {
				t.Fatalf("checkJTI(%q) = %v, unicode.IsControl = %v", jti, err, unicode.IsControl(r))
			}
		}
	}
}
