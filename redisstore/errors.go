package redisstore

import "errors"

// Errors returned by [Store.FirstUse]. A [verify.Verifier] wraps either of
// them in [verify.ErrReplayStoreUnavailable] and refuses the token, so a
// Redis outage refuses sign-ins and never accepts a token twice.
//
// [New] refuses a bad configuration with an error that wraps
// [jwtsso.ErrInvalidConfig], as the root package's constructors do.
var (
	// ErrUnavailable means Redis did not answer within the timeout (see
	// [WithTimeout]) or the caller's deadline, could not be reached, or
	// answered with an error (a READONLY replica after a failover, an OOM
	// refusal under maxmemory, a closed client). The cause is wrapped beside
	// it: on a timeout the error also matches context.DeadlineExceeded, on a
	// cancelled context context.Canceled.
	ErrUnavailable = errors.New("redisstore: redis unavailable")

	// ErrUntilPassed means FirstUse was given an until that is zero or not
	// after the latest reading of this machine's clock. Redis would store such a key already
	// expired (every later check would then be a "first use") or, for the
	// zero time, without any expiry, so the Store refuses instead and sends
	// nothing to Redis. With a Verifier on the real clock it does not
	// happen: the Verifier refuses an expired token before it asks the store.
	ErrUntilPassed = errors.New("redisstore: until has already passed")
)
