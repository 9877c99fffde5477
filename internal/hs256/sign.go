package hs256

// AppendSum appends the HMAC-SHA256 of signed under the key to dst and
// returns the extended slice. It takes a keyed state from the pool (Reset
// restores the keyed state without hashing the key again), so after the
// first call on each state it allocates only if dst must grow.
//
// signed is copied through the state's own buffer rather than handed to the
// hash directly: a slice passed to an interface method escapes to the heap,
// and the caller's buffer (typically on its stack) would escape with it.
func (m *Key) AppendSum(dst, signed []byte) []byte {
	st := m.pool.Get().(*state)
	st.h.Reset()
	for len(signed) > 0 {
		n := copy(st.signed[:], signed)
		st.h.Write(st.signed[:n])
		signed = signed[n:]
	}
	dst = append(dst, st.h.Sum(st.sum[:0])...)
	m.pool.Put(st)
	return dst
}
