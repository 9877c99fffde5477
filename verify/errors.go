package verify

import (
	"errors"
	"fmt"
)

// Errors returned by [Verifier.Verify]. Every refusal wraps exactly one of
// ErrTokenMalformed, ErrTokenSignature, ErrTokenClaims, ErrTokenExpired,
// ErrTokenFromFuture, ErrTokenReplayed and ErrReplayStoreUnavailable, so
// callers match them with [errors.Is]; a refusal's message adds the reason.
// No message ever contains the key, the token or a claim value (a
// [ReplayStore] of your own can put what it likes in the errors that
// ErrReplayStoreUnavailable wraps).
var (
	// ErrTokenMalformed means the token is not a compact JWS the support
	// centre would read: over [MaxTokenBytes] (then [ErrTokenTooLarge] is
	// wrapped beside it), not exactly three segments, characters outside the
	// unpadded base64url alphabet, non-canonical base64, a header other than
	// {"alg":"HS256","typ":"JWT"} (in any key order), or a payload that is not
	// a single JSON object of valid UTF-8. Everything but the payload is
	// checked before the signature.
	ErrTokenMalformed = errors.New("jwtsso: malformed token")

	// ErrTokenTooLarge comes with [ErrTokenMalformed] when the token is longer
	// than [MaxTokenBytes]. Nothing of such a token is decoded.
	ErrTokenTooLarge = errors.New("token too large")

	// ErrTokenSignature means the signature is not the HMAC-SHA256 of the
	// token's header and payload under the key or any previous key (see
	// [WithPreviousKeys]): a wrong key, an altered token or a forgery.
	ErrTokenSignature = errors.New("jwtsso: token signature invalid")

	// ErrTokenClaims means the signed payload is not exactly the claim set
	// the support centre reads: the keys iat, jti, name and email, each once,
	// spelled in lower case, and nothing else; iat a JSON integer of at most
	// 10 digits (whole seconds: no sign, fraction, exponent or quotes, and
	// not milliseconds); jti a string of 1 to [MaxJTIBytes] bytes without
	// control characters; name and email strings valid as the issuer side
	// requires (then [jwtsso.ErrInvalidIdentity] and [jwtsso.ErrInvalidName] or
	// [jwtsso.ErrInvalidEmail] are wrapped beside it).
	ErrTokenClaims = errors.New("jwtsso: invalid token claims")

	// ErrTokenExpired means the token's iat is too old: the support centre
	// answers such a token with "Remote token has expired". The message
	// says by how much, which usually points at a slow redirect or an issuer
	// clock that runs behind. See [WithMaxAge] and [WithLeeway]. The
	// Verifier's time never runs backwards, so a token whose window has
	// passed stays expired even if the clock is later set back.
	ErrTokenExpired = errors.New("jwtsso: remote token has expired")

	// ErrTokenFromFuture means the token's iat is later than the verifier's
	// clock by more than the leeway ([WithLeeway]): the issuer's clock runs
	// ahead. (An iat in milliseconds is refused earlier, with
	// [ErrTokenClaims].)
	ErrTokenFromFuture = errors.New("jwtsso: remote token issued in the future")

	// ErrTokenReplayed means the token's jti was accepted before, within the
	// token's validity window: the same token was submitted twice (a
	// double click, a reloaded page, or an attacker replaying a leaked URL).
	ErrTokenReplayed = errors.New("jwtsso: remote token already used")

	// ErrReplayStoreUnavailable means the [ReplayStore] failed, timed out
	// or panicked, so Verify could not prove that the token is new and
	// refused it (fail closed). The store's error is wrapped beside it, for
	// example [ErrReplayStoreFull], context.DeadlineExceeded, or a
	// [MemoryStore]'s refusal of an until that its own clock has already
	// passed (a clock set back after the token's window, or a store on
	// another clock than the Verifier's).
	ErrReplayStoreUnavailable = errors.New("jwtsso: replay store unavailable")

	// ErrReplayStoreFull is returned by a [MemoryStore] that holds as many
	// entries as its capacity ([WithCapacity]) allows; it refuses new ones
	// rather than forget live ones. Verify wraps it in
	// [ErrReplayStoreUnavailable].
	ErrReplayStoreFull = errors.New("jwtsso: replay store full")
)

// malformed, claimsError and friends build refusals that match their
// sentinel and carry a reason that never quotes the token.
func malformed(reason string) error { return fmt.Errorf("%w: %s", ErrTokenMalformed, reason) }

func claimsError(reason string) error { return fmt.Errorf("%w: %s", ErrTokenClaims, reason) }

// Refusals with a fixed message are built once: refusing a forged or
// oversized token then costs no allocation.
var (
	errTooLarge     = fmt.Errorf("%w: %w: longer than %d bytes", ErrTokenMalformed, ErrTokenTooLarge, MaxTokenBytes)
	errSegments     = malformed("not three dot-separated segments")
	errAlphabet     = malformed("a segment has a character outside the unpadded base64url alphabet (padding, whitespace, '+' or '/'?)")
	errEmptySegment = malformed("empty header or payload segment")
	errSignatureLen = malformed("signature segment is not 43 base64url characters (HS256 signs 32 bytes)")
	errSignatureB64 = malformed("signature segment is not canonical base64url")
	errBadSignature = fmt.Errorf("%w: not signed with the key", ErrTokenSignature)
	errReplayed     = fmt.Errorf("%w: jti seen before", ErrTokenReplayed)

	errClosedMeanwhile = fmt.Errorf("%w: the window closed while it was being verified", ErrTokenExpired)
)
