package verify

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"runtime"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/supportsso/jwtsso/internal/testutil"
)

// Run with:
//
//	go test -run='^$' -bench='Verif|MemoryStore' -benchmem -count=3 .
//
// Every Verify benchmark runs the bare HMAC-SHA256 check of the same valid
// token (the baseline) interleaved with its subject, in chunks, and reports
// baseline-ns/op and x-baseline (subject ns/op / baseline ns/op), so that
// the ratio comes from one run on one machine state.

// benchTokens is how many distinct valid tokens the benchmarks cycle
// through; a fresh Verifier (and store) takes over after each cycle.
const benchTokens = 1 << 16

func benchValidTokens(b *testing.B) []string {
	b.Helper()
	tokens := make([]string, benchTokens)
	for i := range tokens {
		tokens[i] = forgeToken(vKey, tokenHeader, claimsJSON(vNow.Unix(), "01J"+strconv.Itoa(1e7+i)+"ABCDEFGHJKMNP", "Jo Example", "jo@example.com"))
	}
	return tokens
}

// bareHMACCheck is the baseline: what any HS256 verifier must do at least.
func bareHMACCheck(key []byte, token string) bool {
	dot2 := strings.LastIndexByte(token, '.')
	want, err := segmentEncoding.DecodeString(token[dot2+1:])
	if err != nil {
		return false
	}
	m := hmac.New(sha256.New, key)
	m.Write([]byte(token[:dot2]))
	return hmac.Equal(m.Sum(nil), want)
}

// benchAgainstBaseline runs subject interleaved with baseline in chunks of
// 1,024 and reports "baseline-ns/op" and "x-baseline".
func benchAgainstBaseline(b *testing.B, baseline, subject func(i int)) {
	testutil.Interleaved(b, 1024, "baseline", baseline, subject)
}

func BenchmarkVerify(b *testing.B) {
	key := []byte(vKey)
	tokens := benchValidTokens(b)
	baseline := func(i int) {
		if !bareHMACCheck(key, tokens[i%benchTokens]) {
			b.Fatal("baseline refused a valid token")
		}
	}
	ctx := context.Background()

	b.Run("baseline", func(b *testing.B) {
		b.ReportAllocs()
		for i := 0; i < b.N; i++ {
			baseline(i)
		}
	})
	b.Run("valid", func(b *testing.B) {
		v := newTestVerifier(b)
		benchAgainstBaseline(b, baseline, func(i int) {
			if i%benchTokens == 0 && i > 0 {
				v = newTestVerifier(b) // every token is new again
			}
			if _, err := v.Verify(ctx, tokens[i%benchTokens]); err != nil {
				b.Fatal(err)
			}
		})
	})
	b.Run("forged", func(b *testing.B) {
		v := newTestVerifier(b)
		forged := tokens[0][:len(tokens[0])-2] + "AA"
		benchAgainstBaseline(b, baseline, func(int) {
			if _, err := v.Verify(ctx, forged); err != errBadSignature {
				b.Fatal(err)
			}
		})
	})
	for _, size := range []int{8 << 10, 1 << 20} {
		b.Run("oversize-"+strconv.Itoa(size>>10)+"KiB", func(b *testing.B) {
			v := newTestVerifier(b)
			token := strings.Repeat("A", size)
			benchAgainstBaseline(b, baseline, func(int) {
				if _, err := v.Verify(ctx, token); err != errTooLarge {
					b.Fatal(err)
				}
			})
		})
	}
}

// BenchmarkMemoryStoreMillion fills a store with 1,000,000 live entries and
// reports the heap it holds per entry and the time per insert.
func BenchmarkMemoryStoreMillion(b *testing.B) {
	const n = 1_000_000
	jtis := make([]string, n)
	for i := range jtis {
		jtis[i] = "01J" + strconv.Itoa(1e7+i) + "ABCDEFGHJKMNP" // 26 bytes, as a ULID
	}
	ctx, until := context.Background(), vNow.Add(time.Minute)
	var perEntry float64
	var insert time.Duration
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		var before, after runtime.MemStats
		runtime.GC()
		runtime.ReadMemStats(&before)
		s := NewMemoryStore(WithStoreClock(func() time.Time { return vNow }))
		start := time.Now()
		for _, jti := range jtis {
			if first, err := s.FirstUse(ctx, jti, until); !first || err != nil {
				b.Fatal("insert refused", err)
			}
		}
		insert = time.Since(start)
		runtime.GC()
		runtime.ReadMemStats(&after)
		perEntry = float64(after.HeapAlloc-before.HeapAlloc) / n
		runtime.KeepAlive(s)
	}
	b.ReportMetric(perEntry, "B/entry")
	b.ReportMetric(float64(insert.Nanoseconds())/n, "ns/insert")
}

// BenchmarkMemoryStoreParallel measures FirstUse from GOMAXPROCS goroutines
// in a steady state: a clock that moves one second per 100,000 calls and a
// 2-second window, so entries expire as fast as they arrive (about 200,000
// live) and the expiry work is part of every call.
func BenchmarkMemoryStoreParallel(b *testing.B) {
	var calls atomic.Int64
	now := func() time.Time { return vNow.Add(time.Duration(calls.Load()/100_000) * time.Second) }
	s := NewMemoryStore(WithStoreClock(now))
	ctx := context.Background()
	b.ReportAllocs()
	b.RunParallel(func(pb *testing.PB) {
		buf := make([]byte, 0, 32)
		for pb.Next() {
			i := calls.Add(1)
			buf = strconv.AppendInt(append(buf[:0], "01J"...), i, 36)
			if first, err := s.FirstUse(ctx, string(buf), now().Add(2*time.Second)); !first || err != nil {
				b.Error("insert refused", err)
				return
			}
		}
	})
}
