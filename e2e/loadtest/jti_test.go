package loadtest

import (
	"context"
	"encoding/base64"
	"log/slog"
	"strings"
	"testing"

	"github.com/supportsso/jwtsso"
)

func mintLocation(t testing.TB) (loc string, jti string) {
	t.Helper()
	var got string
	h, err := jwtsso.New(serverKey, jwtsso.IdentityResolverFunc(resolve), jwtsso.WithAccount("acme"),
		jwtsso.WithLogger(slog.New(recordJTIHandler(&got))))
	if err != nil {
		t.Fatal(err)
	}
	loc, err = h.RedirectURL(context.Background(), jwtsso.Identity{Name: "Jo", Email: "jo@example.com", EmailVerified: true})
	if err != nil {
		t.Fatal(err)
	}
	return loc, got
}

// recordJTIHandler is a slog handler that keeps the jti attribute, so the
// test learns the jti from the handler and not from the code under test.
func recordJTIHandler(dst *string) slog.Handler {
	return jtiHandler{Handler: slog.DiscardHandler, dst: dst}
}

type jtiHandler struct {
	slog.Handler
	dst *string
}

func (jtiHandler) Enabled(context.Context, slog.Level) bool { return true }

func (h jtiHandler) Handle(_ context.Context, r slog.Record) error {
	r.Attrs(func(a slog.Attr) bool {
		if a.Key == "jti" {
			*h.dst = a.Value.String()
		}
		return true
	})
	return nil
}

func TestJTIFromLocation(t *testing.T) {
	loc, want := mintLocation(t)
	var id [jtiLen]byte
	if !jtiFromLocation(loc, TokenURL, &id) || string(id[:]) != want {
		t.Fatalf("jtiFromLocation = %q, want %q", id, want)
	}
	if n := testing.AllocsPerRun(100, func() { jtiFromLocation(loc, TokenURL, &id) }); n != 0 {
		t.Errorf("allocations: %v, want 0", n)
	}
	token := strings.TrimPrefix(loc, TokenURL)
	for name, bad := range map[string]string{
		"elsewhere":  "https://evil.example/jwt/?token=" + token,
		"bare":       TokenURL + strings.Repeat("x", len(token)),
		"no payload": TokenURL + "abc",
		"not base64": TokenURL + "a.!!!.b",
		"no jti":     TokenURL + "a.eyJpYXQiOjF9.b", // {"iat":1}
		"short jti":  TokenURL + "a.eyJqdGkiOiIxMjMifQ.b",
		"huge":       TokenURL + "a." + strings.Repeat("A", 2000) + ".b",
	} {
		if jtiFromLocation(bad, TokenURL, &id) {
			t.Errorf("%s: found a jti in %.60q", name, bad)
		}
	}
}

func TestJTIStore(t *testing.T) {
	s, err := newJTIStore(3)
	if err != nil {
		t.Fatal(err)
	}
	defer s.close()
	a, b := [jtiLen]byte{'A'}, [jtiLen]byte{'B'}
	for _, id := range []*[jtiLen]byte{&a, &b, &a} {
		if !s.add(id) {
			t.Fatal("store full too early")
		}
	}
	if s.add(&b) {
		t.Fatal("a full store took a fourth jti")
	}
	if held, distinct, dropped := s.check(); held != 3 || distinct != 2 || dropped != 1 {
		t.Fatalf("check = %d held, %d distinct, %d dropped; want 3, 2, 1", held, distinct, dropped)
	}
}

// BenchmarkRecordJTI is what the server adds to every SSO request to check
// distinctness: finding the jti in the Location and storing it. The SSO
// figures in BENCHMARKS.md include it. It reports cpu-ns/op, the process's
// CPU time per operation, which a busy machine inflates less than ns/op.
func BenchmarkRecordJTI(b *testing.B) {
	loc, _ := mintLocation(b)
	s, err := newJTIStore(1 << 20)
	if err != nil {
		b.Fatal(err)
	}
	defer s.close()
	b.ReportAllocs()
	cpu0, _ := processCPU()
	for b.Loop() {
		var id [jtiLen]byte
		if !jtiFromLocation(loc, TokenURL, &id) {
			b.Fatal("no jti")
		}
		if !s.add(&id) {
			s.n, s.dropped = 0, 0 // full: start again, as a longer run would go on
		}
	}
	cpu1, _ := processCPU()
	b.ReportMetric(float64(cpu1-cpu0)/float64(b.N), "cpu-ns/op")
}

// A payload whose jti is not where jwtsso puts it (an iat of another
// width, a payload shorter than the fixed window) is decoded and searched
// whole.
func TestJTIElsewhere(t *testing.T) {
	const jti = "01ARZ3NDEKTSV4RRFFQ69G5FAV"
	for name, claims := range map[string]string{
		"9-digit iat":   `{"iat":999999999,"jti":"` + jti + `","name":"Jo","email":"jo@example.com"}`,
		"11-digit iat":  `{"iat":10000000000,"jti":"` + jti + `","name":"Jo","email":"jo@example.com"}`,
		"short payload": `{"jti":"` + jti + `"}`,
		"jti first":     `{"jti":"` + jti + `","iat":1764000000,"name":"Jo","email":"jo@example.com"}`,
	} {
		t.Run(name, func(t *testing.T) {
			loc := TokenURL + "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9." +
				base64.RawURLEncoding.EncodeToString([]byte(claims)) + ".sig"
			var id [jtiLen]byte
			if !jtiFromLocation(loc, TokenURL, &id) || string(id[:]) != jti {
				t.Fatalf("jtiFromLocation = %q, want %q", id, jti)
			}
		})
	}
}

// A jti late in a long payload is found by decoding all of it.
func TestJTILate(t *testing.T) {
	payload := base64.RawURLEncoding.EncodeToString([]byte(`{"name":"` + strings.Repeat("n", 100) +
		`","jti":"01ARZ3NDEKTSV4RRFFQ69G5FAV"}`))
	var id [jtiLen]byte
	if !jtiFromLocation(TokenURL+"h."+payload+".s", TokenURL, &id) || string(id[:]) != "01ARZ3NDEKTSV4RRFFQ69G5FAV" {
		t.Fatalf("got %q", id)
	}
}
