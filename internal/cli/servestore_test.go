package cli

import (
	"context"
	"errors"
	"flag"
	"net/http"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"

	"github.com/supportsso/jwtsso/verify"
)

// recordingStore is a replay store that remembers which jti values it saw.
type recordingStore struct {
	mu     sync.Mutex
	seen   map[string]bool
	closed bool
}

func (s *recordingStore) FirstUse(_ context.Context, jti string, _ time.Time) (bool, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	first := !s.seen[jti]
	s.seen[jti] = true
	return first, nil
}

// useStoreFlag makes serve offer --fake-store for the rest of the test,
// opening store (or failing with openErr).
func useStoreFlag(t *testing.T, store *recordingStore, openErr error) {
	serveStoreFlag = func(fs *flag.FlagSet) func() (verify.ReplayStore, func(), error) {
		on := fs.Bool("fake-store", false, "use the test's store")
		return func() (verify.ReplayStore, func(), error) {
			if !*on {
				return nil, nil, nil
			}
			if openErr != nil {
				return nil, nil, openErr
			}
			return store, func() { store.closed = true }, nil
		}
	}
	t.Cleanup(func() { serveStoreFlag = nil })
}

// A build of the command line with a ReplayStoreFlag hands serve the store
// its flags name, and closes it when serve stops.
func TestServeUsesTheStoreFlag(t *testing.T) {
	store := &recordingStore{seen: map[string]bool{}}
	useStoreFlag(t, store, nil)

	m, _, stop := started(t, withKey, serveReady, "serve", "--port", "0", "--fake-store")
	loc := mintURL(t, testKey, m[1], testNow)
	res, _ := get(t, noRedirects, loc)
	assert.Equal(t, http.StatusSeeOther, res.StatusCode)
	res, _ = get(t, noRedirects, loc)
	assert.Equal(t, http.StatusForbidden, res.StatusCode, "the store's memory refuses the replay")

	assert.Equal(t, exitOK, stop())
	assert.Len(t, store.seen, 1, "the jti went to the flag's store")
	assert.True(t, store.closed, "serve closes the store when it stops")
}

func TestServeStoreFlagFailure(t *testing.T) {
	useStoreFlag(t, nil, errors.New("cannot reach the store"))
	code, _, errOut := runCLI(t, withKey, "", "serve", "--port", "0", "--fake-store")
	assert.Equal(t, exitRefused, code)
	assert.Contains(t, errOut, "replay store: cannot reach the store")
}
