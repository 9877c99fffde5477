package redisstore_test

import (
	"context"
	"testing"
	"time"

	"github.com/supportsso/jwtsso/redisstore/internal/redistest"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/supportsso/jwtsso"
	"github.com/supportsso/jwtsso/redisstore"
)

func TestOpenFromURL(t *testing.T) {
	srv := redistest.Start(t)
	store, err := redisstore.Open("redis://"+srv.Addr()+"/0", redisstore.WithPrefix("jwtsso:open-test:"))
	require.NoError(t, err)

	until := time.Now().Add(time.Minute)
	first, err := store.FirstUse(context.Background(), "jti-open-1", until)
	require.NoError(t, err)
	assert.True(t, first)
	again, err := store.FirstUse(context.Background(), "jti-open-1", until)
	require.NoError(t, err)
	assert.False(t, again, "the second use of a jti is a replay")

	require.NoError(t, store.Close())
	_, err = store.FirstUse(context.Background(), "jti-open-2", until)
	assert.ErrorIs(t, err, redisstore.ErrUnavailable, "a closed store fails closed")
}

func TestOpenRefusesBadURL(t *testing.T) {
	for _, url := range []string{"", "http://127.0.0.1:6379", "redis://:s3cret-pass@127.0.0.1:notaport/0", "redis://127.0.0.1/notadb"} {
		t.Run(url, func(t *testing.T) {
			s, err := redisstore.Open(url)
			require.Error(t, err)
			assert.Nil(t, s)
			assert.ErrorIs(t, err, jwtsso.ErrInvalidConfig)
			assert.NotContains(t, err.Error(), "s3cret-pass", "the URL's password never reaches an error")
		})
	}
}
