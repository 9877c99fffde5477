package jwtsso

import (
	"crypto/hmac"
	"crypto/sha256"
	"hash"
	"sync"
)

// macKey checks HS256 signatures under one key. It pools HMAC states: after
// its first use an HMAC's Reset restores the keyed state without hashing
// the key again, and the pooled scratch space means a check allocates
// nothing.
type macKey struct{ pool sync.Pool }

// macState is one pooled HMAC with room for the signed bytes and the sum.
type macState struct {
	h      hash.Hash
	signed [MaxTokenBytes]byte
	sum    [sha256.Size]byte
}

func newMACKey(key string) *macKey {
	k := []byte(key)
	m := &macKey{}
	m.pool.New = func() any { return &macState{h: hmac.New(sha256.New, k)} }
	return m
}

// verify reports whether sig is the HMAC-SHA256 of signed (header, dot and
// payload as received, at most MaxTokenBytes long) under the key. The
// comparison takes the same time wherever the first difference is.
func (m *macKey) verify(signed string, sig *[sha256.Size]byte) bool {
	st := m.pool.Get().(*macState)
	n := copy(st.signed[:], signed)
	st.h.Reset()
	st.h.Write(st.signed[:n])
	ok := n == len(signed) && hmac.Equal(st.h.Sum(st.sum[:0]), sig[:])
	m.pool.Put(st)
	return ok
}
