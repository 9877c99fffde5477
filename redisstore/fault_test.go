package redisstore_test

import (
	"context"
	"errors"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/supportsso/jwtsso/redisstore/internal/redistest"
	"github.com/supportsso/jwtsso/verify"

	"github.com/redis/go-redis/v9"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/supportsso/jwtsso/redisstore"
)

// Redis stops while 8 goroutines verify fresh tokens: whatever they submit
// after it has stopped is refused with ErrReplayStoreUnavailable, nothing
// panics, and sign-ins work again once Redis is back on the same port.
// Row V17.
func TestRedisStoppedFailsClosedAndRecovers(t *testing.T) {
	quietRedisLogs()
	srv := redistest.Start(t)
	store := newStore(t, redistest.NewClient(t, srv.Addr()), redisstore.WithTimeout(300*time.Millisecond))
	v := newVerifier(t, keyAcme, store)
	issuer := newIssuer(t, keyAcme, "acme")

	var (
		stopped                                   atomic.Bool // set once the process has exited
		acceptedBefore, refusedAfter, failedEarly atomic.Int64
		acceptedAfter, wrongError                 atomic.Int64
		firstWrong                                atomic.Value
		wg                                        sync.WaitGroup
	)
	done := make(chan struct{})
	for g := range 8 {
		wg.Go(func() {
			for i := g * 1_000_000; ; i++ {
				select {
				case <-done:
					return
				default:
				}
				token, err := tokenFor(issuer, i) // a fresh token every time
				if err != nil {
					wrongError.Add(1)
					firstWrong.CompareAndSwap(nil, err.Error())
					return
				}
				down := stopped.Load() // read before the call: a call under way at the stop may still succeed
				_, err = v.Verify(context.Background(), token)
				switch {
				case err == nil && down:
					acceptedAfter.Add(1)
				case err == nil:
					acceptedBefore.Add(1)
				case !errors.Is(err, verify.ErrReplayStoreUnavailable) || !errors.Is(err, redisstore.ErrUnavailable):
					wrongError.Add(1)
					firstWrong.CompareAndSwap(nil, err.Error())
				case down:
					refusedAfter.Add(1)
				default:
					failedEarly.Add(1) // under way while the server went down
				}
			}
		})
	}

	require.Eventually(t, func() bool { return acceptedBefore.Load() >= 200 }, 5*time.Second, time.Millisecond)
	srv.Stop()
	stopped.Store(true)
	require.Eventually(t, func() bool { return refusedAfter.Load() >= 24 }, 10*time.Second, time.Millisecond)
	close(done)
	wg.Wait()

	require.Zero(t, wrongError.Load(), "an error other than ErrReplayStoreUnavailable+ErrUnavailable, the first: %v", firstWrong.Load())
	assert.Zero(t, acceptedAfter.Load(), "accepted while Redis was down")
	t.Logf("accepted before the stop: %d; refused while stopping: %d; refused after: %d",
		acceptedBefore.Load(), failedEarly.Load(), refusedAfter.Load())

	// Back on the same port, with an empty dataset: fresh tokens are
	// accepted again (the pool replaces its dead connections).
	srv.Restart()
	i := 0
	require.Eventually(t, func() bool {
		i++
		_, err := v.Verify(context.Background(), mint(t, issuer, i))
		return err == nil
	}, 5*time.Second, 10*time.Millisecond, "no recovery after the restart")
	for range 10 {
		i++
		token := mint(t, issuer, i)
		_, err := v.Verify(context.Background(), token)
		require.NoError(t, err)
		_, err = v.Verify(context.Background(), token)
		require.ErrorIs(t, err, verify.ErrTokenReplayed)
	}
}

// A Redis that accepts the command and then does not answer: the check
// gives up at the Store's timeout and fails closed; when Redis answers
// again, so does the Store. Row V17.
func TestSlowRedisTimesOutAndFailsClosed(t *testing.T) {
	quietRedisLogs()
	const timeout = 200 * time.Millisecond
	tests := []struct {
		name  string
		stall func(t *testing.T, srv *redistest.Server) (resume func())
	}{
		{"process paused (SIGSTOP)", func(t *testing.T, srv *redistest.Server) func() {
			srv.Pause()
			return srv.Resume
		}},
		{"DEBUG SLEEP 1 from another client", func(t *testing.T, srv *redistest.Server) func() {
			admin := redistest.NewClient(t, srv.Addr())
			if err := admin.Do(context.Background(), "DEBUG", "HELP").Err(); err != nil {
				t.Skipf("DEBUG is not available on this server: %v", err)
			}
			slept := make(chan error, 1)
			go func() { slept <- admin.Do(context.Background(), "DEBUG", "SLEEP", "1").Err() }()
			time.Sleep(100 * time.Millisecond) // let DEBUG SLEEP reach the server first
			return func() { require.NoError(t, <-slept) }
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := redistest.Start(t)
			store := newStore(t, redistest.NewClient(t, srv.Addr()), redisstore.WithTimeout(timeout))
			v := newVerifier(t, keyAcme, store)
			tokens := mintN(t, 3)
			_, err := v.Verify(context.Background(), tokens[0]) // a warm connection
			require.NoError(t, err)

			resume := tt.stall(t, srv)
			start := time.Now()
			_, err = v.Verify(context.Background(), tokens[1])
			took := time.Since(start)
			resume()

			require.ErrorIs(t, err, verify.ErrReplayStoreUnavailable)
			assert.ErrorIs(t, err, redisstore.ErrUnavailable)
			assert.ErrorIs(t, err, context.DeadlineExceeded)
			assert.ErrorContains(t, err, "no answer within 200ms")
			assert.GreaterOrEqual(t, took, timeout)
			assert.Less(t, took, timeout+300*time.Millisecond, "the timeout bounds the check")

			// Redis answers again: a new token is accepted, the stalled one
			// too unless its SET reached Redis before the stall ended (then
			// it is refused as a replay: closed, never accepted twice).
			_, err = v.Verify(context.Background(), tokens[2])
			require.NoError(t, err)
			_, err = v.Verify(context.Background(), tokens[1])
			if err != nil {
				require.ErrorIs(t, err, verify.ErrTokenReplayed)
			}
		})
	}
}

// The caller's deadline, when it is the earlier one, wins over the
// Store's timeout; the error then says context.DeadlineExceeded without
// claiming the Store's timeout ran out.
func TestCallerDeadlineWins(t *testing.T) {
	quietRedisLogs()
	srv := redistest.Start(t)
	store := newStore(t, redistest.NewClient(t, srv.Addr()), redisstore.WithTimeout(5*time.Second))
	first, err := store.FirstUse(context.Background(), "warm", time.Now().Add(time.Minute))
	require.NoError(t, err)
	require.True(t, first)

	srv.Pause()
	defer srv.Resume()
	ctx, cancel := context.WithTimeout(context.Background(), 150*time.Millisecond)
	defer cancel()
	start := time.Now()
	_, err = store.FirstUse(ctx, "stalled", time.Now().Add(time.Minute))
	assert.Less(t, time.Since(start), time.Second)
	assert.ErrorIs(t, err, redisstore.ErrUnavailable)
	assert.ErrorIs(t, err, context.DeadlineExceeded)
	assert.NotContains(t, err.Error(), "no answer within")
}

// A Redis that refuses the write (here: a read-only replica) fails closed
// with its error reply as the cause.
func TestErrorReplyFailsClosed(t *testing.T) {
	srv := redistest.Start(t)
	c := redistest.NewClient(t, srv.Addr())
	// A replica of a primary that does not exist refuses writes with READONLY.
	require.NoError(t, c.Do(context.Background(), "REPLICAOF", "127.0.0.1", redistest.FreePort(t)).Err())
	v := newVerifier(t, keyAcme, newStore(t, c))

	_, err := v.Verify(context.Background(), mintN(t, 1)[0])
	require.ErrorIs(t, err, verify.ErrReplayStoreUnavailable)
	assert.ErrorIs(t, err, redisstore.ErrUnavailable)
	var reply redis.Error
	require.ErrorAs(t, err, &reply)
	assert.Contains(t, reply.Error(), "READONLY")
}
