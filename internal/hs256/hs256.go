// Package hs256 computes and checks HMAC-SHA256 signatures under one key
// with pooled, keyed HMAC states, for both halves of jwtsso.
package hs256

import (
	"crypto/hmac"
	"crypto/sha256"
	"hash"
	"sync"
)

// Header is the only JOSE header jwtsso's issuer sends, and HeaderSegment
// its base64url encoding without padding: the first segment of every
// token it mints, and the verifier's fast path for the header.
const (
	Header        = `{"alg":"HS256","typ":"JWT"}`
	HeaderSegment = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9"
)

// MaxSigned is the longest signed input (header, dot and payload) that
// Verify checks, in bytes; the verifier refuses longer tokens before this.
const MaxSigned = 4096

// Key signs and checks HS256 signatures under one key. It pools HMAC states: after
// its first use an HMAC's Reset restores the keyed state without hashing
// the key again, and the pooled scratch space means a check allocates
// nothing. A Key is safe for concurrent use.
type Key struct{ pool sync.Pool }

// state is one pooled HMAC with room for the signed bytes and the sum.
type state struct {
	h      hash.Hash
	signed [MaxSigned]byte
	sum    [sha256.Size]byte
}

// NewKey returns a Key for key.
func NewKey(key string) *Key {
	k := []byte(key)
	m := &Key{}
	m.pool.New = func() any { return &state{h: hmac.New(sha256.New, k)} }
	return m
}

// Verify reports whether sig is the HMAC-SHA256 of signed (header, dot and
// payload as received, at most MaxSigned bytes long) under the key. The
// comparison takes the same time wherever the first difference is.
func (m *Key) Verify(signed string, sig *[sha256.Size]byte) bool {
	st := m.pool.Get().(*state)
	n := copy(st.signed[:], signed)
	st.h.Reset()
	st.h.Write(st.signed[:n])
	ok := n == len(signed) && hmac.Equal(st.h.Sum(st.sum[:0]), sig[:])
	m.pool.Put(st)
	return ok
}
