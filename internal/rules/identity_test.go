package rules

import (
	"errors"
	"strings"
	"testing"
)

// I26: emails that display as another address, and domains that IDNA reads as
// another domain, are refused; the ordinary ones, including
// internationalised ones in either form and in any case, pass.
func TestEmail(t *testing.T) {
	tests := []struct {
		name, email string
		ok          bool
	}{
		{"plain", "jo@example.com", true},
		{"case kept in the local part and the domain", "Jo.Smith@Example.COM", true},
		{"internationalised domain", "jo@bücher.example", true},
		{"internationalised domain in capitals", "jo@BÜCHER.example", true},
		{"A-label domain", "jo@xn--bcher-kva.example", true},
		{"A-label domain in capitals", "jo@XN--BCHER-KVA.EXAMPLE", true},
		{"right-to-left domain", "jo@שלום.co.il", true},
		{"CJK domain", "jo@日本語.jp", true},
		{"unicode local part", "josé@example.com", true},
		{"hyphens in the third and fourth place", "jo@ab--cd.example", true},
		{"ZWJ in a right-to-left local part", "دی\u200cنا@example.com", false},

		{"variation selector 16 in the local part", "ceo\ufe0f@company.com", false},
		{"variation selector 1 in the local part", "ceo\ufe00@company.com", false},
		{"variation selector 17 in the local part", "ceo\U000E0100@company.com", false},
		{"variation selector 256 in the local part", "ceo\U000E01EF@company.com", false},
		{"Mongolian free variation selector", "ceo\u180b@company.com", false},
		{"Mongolian vowel separator", "ceo\u180e@company.com", false},
		{"Mongolian free variation selector four", "ceo\u180f@company.com", false},
		{"combining grapheme joiner", "ceo\u034f@company.com", false},
		{"Khmer inherent vowel", "ceo\u17b4@company.com", false},
		{"tag character", "ceo\U000E0041@company.com", false},
		{"reserved default-ignorable", "ceo\u2065@company.com", false},
		{"variation selector in the domain", "ceo@company\ufe0f.com", false},
		{"braille blank in the local part", "ceo\u2800@company.com", false},
		{"Hangul filler in the local part", "ceo\u3164@company.com", false},
		{"object replacement character", "ceo\ufffc@company.com", false},
		{"noncharacter", "ceo\ufdd0@company.com", false},

		{"small full stop in the domain", "ceo@company\ufe52com", false},
		{"digit full stop in the domain", "ceo@company\u2488com", false},
		{"digit twenty full stop in the domain", "ceo@company\u249bcom", false},
		{"ideographic full stop in the domain", "ceo@company\u3002com", false},
		{"fullwidth full stop in the domain", "ceo@company\uff0ecom", false},
		{"halfwidth ideographic full stop in the domain", "ceo@company\uff61com", false},
		{"fullwidth letters in the domain", "ceo@ｃｏｍｐａｎｙ.com", false},
		{"Kelvin sign for K in the domain", "ceo@\u212aompany.com", false},
		{"long s for s in the domain", "ceo@companie\u017f.com", false},
		{"decomposed ü in the domain", "ceo@bu\u0308cher.example", false},
		{"symbol in the domain (UTS 46 NV8)", "ceo@\u2665.example", false},
		{"symbol in the domain as an A-label", "ceo@xn--g6h.example", false},
		{"braille blank in the domain", "ceo@a\u2800b.example", false},
		{"bad punycode", "ceo@xn--abc.example", false},
		{"A-label of an unmapped form", "ceo@xn--Bcher-kva.example", true},
		{"mixed directions in one label", "ceo@x\u05e9y.example", false},
		// 63 bytes of UTF-8, but 69 once encoded as an A-label.
		{"label too long once encoded", "ceo@日本語中文漢字東京大阪北海道沖縄福岡広島横.example", false},
		{"label of 63 bytes once encoded", "ceo@" + strings.Repeat("ü", 31) + ".example", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := Email(tt.email)
			if tt.ok {
				if err != nil {
					t.Fatalf("Email refused a good address: %v", err)
				}
				return
			}
			if !errors.Is(err, ErrInvalidEmail) || !errors.Is(err, ErrInvalidIdentity) {
				t.Fatalf("Email = %v; want ErrInvalidEmail and ErrInvalidIdentity", err)
			}
			if strings.Contains(err.Error(), tt.email) {
				t.Errorf("the message %q quotes the address", err)
			}
		})
	}
}

// I26: a name needs a character that shows; invisible and blank-looking ones are
// refused anywhere in it, but for the joiners names in several scripts need.
func TestName(t *testing.T) {
	tests := []struct {
		name, value string
		ok          bool
	}{
		{"plain", "Jo Example", true},
		{"unicode", "José 山田", true},
		{"ideographic space between names", "山田\u3000太郎", true},
		{"no-break space", "Jo\u00a0Example", true},
		{"Persian with ZWNJ", "می\u200cخواهم", true},
		{"Devanagari with ZWJ", "क्\u200dष", true},
		{"emoji ZWJ sequence", "Jo 👩\u200d💻", true},
		{"emoji with variation selector", "Jo \u2764\ufe0f", false},

		{"braille blank only", "\u2800", false},
		{"braille blanks only", "\u2800\u2800\u2800", false},
		{"Hangul filler only", "\u3164", false},
		{"halfwidth Hangul filler only", "\uffa0", false},
		{"Hangul choseong and jungseong fillers", "\u115f\u1160", false},
		{"object replacement only", "\ufffc", false},
		{"null notehead only", "\U0001D159", false},
		{"Khitan filler only", "\U00016FE4", false},
		{"combining mark only", "\u0301", false},
		{"ZWJ only", "\u200d", false},
		{"braille blank among letters", "Jo\u2800Example", false},
		{"Hangul filler among letters", "Jo\u3164", false},
		{"variation selector among letters", "Jo\ufe0e", false},
		{"Mongolian selector among letters", "Jo\u180b", false},
		{"noncharacter among letters", "Jo\uffff", false},
		{"blank plus spaces", " \u2800 ", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := Name(tt.value)
			if tt.ok {
				if err != nil {
					t.Fatalf("Name refused a good name: %v", err)
				}
				return
			}
			if !errors.Is(err, ErrInvalidName) || !errors.Is(err, ErrInvalidIdentity) {
				t.Fatalf("Name = %v; want ErrInvalidName and ErrInvalidIdentity", err)
			}
		})
	}
}
