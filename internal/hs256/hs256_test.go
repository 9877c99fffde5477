package hs256

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const testKey = "Zq7Lp2Xw9Rt4Mv8Kc3Nb6Hd1Fy5Gs0Je"

// reference computes the HMAC with a fresh crypto/hmac state, the way
// nothing is pooled or reused.
func reference(key, msg string) []byte {
	m := hmac.New(sha256.New, []byte(key))
	m.Write([]byte(msg))
	return m.Sum(nil)
}

func TestAppendSumAndVerifyAgreeWithCryptoHMAC(t *testing.T) {
	k := NewKey(testKey)
	for _, msg := range []string{"", "a", "eyJhbGciOiJIUzI1NiJ9.e30", string(make([]byte, MaxSigned))} {
		want := reference(testKey, msg)
		prefix := []byte("prefix:")
		got := k.AppendSum(prefix, []byte(msg))
		require.Equal(t, "prefix:", string(got[:7]), "AppendSum keeps what dst held")
		assert.Equal(t, want, got[7:])

		var sig [sha256.Size]byte
		copy(sig[:], want)
		assert.True(t, k.Verify(msg, &sig))
		sig[31] ^= 1
		assert.False(t, k.Verify(msg, &sig))
	}
	var sig [sha256.Size]byte
	copy(sig[:], reference(testKey, "x"))
	assert.False(t, NewKey("another key of thirty-two bytes!").Verify("x", &sig), "another key")
	assert.False(t, k.Verify(string(make([]byte, MaxSigned+1)), &sig), "longer than MaxSigned")
}

// Pooled states are shared by concurrent callers; run with -race.
func TestConcurrentSignAndVerify(t *testing.T) {
	k := NewKey(testKey)
	var wg sync.WaitGroup
	for g := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range 200 {
				msg := string(rune('a'+g)) + string(rune('a'+i%26))
				got := k.AppendSum(nil, []byte(msg))
				if !assert.Equal(t, reference(testKey, msg), got) {
					return
				}
				var sig [sha256.Size]byte
				copy(sig[:], got)
				assert.True(t, k.Verify(msg, &sig))
			}
		}()
	}
	wg.Wait()
}

func TestAppendSumAllocatesNothingWithRoom(t *testing.T) {
	k := NewKey(testKey)
	dst := make([]byte, 0, 64)
	msg := []byte("header.payload")
	k.AppendSum(dst, msg) // fill the pool
	allocs := testing.AllocsPerRun(100, func() { k.AppendSum(dst[:0], msg) })
	if !raceEnabled {
		assert.Zero(t, allocs)
	}
}

// HeaderSegment is Header in unpadded base64url: a constant written out
// so that both halves share one, checked here.
func TestHeaderSegment(t *testing.T) {
	assert.Equal(t, base64.RawURLEncoding.EncodeToString([]byte(Header)), HeaderSegment)
}
