package jwtsso

import (
	"fmt"
	"io"
	"time"

	"github.com/oklog/ulid/v2"
)

// jtiSource hands out token IDs: ULIDs whose 80 random bits come from one
// reader (crypto/rand unless [WithEntropy] says otherwise) through a
// monotonic reader under a lock, so IDs minted in the same millisecond are
// still distinct and ordered. ulid.Make is not used: it draws from math/rand.
type jtiSource struct {
	entropy *ulid.LockedMonotonicReader
}

func newJTISource(r io.Reader) *jtiSource {
	return &jtiSource{entropy: &ulid.LockedMonotonicReader{MonotonicReader: ulid.Monotonic(r, 0)}}
}

// next returns a fresh ID for a token minted at now. Any failure of the
// reader (or a clock outside the ULID range) is an error: no ID, no token.
func (s *jtiSource) next(now time.Time) (string, error) {
	id, err := ulid.New(ulid.Timestamp(now), s.entropy)
	if err != nil {
		return "", fmt.Errorf("%w: %w", ErrEntropy, err)
	}
	return id.String(), nil
}
