package redisstore_test

import (
	"context"
	"strconv"
	"sync/atomic"
	"testing"
	"time"

	"github.com/supportsso/jwtsso/internal/testutil"
	"github.com/supportsso/jwtsso/verify"

	"github.com/supportsso/jwtsso/redisstore/internal/redistest"

	"github.com/redis/go-redis/v9"

	"github.com/supportsso/jwtsso/redisstore"
)

// Run with (see BENCHMARKS.md):
//
//	go test -run='^$' -bench=. -benchmem -count=3 .
//
// Each benchmark verifies valid tokens from the root package's issuer with
// a Verifier on the real clock, the memory store or a Redis store on a
// redis-server of the benchmark's own on loopback. BenchmarkVerify/redis
// runs the memory-store verification interleaved with its own, in chunks,
// and reports memory-ns/op and x-memory (redis ns/op / memory ns/op), so
// the ratio comes from one stretch of one run. BenchmarkVerify/redis-parallel
// keeps 8 × GOMAXPROCS verifications in flight, as a busy server would.

// benchTokenCount is how many distinct tokens the benchmarks cycle
// through; a fresh store (or prefix) takes over after each cycle.
const benchTokenCount = 1 << 15

// benchPrefixes numbers the Redis prefixes of all benchmark runs.
var benchPrefixes atomic.Int64

func benchRedisVerifier(b *testing.B, c redis.UniversalClient) *verify.Verifier {
	prefix := "jwtsso:bench:" + strconv.FormatInt(benchPrefixes.Add(1), 10) + ":"
	return newVerifier(b, keyAcme, newStore(b, c, redisstore.WithPrefix(prefix)), verify.WithMaxAge(time.Hour))
}

func benchMemoryVerifier(b *testing.B) *verify.Verifier {
	return newVerifier(b, keyAcme, verify.NewMemoryStore(), verify.WithMaxAge(time.Hour))
}

// cycler submits each token once per Verifier: after the last token it
// takes a fresh Verifier, so that every submission is a first use.
type cycler struct {
	tokens []string
	fresh  func() *verify.Verifier
	v      *verify.Verifier
	next   int
}

func (c *cycler) verify(b *testing.B) {
	if c.v == nil || c.next == len(c.tokens) {
		c.v, c.next = c.fresh(), 0
	}
	c.next++
	if _, err := c.v.Verify(context.Background(), c.tokens[c.next-1]); err != nil {
		b.Fatal(err)
	}
}

func BenchmarkVerify(b *testing.B) {
	srv := redistest.Start(b)
	client := redistest.NewClient(b, srv.Addr())
	tokens := mintN(b, benchTokenCount) // valid for an hour: WithMaxAge(time.Hour)
	b.ResetTimer()

	b.Run("memory", func(b *testing.B) {
		b.ReportAllocs()
		mem := cycler{tokens: tokens, fresh: func() *verify.Verifier { return benchMemoryVerifier(b) }}
		for b.Loop() {
			mem.verify(b)
		}
	})
	b.Run("redis", func(b *testing.B) {
		mem := cycler{tokens: tokens, fresh: func() *verify.Verifier { return benchMemoryVerifier(b) }}
		red := cycler{tokens: tokens, fresh: func() *verify.Verifier { return benchRedisVerifier(b, client) }}
		benchAgainstMemory(b, func() { mem.verify(b) }, func() { red.verify(b) })
	})
	b.Run("redis-parallel", func(b *testing.B) {
		b.ReportAllocs()
		const cycles = 64
		verifiers := make([]*verify.Verifier, cycles)
		for i := range verifiers {
			verifiers[i] = benchRedisVerifier(b, client)
		}
		var next atomic.Int64
		b.SetParallelism(8) // 8 × GOMAXPROCS requests in flight, as on a busy server
		b.ResetTimer()
		b.RunParallel(func(pb *testing.PB) {
			for pb.Next() {
				i := int(next.Add(1) - 1)
				if i/benchTokenCount >= cycles {
					b.Error("more operations than tokens × cycles")
					return
				}
				if _, err := verifiers[i/benchTokenCount].Verify(context.Background(), tokens[i%benchTokenCount]); err != nil {
					b.Error(err)
					return
				}
			}
		})
	})
}

// benchAgainstMemory runs subject interleaved with baseline in chunks of
// 256 and reports "memory-ns/op" and "x-memory".
func benchAgainstMemory(b *testing.B, baseline, subject func()) {
	testutil.Interleaved(b, 256, "memory", func(int) { baseline() }, func(int) { subject() })
}
