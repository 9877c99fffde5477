package verify

import (
	"context"
	"fmt"
	"log/slog"
	"strconv"
	"time"

	"github.com/supportsso/jwtsso"
	"github.com/supportsso/jwtsso/internal/hs256"
	"github.com/supportsso/jwtsso/internal/rules"
)

// Verifier accepts HappyFox JWTs the way the support centre does: an HS256
// token signed with the account's key, with exactly the claims iat, jti, name
// and email, at most 120 seconds old (plus a small leeway) and never twice.
// It is the other half of [jwtsso.Handler]: tests and tools use it to check what a
// Handler mints, and a Go service that plays the support centre's part can
// use it to sign people in.
//
// A Verifier is immutable after [New] and safe for concurrent use;
// its replay store is shared by all callers. It holds the key; its String,
// GoString and LogValue methods never show it.
type Verifier struct {
	keys   []*hs256.Key // the current key, then the previous keys
	maxAge time.Duration
	leeway time.Duration
	store  ReplayStore
	own    *MemoryStore // store, when the Verifier made it and shares its clock
	clock  *monoClock   // the clock of WithClock, never running backwards

	observer Observer // nil: none
}

// New returns a Verifier for tokens signed with key, the account's
// key as HappyFox shows it. It refuses a bad configuration with an error
// that wraps [jwtsso.ErrInvalidConfig]: a key (or previous key) that [jwtsso.New] would
// refuse ([jwtsso.ErrInvalidKey]), a repeated key, an out-of-range max age or
// leeway, or a nil option value.
//
// Defaults: max age 120 seconds ([DefaultMaxAge]), leeway 5 seconds
// ([DefaultLeeway]), no previous keys, the clock time.Now, and a
// [MemoryStore] of its own, so replays are refused without any option.
func New(key string, opts ...Option) (*Verifier, error) {
	s := defaultSettings()
	for _, opt := range opts {
		if opt != nil {
			opt(&s)
		}
	}
	if err := rules.CheckKey(key); err != nil {
		return nil, err
	}
	if err := s.err(); err != nil {
		return nil, err
	}
	keys, err := verifierKeys(key, s.previousKeys)
	if err != nil {
		return nil, err
	}
	v := &Verifier{keys: keys, maxAge: s.maxAge, leeway: s.leeway, store: s.store, clock: newMonoClock(s.now),
		observer: s.observer}
	if v.store == nil {
		v.own = newMemoryStore(v.clock)
		v.store = v.own
	}
	return v, nil
}

// verifierKeys checks the previous keys and returns all keys, current first.
func verifierKeys(key string, previous []string) ([]*hs256.Key, error) {
	keys := []*hs256.Key{hs256.NewKey(key)}
	seen := map[string]bool{key: true}
	for i, k := range previous {
		if err := rules.CheckKey(k); err != nil {
			return nil, fmt.Errorf("%w (previous key %d)", err, i+1)
		}
		if seen[k] {
			return nil, rules.ConfigError(rules.ErrInvalidKey, "previous key %d repeats the current key or an earlier previous key", i+1)
		}
		seen[k] = true
		keys = append(keys, hs256.NewKey(k))
	}
	return keys, nil
}

// Verify checks token and returns its claims, or the zero jwtsso.Claims and an
// error that wraps one of the sentinels described at [ErrTokenMalformed].
// The checks run in this order, so that nothing an attacker controls is
// decoded before it has to be:
//
//  1. length: at most [MaxTokenBytes], checked before reading anything;
//  2. form: exactly three segments of unpadded base64url, canonical, with
//     a 32-byte signature;
//  3. header: {"alg":"HS256","typ":"JWT"}, keys in either order, no other;
//  4. signature: HMAC-SHA256 of the header and payload bytes as received,
//     under the key or a previous key, compared in constant time;
//  5. claims: exactly iat, jti, name and email (see [ErrTokenClaims]);
//  6. age: iat − leeway ≤ now < iat + maxAge + leeway (see [WithLeeway]);
//  7. replay: the store records the jti until iat + maxAge + leeway, after
//     which step 6 refuses the token anyway; a jti it has seen gets
//     [ErrTokenReplayed], and a store error [ErrReplayStoreUnavailable].
//
// ctx is passed to the replay store. Verify takes one token: an HTTP
// handler that reads it from a query must refuse a request that carries the
// token parameter more than once rather than pick one.
func (v *Verifier) Verify(ctx context.Context, token string) (jwtsso.Claims, error) {
	if v.observer != nil {
		return v.verifyObserved(ctx, token)
	}
	return v.verify(ctx, token, nil)
}

// verify does Verify's work; p, when not nil, records the replay store's
// part for the observer.
func (v *Verifier) verify(ctx context.Context, token string, p *probe) (jwtsso.Claims, error) {
	if len(token) > MaxTokenBytes {
		return jwtsso.Claims{}, errTooLarge
	}
	dot1, dot2, err := splitToken(token)
	if err != nil {
		return jwtsso.Claims{}, err
	}
	if err := checkHeader(token[:dot1]); err != nil {
		return jwtsso.Claims{}, err
	}
	if err := v.checkSignature(token[:dot2], token[dot2+1:]); err != nil {
		return jwtsso.Claims{}, err
	}
	c, err := parseClaims(token[dot1+1 : dot2])
	if err != nil {
		return jwtsso.Claims{}, err
	}
	reading, now := v.clock.now()
	until, err := v.window(c.IssuedAt, time.Unix(0, now))
	if err != nil {
		return jwtsso.Claims{}, err
	}
	if v.own != nil {
		err = v.rememberOwn(ctx, c.ID, until, reading, now, p)
	} else {
		err = v.remember(ctx, c.ID, until, p)
	}
	if err != nil {
		return jwtsso.Claims{}, err
	}
	return c, nil
}

// rememberOwn is remember for the Verifier's own MemoryStore, which shares
// its clock: the store uses the reading Verify took instead of reading the
// clock again. If another caller has meanwhile moved the clock past until,
// the token's window has closed, and it is refused as expired.
func (v *Verifier) rememberOwn(ctx context.Context, jti string, until time.Time, reading, now int64, p *probe) error {
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("%w: %w", ErrReplayStoreUnavailable, err)
	}
	p.start(jti)
	first, err := v.own.firstUseAt(jti, until, reading, now)
	p.stop()
	switch {
	case err == errUntilPast:
		return errClosedMeanwhile
	case err != nil:
		return fmt.Errorf("%w: %w", ErrReplayStoreUnavailable, err)
	case !first:
		return errReplayed
	}
	return nil
}

// checkSignature compares the signature with the HMAC of signed under each
// key in turn.
func (v *Verifier) checkSignature(signed, sigSeg string) error {
	sig, err := decodeSignature(sigSeg)
	if err != nil {
		return err
	}
	for _, k := range v.keys {
		if k.Verify(signed, &sig) {
			return nil
		}
	}
	return errBadSignature
}

// window checks iat against now and returns the end of the token's
// validity, iat + maxAge + leeway.
func (v *Verifier) window(iat int64, now time.Time) (time.Time, error) {
	issued := time.Unix(iat, 0)
	until := issued.Add(v.maxAge + v.leeway)
	if !now.Before(until) {
		return time.Time{}, fmt.Errorf("%w: issued %v ago, more than max age %v plus leeway %v (a slow redirect, or an issuer clock that runs behind?)",
			ErrTokenExpired, now.Sub(issued).Round(time.Millisecond), v.maxAge, v.leeway)
	}
	if ahead := issued.Sub(now); ahead > v.leeway {
		return time.Time{}, fmt.Errorf("%w: issued %v ahead of this clock, more than leeway %v (does the issuer's clock run fast?)",
			ErrTokenFromFuture, ahead.Round(time.Millisecond), v.leeway)
	}
	return until, nil
}

// remember records jti in the store until until, failing closed: an error
// or a panic in the store refuses the token.
func (v *Verifier) remember(ctx context.Context, jti string, until time.Time, p *probe) (err error) {
	defer func() {
		switch v := recover().(type) {
		case nil:
		case error:
			err = fmt.Errorf("%w: the store panicked: %w", ErrReplayStoreUnavailable, v)
		default:
			err = fmt.Errorf("%w: the store panicked: %v", ErrReplayStoreUnavailable, v)
		}
	}()
	defer p.start(jti).stop()
	first, err := v.store.FirstUse(ctx, jti, until)
	switch {
	case err != nil:
		return fmt.Errorf("%w: %w", ErrReplayStoreUnavailable, err)
	case !first:
		return errReplayed
	}
	return nil
}

// String describes v without its keys.
func (v *Verifier) String() string {
	return "verify.Verifier{maxAge: " + v.maxAge.String() + ", leeway: " + v.leeway.String() +
		", previousKeys: " + strconv.Itoa(len(v.keys)-1) + "}"
}

// GoString describes v without its keys, for the %#v verb.
func (v *Verifier) GoString() string { return v.String() }

// LogValue describes v for log/slog without its keys.
func (v *Verifier) LogValue() slog.Value {
	return slog.GroupValue(slog.Duration("maxAge", v.maxAge), slog.Duration("leeway", v.leeway),
		slog.Int("previousKeys", len(v.keys)-1))
}
