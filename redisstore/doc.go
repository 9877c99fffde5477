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
//	SET <prefix><hex SHA-256 of jti> 1 NX PX <milliseconds>
//
// NX makes the check atomic across every client of the same Redis: of any
// number of concurrent submissions of one token, exactly one gets OK (the
// token is accepted) and the others get nil ([verify.ErrTokenReplayed]).
//
// PX gives the key a lifetime relative to the moment Redis runs the
// command: what is left of the token's window (its iat plus max age plus
// leeway) by this process's clock, rounded up to the millisecond, plus one
// millisecond because Redis counts from its own clock truncated to the
// millisecond. (go-redis sends a whole number of seconds as EX.) Redis's
// clock therefore does not matter: a Redis whose clock runs minutes ahead
// of the verifiers' keeps the key just as long. The key may outlive the
// window by the round trip, never fall short of it. An absolute expiry
// (PXAT) would be judged by Redis's clock: with Redis 200 seconds ahead it
// is already past, Redis stores nothing, and every submission of a token
// is its first use.
//
// This process's clock is read so that it never runs backwards: the Store
// keeps the latest reading it has used, and an earlier one (the clock set
// back by NTP, a virtual machine resumed) counts as that latest one. An
// until at or before it is refused with [ErrUntilPassed] rather than sent:
// Redis would answer OK and store nothing, every time.
//
// Keys are the prefix ([WithPrefix]; one per account when accounts share a
// Redis) followed by 64 hex digits, the SHA-256 of the jti: all keys have
// one length whatever the jti holds, contain no braces that Redis Cluster
// would read as a hash tag, and spread over all slots. Every command touches
// one key, so the Store works with a standalone Redis, with Sentinel
// (redis.NewFailoverClient) and with Redis Cluster (redis.NewClusterClient),
// and with any server that implements SET with NX and PX (Redis 2.6.12 or
// later, Valkey and compatible servers).
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
// What Redis itself loses, the Store cannot know, and a token whose jti
// Redis has lost can be accepted once more while it is inside its window
// (at most max age plus leeway, 125 seconds by default):
//   - a Redis restarted without persistence has forgotten every jti. With
//     AOF (appendonly yes) and appendfsync always it loses nothing; with
//     everysec, up to a second of writes; RDB snapshots alone lose what
//     was written since the last one. Otherwise accept that, after each
//     restart, tokens issued in the last window before it can be used once
//     more;
//   - a Sentinel or Cluster failover loses writes the old primary had not
//     yet copied to the replica that takes over (replication is
//     asynchronous): WAIT, or min-replicas-to-write, narrows that;
//   - eviction: under maxmemory, the volatile-* policies (volatile-lru,
//     volatile-lfu, volatile-ttl, volatile-random) choose among keys with
//     an expiry, which every key here has, and the allkeys-* policies among
//     all keys. Either can drop a live jti. Set maxmemory-policy noeviction
//     on the Redis that holds them: a full Redis then answers OOM, which
//     fails closed, and nothing live is dropped. Keep caches that want
//     eviction on another Redis;
//   - Redis's clock is not trusted (see above), but a Redis clock that
//     jumps forward after a key was written does end that key early: Redis
//     turns PX into an absolute time when it stores the key. Keep its clock
//     on NTP with slewing rather than steps.
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
