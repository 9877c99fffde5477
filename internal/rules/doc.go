// Package rules holds the checks that both halves of jwtsso apply in the
// same way: the issuer (package jwtsso) before it signs, and the verifier
// (package jwtsso/verify) before it accepts. Writing them once keeps the two
// halves from drifting apart: a key that New refuses, verify.New refuses too,
// and an identity the issuer would not mint is a claim the verifier refuses.
//
// The sentinels are defined here and re-exported by package jwtsso under
// the same names, so that errors.Is(err, jwtsso.ErrInvalidKey) holds for an
// error from either half.
package rules
