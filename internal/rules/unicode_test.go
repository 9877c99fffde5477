package rules

import (
	"testing"
	"unicode"

	"golang.org/x/net/idna"
)

// publishedDefaultIgnorable is the Default_Ignorable_Code_Point table of
// DerivedCoreProperties-15.0.0.txt ("Total code points: 4174"), copied as
// published rather than derived, so that it checks the derivation in
// isDefaultIgnorable.
var publishedDefaultIgnorable = [][2]rune{
	{0x00AD, 0x00AD}, {0x034F, 0x034F}, {0x061C, 0x061C}, {0x115F, 0x1160},
	{0x17B4, 0x17B5}, {0x180B, 0x180D}, {0x180E, 0x180E}, {0x180F, 0x180F},
	{0x200B, 0x200F}, {0x202A, 0x202E}, {0x2060, 0x2064}, {0x2065, 0x2065},
	{0x2066, 0x206F}, {0x3164, 0x3164}, {0xFE00, 0xFE0F}, {0xFEFF, 0xFEFF},
	{0xFFA0, 0xFFA0}, {0xFFF0, 0xFFF8}, {0x1BCA0, 0x1BCA3}, {0x1D173, 0x1D17A},
	{0xE0000, 0xE0000}, {0xE0001, 0xE0001}, {0xE0002, 0xE001F}, {0xE0020, 0xE007F},
	{0xE0080, 0xE00FF}, {0xE0100, 0xE01EF}, {0xE01F0, 0xE0FFF},
}

// blankLooking lists the graphic characters that show as blank space.
var blankLooking = map[rune]bool{0x2800: true, 0xFFFC: true, 0x1D159: true, 0x16FE4: true}

// expected holds, for one code point, what the checks should say.
type expected struct {
	local, domainInner, domainAlone, nameAlone, nameAmong bool
}

// Property flags of every code point, set by walking the ranges of Go's
// tables (not by the lookups the checks use).
const (
	fIgnorable uint16 = 1 << iota // published Default_Ignorable_Code_Point
	fCc
	fCf
	fWhiteSpace
	fZlZp
	fNonchar
	fLetterDigit // Ll Lu Lo Lm Mn Mc Nd
	fShown       // L N P S
)

func propertyFlags() []uint16 {
	flags := make([]uint16, unicode.MaxRune+1)
	set := func(f uint16, tables ...*unicode.RangeTable) {
		for _, t := range tables {
			for _, rg := range t.R16 {
				for r := int(rg.Lo); r <= int(rg.Hi); r += int(rg.Stride) {
					flags[r] |= f
				}
			}
			for _, rg := range t.R32 {
				for r := int(rg.Lo); r <= int(rg.Hi); r += int(rg.Stride) {
					flags[r] |= f
				}
			}
		}
	}
	for _, rg := range publishedDefaultIgnorable {
		for r := rg[0]; r <= rg[1]; r++ {
			flags[r] |= fIgnorable
		}
	}
	set(fCc, unicode.Cc)
	set(fCf, unicode.Cf)
	set(fWhiteSpace, unicode.White_Space)
	set(fZlZp, unicode.Zl, unicode.Zp)
	set(fNonchar, unicode.Noncharacter_Code_Point)
	set(fLetterDigit, unicode.Ll, unicode.Lu, unicode.Lo, unicode.Lm, unicode.Mn, unicode.Mc, unicode.Nd)
	set(fShown, unicode.L, unicode.N, unicode.P, unicode.S)
	return flags
}

// expect computes the expectations for r from its flags, without the
// helpers of identity.go and unicode.go.
func expect(r rune, f uint16) expected {
	if r < 0x80 {
		atext := 'a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' || '0' <= r && r <= '9' ||
			r != 0 && containsRune("!#$%&'*+-/=?^_`{|}~", r)
		ldh := 'a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' || '0' <= r && r <= '9'
		printable := 0x21 <= r && r <= 0x7e
		return expected{
			local:       atext,
			domainInner: ldh || r == '-' || r == '.',
			domainAlone: ldh,
			nameAlone:   printable,
			nameAmong:   printable || r == ' ',
		}
	}
	hidden := f&(fIgnorable|fNonchar) != 0 || blankLooking[r]
	emailOK := !hidden && f&(fCc|fCf|fWhiteSpace) == 0
	letterDigit := f&fLetterDigit != 0
	joiner := r == 0x200C || r == 0x200D
	nameOK := joiner || !hidden && f&(fCc|fCf|fZlZp) == 0
	return expected{
		local:       emailOK,
		domainInner: emailOK && letterDigit && idnaKeeps("x"+string(r)+"y"),
		domainAlone: emailOK && letterDigit && idnaKeeps(string(r)),
		nameAlone:   nameOK && !hidden && f&fShown != 0,
		nameAmong:   nameOK,
	}
}

func containsRune(s string, r rune) bool {
	for _, c := range s {
		if c == r {
			return true
		}
	}
	return false
}

// idnaKeeps reports whether UTS #46, as x/net/idna's Lookup profile applies
// it, accepts label and maps it to itself but for letter case.
func idnaKeeps(label string) bool {
	mapped, err := idna.Lookup.ToUnicode(label)
	if err != nil {
		return false
	}
	want := []rune(mapped)
	got := []rune(label)
	if len(want) != len(got) {
		return false
	}
	for i := range got {
		if got[i] != want[i] && !(unicode.ToLower(got[i]) == want[i] && unicode.ToUpper(want[i]) == got[i]) {
			return false
		}
	}
	return true
}

// I26: every code point of Unicode, through the email check (in a local part
// and in a domain label; as a label of its own too where that can differ)
// and the name check (alone and among letters), against the properties
// computed above. Chunks run in parallel.
func TestEveryCodePoint(t *testing.T) {
	if unicode.Version != "15.0.0" {
		t.Fatalf("the Go toolchain has Unicode %s: update publishedDefaultIgnorable from that version's DerivedCoreProperties.txt", unicode.Version)
	}
	flags := propertyFlags()
	total := 0
	for _, f := range flags {
		if f&fIgnorable != 0 {
			total++
		}
	}
	if total != 4174 {
		t.Fatalf("the published table has %d code points, not 4174", total)
	}

	const chunks = 8
	const per = (unicode.MaxRune + 1) / chunks
	for c := range chunks {
		lo, hi := rune(c)*per, rune(c+1)*per-1
		t.Run(string(rune('A'+c)), func(t *testing.T) {
			t.Parallel()
			failures := 0
			for r := lo; r <= hi && failures < 20; r++ {
				if 0xD800 <= r && r <= 0xDFFF {
					continue // surrogates are not characters; UTF-8 cannot hold them
				}
				f := flags[r]
				if isDefaultIgnorable(r) != (f&fIgnorable != 0) {
					t.Errorf("%U: isDefaultIgnorable disagrees with the published table", r)
					failures++
				}
				want := expect(r, f)
				p := newProbes(r)
				got := expected{
					local:       Email(p.local) == nil,
					domainInner: Email(p.domainInner) == nil,
					nameAlone:   Name(p.alone) == nil,
					nameAmong:   Name(p.among) == nil,
				}
				if r < 0x80 || f&fLetterDigit != 0 {
					got.domainAlone = Email(p.domainAlone) == nil
				} else if want.domainAlone {
					t.Errorf("%U: the test expects a label of its own to pass; it is not a letter or digit", r)
				}
				if got != want {
					t.Errorf("%U: accepted %+v, want %+v", r, got, want)
					failures++
				}
			}
		})
	}
}

// probes are the texts each code point is tried in, cut from one string:
// one allocation per code point rather than five keeps the walk quick under
// the race detector.
type probes struct{ local, domainInner, domainAlone, alone, among string }

func newProbes(r rune) probes {
	s := string(r)
	n := len(s)
	all := "a" + s + "@example.com" + "a@x" + s + "y.example" + "a@" + s + ".example" + "Jo" + s + "e"
	var p probes
	cut := func(size int) string {
		part := all[:size]
		all = all[size:]
		return part
	}
	p.local = cut(n + 13)
	p.domainInner = cut(n + 12)
	p.domainAlone = cut(n + 10)
	p.among = cut(n + 3)
	p.alone = p.among[2 : 2+n]
	return p
}
