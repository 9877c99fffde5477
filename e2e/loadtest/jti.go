package loadtest

import (
	"bytes"
	"encoding/base64"
	"errors"
	"slices"
	"strings"
	"sync"
	"syscall"
)

// jtiLen is the length of a jti as jwtsso mints it: a ULID in its 26-character
// text form.
const jtiLen = 26

// jtiStore keeps the jti of every token the server mints. The records live
// in an anonymous memory mapping, outside the Go heap: the garbage collector
// neither scans them nor paces itself by them, so a long run does not make
// collections rarer for the SSO endpoint than they would be without the
// check. It is safe for concurrent use.
type jtiStore struct {
	mu      sync.Mutex
	buf     []byte // capacity × jtiLen bytes, mapped
	n       int    // records held
	dropped int    // records refused because buf was full
}

func newJTIStore(capacity int) (*jtiStore, error) {
	if capacity < 1 {
		return nil, errors.New("loadtest: jti capacity must be positive")
	}
	buf, err := syscall.Mmap(-1, 0, capacity*jtiLen, syscall.PROT_READ|syscall.PROT_WRITE,
		syscall.MAP_ANON|syscall.MAP_PRIVATE)
	if err != nil {
		return nil, err
	}
	return &jtiStore{buf: buf}, nil
}

// add records one jti; it reports false, and counts a drop, when the store
// is full.
func (s *jtiStore) add(jti *[jtiLen]byte) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	if (s.n+1)*jtiLen > len(s.buf) {
		s.dropped++
		return false
	}
	copy(s.buf[s.n*jtiLen:], jti[:])
	s.n++
	return true
}

// check returns how many jti are held, how many of them are distinct and
// how many were dropped. It sorts a copy, so it costs a second or so per
// million records; call it after the load.
func (s *jtiStore) check() (held, distinct, dropped int) {
	s.mu.Lock()
	ids := make([]string, s.n)
	for i := range ids {
		ids[i] = string(s.buf[i*jtiLen : (i+1)*jtiLen])
	}
	dropped = s.dropped
	s.mu.Unlock()
	slices.Sort(ids)
	return len(ids), len(slices.Compact(ids)), dropped
}

// close unmaps the store; it must not be used afterwards.
func (s *jtiStore) close() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	buf := s.buf
	s.buf, s.n = nil, 0
	return syscall.Munmap(buf)
}

// jtiKey is what precedes the jti in the token's JSON payload.
var jtiKey = []byte(`"jti":"`)

// jtiFromLocation copies into dst the jti of the token in loc, a redirect
// to prefix + token, and reports whether it found one. It does not check the
// signature (the server under test made the token) and allocates nothing.
// jwtsso writes iat and then jti first in the payload, so with a 10-digit
// iat the jti sits at a fixed place: characters 24 to 72 of the payload
// decode to bytes 18 to 54, `"jti":"`, the jti and its closing quote. Only
// when they do not is the whole payload decoded and searched.
func jtiFromLocation(loc, prefix string, dst *[jtiLen]byte) bool {
	token, ok := strings.CutPrefix(loc, prefix)
	if !ok {
		return false
	}
	_, rest, ok := strings.Cut(token, ".")
	payload, _, ok2 := strings.Cut(rest, ".")
	if !ok || !ok2 {
		return false
	}
	if len(payload) >= 72 {
		var src [48]byte
		var at [36]byte
		copy(src[:], payload[24:72])
		if n, err := base64.RawURLEncoding.Decode(at[:], src[:]); err == nil && n == len(at) &&
			bytes.HasPrefix(at[:], jtiKey) && at[len(jtiKey)+jtiLen] == '"' {
			copy(dst[:], at[len(jtiKey):])
			return true
		}
	}
	var src [768]byte
	var claims [len(src) / 4 * 3]byte
	if len(payload) > len(src) {
		return false
	}
	return jtiIn(src[:copy(src[:], payload)], claims[:], dst)
}

// jtiIn decodes the base64url text b64 into buf, which has room for it, and
// copies the jti it holds to dst.
func jtiIn(b64, buf []byte, dst *[jtiLen]byte) bool {
	n, err := base64.RawURLEncoding.Decode(buf, b64)
	if err != nil {
		return false
	}
	i := bytes.Index(buf[:n], jtiKey)
	if i < 0 {
		return false
	}
	id := buf[i+len(jtiKey) : n]
	if len(id) <= jtiLen || id[jtiLen] != '"' {
		return false
	}
	copy(dst[:], id)
	return true
}
