package jwtsso

import (
	"fmt"
	"io"
	"sync"
	"time"

	"github.com/oklog/ulid/v2"
)

// jtiSource hands out token IDs: ULIDs whose 80 random bits come from one
// reader (crypto/rand unless [WithEntropy] says otherwise) through ulid's
// monotonic entropy under a lock, so IDs minted in the same millisecond are
// still distinct and ordered. ulid.Make is not used: it draws from math/rand.
//
// The random bits are read into buf, which lives with the source, rather
// than into the ID on the caller's stack: the reader is an interface, and a
// slice handed to it escapes, which would cost an allocation per token.
type jtiSource struct {
	mu      sync.Mutex
	entropy *ulid.MonotonicEntropy
	buf     [10]byte
}

func newJTISource(r io.Reader) *jtiSource {
	return &jtiSource{entropy: ulid.Monotonic(r, 0)}
}

// next returns a fresh ID for a token minted at now. Any failure of the
// reader (or a clock outside the ULID range) is an error: no ID, no token.
func (s *jtiSource) next(now time.Time) (string, error) {
	var id ulid.ULID
	ms := ulid.Timestamp(now)
	if err := id.SetTime(ms); err != nil {
		return "", fmt.Errorf("%w: %w", ErrEntropy, err)
	}
	s.mu.Lock()
	err := s.entropy.MonotonicRead(ms, s.buf[:])
	copy(id[6:], s.buf[:])
	s.mu.Unlock()
	if err != nil {
		return "", fmt.Errorf("%w: %w", ErrEntropy, err)
	}
	return id.String(), nil
}
