// Package redisstore is a [verify.ReplayStore] kept in Redis, for
// deployments where several processes verify HappyFox JWTs: a token
// accepted by one [verify.Verifier] is refused as a replay by all the
// others, because they share one record of the jti values they accepted.
//
// Build a client that honours context deadlines, a [Store] on it, and give
// the Store to every Verifier with [verify.WithReplayStore] (see the
// examples). It lives in a module of its own so that the root module does
// not depend on go-redis.
//
// # The check
//
// [Store.FirstUse] sends one command per token:
//
//	SET <prefix><hex SHA-256 of jti> 1 NX PXAT <until, in Unix milliseconds>
//
// NX makes the check atomic across every client of the same Redis: of any
// number of concurrent submissions of one token, exactly one gets OK (the
// token is accepted) and the others get nil ([verify.ErrTokenReplayed]).
// PXAT gives the key an absolute expiry, the end of the token's window
// (its iat plus max age plus leeway), rounded up to the millisecond; a
// retry or a slow round trip cannot stretch or shrink it, and Redis forgets
// the entry once the Verifier would refuse the token by its age anyway. (When
// until falls on a whole second go-redis sends the same instant as EXAT.) An
// until that is already past is refused with [ErrUntilPassed] rather than
// sent: Redis would answer OK and store nothing, every time.
//
// Keys are the prefix ([WithPrefix]; one per account when accounts share a
// Redis) followed by 64 hex digits, the SHA-256 of the jti: all keys have
// one length whatever the jti holds, contain no braces that Redis Cluster
// would read as a hash tag, and spread over all slots. Every command touches
// one key, so the Store works with a standalone Redis, with Sentinel
// (redis.NewFailoverClient) and with Redis Cluster (redis.NewClusterClient),
// and with any server that implements SET with PXAT (Redis 6.2 or later,
// Valkey and most compatible servers).
//
// # Failures: closed, never open
//
// Every check runs under a timeout ([WithTimeout], default 500 ms) on top of
// the caller's context. The timeout works only if the client honours
// context deadlines, which go-redis does only with ContextTimeoutEnabled
// set, so [New] refuses a client without it. Any failure (no answer in
// time, a refused connection, an error reply such as READONLY or OOM) is an
// error that wraps [ErrUnavailable]; the Verifier turns it into
// [verify.ErrReplayStoreUnavailable] and refuses the token. While Redis is
// down nobody can sign in; no token is accepted twice. Verification resumes
// by itself when Redis answers again.
//
// What Redis itself may lose, the Store cannot know:
//   - a Redis restarted without persistence has forgotten the jti values of
//     tokens still inside their window (at most max age plus leeway, 125
//     seconds by default), which could then be replayed until they expire;
//     AOF with appendfsync always closes that gap, at a cost in latency;
//   - a Sentinel or Cluster failover loses writes the old primary had not
//     yet copied to the replica that takes over (replication is
//     asynchronous), with the same consequence for those few tokens;
//   - an eviction policy other than noeviction lets Redis drop live
//     entries under memory pressure: every key here has an expiry, so the
//     volatile-* policies evict them too. Use maxmemory-policy noeviction
//     (a full Redis then answers OOM, which fails closed) on a Redis, or a
//     database, that holds nothing the application wants evicted;
//   - PXAT is judged by Redis's clock and until by the Verifier's: keep both
//     on NTP. A Redis clock that runs ahead forgets entries early.
//
// # Sizing
//
// An entry lives for one token window only, so the number of keys is
//
//	sign-ins per second × (max age + leeway)
//
// At the defaults (120 s + 5 s), 50 sign-ins a second keep about 6,250 keys;
// Redis 7.0 uses about 165 bytes for each (key, value and expiry), so about
// 1 MB. A sustained 1,000 sign-ins a second keep 125,000 keys, about 21 MB.
// Each check is one round trip: on loopback it costs a few tens of
// microseconds (see BENCHMARKS.md), and Redis serves one single-key SET per
// submitted token, whichever instance receives it: far below what one Redis
// core handles.
package redisstore
