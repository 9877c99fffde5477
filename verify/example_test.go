package verify_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/url"
	"time"

	"github.com/supportsso/jwtsso"
	"github.com/supportsso/jwtsso/verify"
)

// exampleKey stands for the key HappyFox shows under Apps » Goodies » JSON
// Web Token (JWT); a real one comes from a secret store, never from source
// code.
const exampleKey = "Zq7Lp2Xw9Rt4Mv8Kc3Nb6Hd1Fy5Gs0Je"

// exampleMint mints a token for Jo with the issuer side of the package, at
// a fixed time and with fixed jti entropy so that the output is stable.
func exampleMint(key string, at time.Time) string {
	h, err := jwtsso.New(key,
		jwtsso.RedirectURLOnly, // RedirectURL takes the identity directly
		jwtsso.WithAccount("acme"),
		jwtsso.WithClock(func() time.Time { return at }),
		jwtsso.WithEntropy(bytes.NewReader(bytes.Repeat([]byte{0x5a}, 64))),
		jwtsso.WithLogger(slog.New(slog.DiscardHandler)))
	if err != nil {
		panic(err)
	}
	loc, err := h.RedirectURL(context.Background(), jwtsso.Identity{
		Name: "José 山田", Email: "jose@example.com", EmailVerified: true,
	})
	if err != nil {
		panic(err)
	}
	u, err := url.Parse(loc)
	if err != nil {
		panic(err)
	}
	return u.Query().Get("token")
}

// A Verifier checks a token the way the support centre does, and refuses
// the same token a second time.
func ExampleVerifier_Verify() {
	minted := time.Date(2024, 6, 7, 6, 7, 37, 0, time.UTC)
	token := exampleMint(exampleKey, minted)

	// The browser arrives 30 seconds later.
	v, err := verify.New(exampleKey,
		verify.WithClock(func() time.Time { return minted.Add(30 * time.Second) }))
	if err != nil {
		panic(err)
	}
	claims, err := v.Verify(context.Background(), token)
	if err != nil {
		fmt.Println("refused:", err)
		return
	}
	fmt.Println("signed in:", claims.Name, claims.Email)
	fmt.Println("iat:", time.Unix(claims.IssuedAt, 0).UTC().Format(time.RFC3339), "jti:", claims.ID)

	// A reload of the same URL, or an attacker who copied it from a log.
	_, err = v.Verify(context.Background(), token)
	fmt.Println("again:", errors.Is(err, verify.ErrTokenReplayed), err)
	// Output:
	// signed in: José 山田 jose@example.com
	// iat: 2024-06-07T06:07:37Z jti: 01HZRMYK18B9D5MPJTB9D5MPJT
	// again: true jwtsso: remote token already used: jti seen before
}

// A token that arrives too late gets the support centre's own words.
func ExampleVerifier_Verify_expired() {
	minted := time.Date(2024, 6, 7, 6, 7, 37, 0, time.UTC)
	token := exampleMint(exampleKey, minted)

	v, err := verify.New(exampleKey,
		verify.WithClock(func() time.Time { return minted.Add(3 * time.Minute) }))
	if err != nil {
		panic(err)
	}
	_, err = v.Verify(context.Background(), token)
	fmt.Println(errors.Is(err, verify.ErrTokenExpired))
	fmt.Println(err)
	// Output:
	// true
	// jwtsso: remote token has expired: issued 3m0s ago, more than max age 2m0s plus leeway 5s (a slow redirect, or an issuer clock that runs behind?)
}

// During a key rotation the issuer signs with the new key while the
// Verifier accepts both until tokens signed with the old one have expired.
func ExampleWithPreviousKeys() {
	const oldKey = "Mw3Qe8Rt1Yu6Io9Pa2Sd5Fg7Hj4Kl0Zx"
	now := time.Date(2024, 6, 7, 6, 7, 37, 0, time.UTC)
	v, err := verify.New(exampleKey,
		verify.WithPreviousKeys(oldKey),
		verify.WithClock(func() time.Time { return now }))
	if err != nil {
		panic(err)
	}
	_, err = v.Verify(context.Background(), exampleMint(oldKey, now))
	fmt.Println("old key:", err)
	fmt.Println(v)
	// Output:
	// old key: <nil>
	// verify.Verifier{maxAge: 2m0s, leeway: 5s, previousKeys: 1}
}

// Several Verifiers share one store, so a token accepted by one is refused
// by the others. A MemoryStore serves the Verifiers of one process; servers
// behind a load balancer need a shared ReplayStore (Redis, SQL).
func ExampleNewMemoryStore() {
	now := time.Date(2024, 6, 7, 6, 7, 37, 0, time.UTC)
	clock := func() time.Time { return now }
	store := verify.NewMemoryStore(verify.WithCapacity(100_000), verify.WithStoreClock(clock))
	a, _ := verify.New(exampleKey, verify.WithReplayStore(store), verify.WithClock(clock))
	b, _ := verify.New(exampleKey, verify.WithReplayStore(store), verify.WithClock(clock))

	token := exampleMint(exampleKey, now)
	_, errA := a.Verify(context.Background(), token)
	_, errB := b.Verify(context.Background(), token)
	fmt.Println(errA, "|", errB, "|", store.Len())
	// Output:
	// <nil> | jwtsso: remote token already used: jti seen before | 1
}
