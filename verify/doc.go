// Package verify is the accepting half of jwtsso: it checks HappyFox JWTs
// the way the support centre does. Host applications do not need it to sign
// their users in (that is package [github.com/supportsso/jwtsso]); tests,
// command-line tools and services that play the support centre's part do.
// Package [github.com/supportsso/jwtsso/jwtssotest] builds a fake support
// centre on it.
//
// # The checks and their order
//
// [Verifier.Verify] refuses a token with an error that wraps exactly one of
// [ErrTokenMalformed], [ErrTokenSignature], [ErrTokenClaims],
// [ErrTokenExpired], [ErrTokenFromFuture], [ErrTokenReplayed] and
// [ErrReplayStoreUnavailable]. The checks run in an order that decodes
// nothing an attacker controls before it has to:
//
//  1. length: at most [MaxTokenBytes], before anything is read;
//  2. form: three segments of canonical, unpadded base64url, with a 32-byte
//     signature;
//  3. header: exactly {"alg":"HS256","typ":"JWT"}, keys in either order;
//  4. signature: HMAC-SHA256 of the bytes as received, under the key or a
//     previous key ([WithPreviousKeys]), compared in constant time;
//  5. claims: exactly iat, jti, name and email, each once, with the same
//     email and name rules as the issuer's (a refused email or name also
//     matches [github.com/supportsso/jwtsso.ErrInvalidIdentity]);
//  6. age: iat − leeway ≤ now < iat + max age + leeway ([WithMaxAge],
//     [WithLeeway]);
//  7. replay: the jti is recorded in a [ReplayStore] until the token's window
//     has passed; a jti seen before is refused, and so is every token while
//     the store cannot answer (fail closed).
//
// What HappyFox documents is the /jwt/?token= URL, the 120-second lifetime
// ("Remote token has expired") and the refusal of a used jti. The rest of
// this strictness (the leeway, refusing an iat in the future, refusing
// unknown claims or headers) is this package's reading of the contract, on
// the side of refusing.
//
// # Replay stores
//
// A Verifier made without [WithReplayStore] keeps its own [MemoryStore],
// which serves one process. Verifiers in several processes or servers must
// share a store, or a token refused on one is accepted on another:
// github.com/supportsso/jwtsso/redisstore is one, and any store with an
// atomic "insert if absent" can implement the one-method [ReplayStore]
// interface ([ReplayStoreFunc] adapts a function).
//
// # Clocks that step back
//
// A Verifier judges a token's age, and a [MemoryStore] the life of its
// entries, by a clock that never runs backwards: each keeps the latest
// reading it has seen, and a reading earlier than that (a wall clock set
// back by NTP, a virtual machine resumed from a snapshot, a test's fake
// clock moved back) counts as no time passing. This holds for the clocks
// of [WithClock] and [WithStoreClock] too. So once a token's window has
// passed by a Verifier's clock, that Verifier refuses the token for good
// ([ErrTokenExpired]), and once it has passed by a MemoryStore's clock, the
// store refuses to record its jti again (the Verifier answers
// [ErrReplayStoreUnavailable]), even if the clock later reads an earlier
// time.
//
// The price: after a step back, the Verifier's time stands still until its
// clock catches up with the latest reading, so fresh tokens look older by
// the size of the step; after a step back longer than the window (125
// seconds by default) every token is refused as expired until then. What
// this cannot cover: a process that restarts forgets its latest reading,
// and its MemoryStore starts empty, so a token still inside its window
// when the process stops can be accepted once more after the restart. A
// shared store that outlives the process closes that gap.
//
// A shared store must not let its server's clock decide either: the Redis
// store in github.com/supportsso/jwtsso/redisstore sends a relative expiry
// (what is left of the window by its own never-backwards clock), which a
// Redis clock that runs ahead cannot shorten. What a store loses (a Redis
// restarted without persistence, or one that evicts keys under memory
// pressure) it cannot refuse: see that package's documentation.
//
// # Observability
//
// [WithObserver] sets an [Observer] told of each Verify call's outcome
// ([Event]): accepted, or refused with a short, bounded reason named after
// its Err… sentinel, with the jti once the token reached the replay store
// and the time the store took. Module github.com/supportsso/jwtsso/jwtssootel
// turns the events into OpenTelemetry metrics and span events.
//
// # Concurrency
//
// A Verifier is immutable after [New] (but for the latest reading of its
// clock) and safe for concurrent use; two concurrent submissions of one
// token are accepted exactly once. A MemoryStore is safe for concurrent use
// and may be shared by several Verifiers of one process.
package verify
