package rules

import (
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/net/idna"
)

// isDefaultIgnorable reports Unicode's Default_Ignorable_Code_Point: the
// code points a renderer shows as nothing when it does not support them.
// Go has the property's inputs, not the property, so this applies the
// derivation of DerivedCoreProperties.txt (UAX #44) to them:
//
//	Other_Default_Ignorable_Code_Point
//	+ Cf (format characters)
//	+ Variation_Selector
//	- White_Space
//	- U+FFF9..U+FFFB (interlinear annotation controls)
//	- U+13430..U+1343F (Egyptian hieroglyph format controls)
//	- Prepended_Concatenation_Mark (U+0600 and the like, which show)
//
// It follows the Unicode version of the Go toolchain (unicode.Version); the
// tests hold it to the published table.
func isDefaultIgnorable(r rune) bool {
	if r < 0xad { // U+00AD SOFT HYPHEN is the first
		return false
	}
	if !unicode.In(r, unicode.Other_Default_Ignorable_Code_Point, unicode.Cf, unicode.Variation_Selector) {
		return false
	}
	return !unicode.In(r, unicode.White_Space, unicode.Prepended_Concatenation_Mark) &&
		!(0xfff9 <= r && r <= 0xfffb) && !(0x13430 <= r && r <= 0x1343f)
}

// isBlank reports the characters that Unicode files as graphic (a symbol or
// a mark) but that show as blank space, so that no property singles them
// out: U+2800 BRAILLE PATTERN BLANK, U+FFFC OBJECT REPLACEMENT CHARACTER,
// U+1D159 MUSICAL SYMBOL NULL NOTEHEAD and U+16FE4 KHITAN SMALL SCRIPT
// FILLER. The other fillers (Hangul U+115F, U+1160, U+3164, U+FFA0) are
// default-ignorable and the spaces are White_Space; both are refused by
// property.
func isBlank(r rune) bool { return unicode.Is(blankTable, r) }

var blankTable = &unicode.RangeTable{
	R16: []unicode.Range16{{Lo: 0x2800, Hi: 0x2800, Stride: 1}, {Lo: 0xfffc, Hi: 0xfffc, Stride: 1}},
	R32: []unicode.Range32{{Lo: 0x16fe4, Hi: 0x16fe4, Stride: 1}, {Lo: 0x1d159, Hi: 0x1d159, Stride: 1}},
}

// The characters refused beyond ASCII, as one table each, so that a check
// costs one lookup rather than seven. Built at start-up from the few small
// tables they are drawn from (some 4,500 code points in all).
var (
	// emailRefused: see emailRuneRefused.
	emailRefused = tableOf(func(r rune) bool {
		return unicode.In(r, unicode.Cc, unicode.Cf, unicode.White_Space, unicode.Noncharacter_Code_Point) ||
			isDefaultIgnorable(r) || isBlank(r)
	}, unicode.Cc, unicode.Cf, unicode.White_Space, unicode.Noncharacter_Code_Point,
		unicode.Other_Default_Ignorable_Code_Point, unicode.Variation_Selector, blankTable)

	// nameRefused: see nameRuneRefused.
	nameRefused = tableOf(func(r rune) bool {
		return r != '\u200c' && r != '\u200d' &&
			(unicode.In(r, unicode.Cc, unicode.Zl, unicode.Zp, unicode.Cf, unicode.Noncharacter_Code_Point) ||
				isDefaultIgnorable(r) || isBlank(r))
	}, unicode.Cc, unicode.Zl, unicode.Zp, unicode.Cf, unicode.Noncharacter_Code_Point,
		unicode.Other_Default_Ignorable_Code_Point, unicode.Variation_Selector, blankTable)

	// hidden: the default-ignorable and blank code points, which do not
	// count as visible.
	hidden = tableOf(func(r rune) bool { return isDefaultIgnorable(r) || isBlank(r) },
		unicode.Other_Default_Ignorable_Code_Point, unicode.Cf, unicode.Variation_Selector, blankTable)

	// shown: letters, numbers, punctuation and symbols (see isVisible).
	shown = unionOf(unicode.L, unicode.N, unicode.P, unicode.S)

	// letterDigit: what IDNA2008 lets into a label (RFC 5892's
	// LetterDigits, with Lu, which UTS #46 maps to lower case).
	letterDigit = unionOf(unicode.Ll, unicode.Lu, unicode.Lo, unicode.Lm, unicode.Mn, unicode.Mc, unicode.Nd)
)

// unionOf returns one table of the code points of tables, built from their
// ranges (a few thousand), so that a miss costs one search rather than one
// per table.
func unionOf(tables ...*unicode.RangeTable) *unicode.RangeTable {
	var ranges []unicode.Range32
	add := func(lo, hi, stride uint32) {
		if stride == 1 {
			ranges = append(ranges, unicode.Range32{Lo: lo, Hi: hi, Stride: 1})
			return
		}
		for r := lo; r <= hi; r += stride {
			ranges = append(ranges, unicode.Range32{Lo: r, Hi: r, Stride: 1})
		}
	}
	for _, t := range tables {
		for _, rg := range t.R16 {
			add(uint32(rg.Lo), uint32(rg.Hi), uint32(rg.Stride))
		}
		for _, rg := range t.R32 {
			add(rg.Lo, rg.Hi, rg.Stride)
		}
	}
	slices.SortFunc(ranges, func(a, b unicode.Range32) int { return int(a.Lo) - int(b.Lo) })
	merged := ranges[:0]
	for _, rg := range ranges {
		if n := len(merged); n > 0 && rg.Lo <= merged[n-1].Hi+1 {
			merged[n-1].Hi = max(merged[n-1].Hi, rg.Hi)
			continue
		}
		merged = append(merged, rg)
	}
	return &unicode.RangeTable{R32: slices.Clip(merged)}
}

// tableOf returns a table of the code points of the tables from, beyond
// ASCII, for which keep is true.
func tableOf(keep func(rune) bool, from ...*unicode.RangeTable) *unicode.RangeTable {
	var runes []rune
	add := func(lo, hi, stride uint32) {
		for r := lo; r <= hi; r += stride {
			if r >= utf8.RuneSelf && keep(rune(r)) {
				runes = append(runes, rune(r))
			}
		}
	}
	for _, t := range from {
		for _, rg := range t.R16 {
			add(uint32(rg.Lo), uint32(rg.Hi), uint32(rg.Stride))
		}
		for _, rg := range t.R32 {
			add(rg.Lo, rg.Hi, rg.Stride)
		}
	}
	slices.Sort(runes)
	table := &unicode.RangeTable{}
	for _, r := range slices.Compact(runes) {
		if n := len(table.R32); n > 0 && table.R32[n-1].Hi+1 == uint32(r) {
			table.R32[n-1].Hi++
			continue
		}
		table.R32 = append(table.R32, unicode.Range32{Lo: uint32(r), Hi: uint32(r), Stride: 1})
	}
	return table
}

// idnaProfile validates an email domain as UTS #46 does for lookup:
// nontransitional (ß stays ß), STD3 ASCII rules (letters, digits, hyphens),
// the contextual rules for joiners, the Bidi rule of RFC 5893, and the DNS
// lengths of the encoded name. Hyphens in the third and fourth places of a
// label ("ab--cd") are left alone: they are a registration rule, and
// A-labels are decoded and checked anyway. The profile is only used to
// check: its output never replaces the address.
var idnaProfile = idna.New(
	idna.MapForLookup(),
	idna.Transitional(false),
	idna.BidiRule(),
	idna.VerifyDNSLength(true),
	idna.CheckHyphens(false),
)

// checkIDNA refuses domain unless it is an IDNA domain that maps to itself
// up to case. Its Unicode form (with A-labels decoded) must be what UTS #46
// maps it to, but for the case of letters: "Example.COM", "bücher.example"
// and "xn--bcher-kva.example" pass, while "company﹒com" (U+FE52 maps to a
// full stop), "company⒈com" (U+2488 maps to "1."), fullwidth letters, a
// Kelvin sign for K and a decomposed ü are refused. Every character beyond
// ASCII must also be a letter, mark or decimal digit, as IDNA2008 (RFC 5892)
// requires: x/net/idna lets through the symbols UTS #46 marks NV8, such as
// U+2665 (♥) and U+2800 (braille blank).
//
// A domain of ASCII letters, digits and hyphens with no A-label ("xn--")
// takes a fast path: isMailDomain has checked all that UTS #46 would (the
// fuzz tests hold the two to agreement).
func checkIDNA(domain string) error {
	if isPlainASCIIDomain(domain) {
		return nil
	}
	if err := notLetterDigit(domain); err != nil {
		return err // before the costlier IDNA pass
	}
	ascii, err := idnaProfile.ToASCII(domain)
	if err != nil {
		return errNotIDNA
	}
	mapped, err := idna.Punycode.ToUnicode(ascii) // decodes A-labels, maps nothing
	if err != nil {
		return errNotIDNA
	}
	given, err := idna.Punycode.ToUnicode(asciiLower(domain))
	if err != nil {
		return errNotIDNA
	}
	if err := notLetterDigit(given); err != nil {
		return err // a symbol hidden in an A-label
	}
	for i, r := range given {
		m, size := utf8.DecodeRuneInString(mapped)
		if size == 0 || !sameUpToCase(r, m) {
			return runeError(ErrInvalidEmail, "domain character %[1]U at byte %[2]d of its Unicode form is read by IDNA as another character", r, i)
		}
		mapped = mapped[size:]
	}
	if mapped != "" {
		return errIDNALonger
	}
	return nil
}

var (
	errNotIDNA    = identityError(ErrInvalidEmail, "domain is not a valid internationalised domain name (IDNA)")
	errIDNALonger = identityError(ErrInvalidEmail, "domain is read by IDNA as a longer name")
)

// isPlainASCIIDomain reports whether s, which isMailDomain accepted, is all
// ASCII with no label that starts with "xn--" in any case.
func isPlainASCIIDomain(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	for label := range strings.SplitSeq(s, ".") {
		if len(label) >= 4 && strings.EqualFold(label[:4], "xn--") {
			return false
		}
	}
	return true
}

// notLetterDigit refuses a character of s beyond ASCII that is not a letter,
// mark or decimal digit, or returns nil.
func notLetterDigit(s string) error {
	for i, r := range s {
		if r >= utf8.RuneSelf && !unicode.Is(letterDigit, r) {
			return runeError(ErrInvalidEmail, "domain character %[1]U at byte %[2]d of its Unicode form is not a letter, mark or digit (IDNA2008)", r, i)
		}
	}
	return nil
}

// sameUpToCase reports whether given is mapped or its upper-case form.
// Only a true case pair counts: the Kelvin sign K lowers to k, but k
// uppers to K, so the Kelvin sign is not k in another case.
func sameUpToCase(given, mapped rune) bool {
	return given == mapped || unicode.ToLower(given) == mapped && unicode.ToUpper(mapped) == given
}

// asciiLower lowers the ASCII letters of s, so that an A-label written in
// capitals ("XN--BCHER-KVA") decodes as the DNS reads it.
func asciiLower(s string) string {
	for i := 0; i < len(s); i++ {
		if 'A' <= s[i] && s[i] <= 'Z' {
			b := []byte(s)
			for j := i; j < len(b); j++ {
				if 'A' <= b[j] && b[j] <= 'Z' {
					b[j] += 'a' - 'A'
				}
			}
			return string(b)
		}
	}
	return s
}
