package jwtsso

import (
	"net/mail"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"github.com/stretchr/testify/require"
	"golang.org/x/net/idna"
)

// uts46 is the fuzz oracle's UTS #46 profile: x/net/idna's Lookup, with the
// DNS lengths checked and "--" in the third and fourth places of an ASCII
// label allowed, as the check allows it.
var uts46 = idna.New(idna.MapForLookup(), idna.BidiRule(), idna.VerifyDNSLength(true), idna.CheckHyphens(false))

// FuzzUnicodeIdentity: whatever the checks accept still parses with
// net/mail to exactly itself, has a domain that UTS #46 accepts and maps to
// itself up to case, and has no invisible character; an accepted name has
// a letter, digit, punctuation mark or symbol. (FuzzIdentity holds the
// JSON round trip.)
func FuzzUnicodeIdentity(f *testing.F) {
	for _, s := range [][2]string{
		{"Jo", "ceo\ufe0f@company.com"}, {"Jo", "ceo@company\ufe52com"}, {"Jo", "ceo@company\u2488com"},
		{"\u2800", "a@b\u180b.com"}, {"\u3164", "a@xn--bcher-kva.example"}, {"Jo\ufffc", "jo@BÜCHER.example"},
		{"\U0001d159", "jo@\u212aelvin.example"}, {"José 山田", "jo@שלום.co.il"}, {"می\u200cخواهم", "jo@xn--g6h.example"},
		{"Jo 👩\u200d💻", "jo@ｅxample.com"}, {"Jo\U000e0100", "jo@bu\u0308cher.example"}, {"Jo", "jo@ab--cd.example"},
	} {
		f.Add(s[0], s[1])
	}
	f.Fuzz(func(t *testing.T, name, email string) {
		if validateIdentity(&Identity{Name: name, Email: email, EmailVerified: true}, false) != nil {
			return
		}
		addr, err := mail.ParseAddress(email)
		require.NoError(t, err)
		require.Equal(t, email, addr.Address)

		domain := email[strings.LastIndexByte(email, '@')+1:]
		_, err = uts46.ToASCII(domain)
		require.NoError(t, err, "the domain passes UTS #46")
		mapped, err := uts46.ToUnicode(domain)
		require.NoError(t, err)
		given, err := idna.Punycode.ToUnicode(strings.ToLower(domain))
		require.NoError(t, err)
		require.True(t, strings.EqualFold(given, mapped), "the domain maps to itself up to case")

		for _, r := range email {
			require.False(t, unicode.In(r, unicode.Cf, unicode.Variation_Selector, unicode.Other_Default_Ignorable_Code_Point, unicode.White_Space),
				"invisible %U in an accepted email", r)
		}
		for _, r := range name {
			if r != '\u200c' && r != '\u200d' {
				require.False(t, unicode.In(r, unicode.Cf, unicode.Variation_Selector, unicode.Other_Default_Ignorable_Code_Point),
					"invisible %U in an accepted name", r)
			}
		}
		require.True(t, strings.ContainsFunc(name, func(r rune) bool {
			return r < utf8.RuneSelf && r > ' ' && r != 0x7f ||
				r >= utf8.RuneSelf && unicode.In(r, unicode.L, unicode.N, unicode.P, unicode.S) && r != 0x2800 && r != 0xfffc && r != 0x1d159
		}), "an accepted name shows something")
	})
}
