package redisstore

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The expiry sent is until minus the latest clock reading, rounded up to a
// whole millisecond, plus one for Redis's truncation of its own clock; a
// clock that steps back counts as standing still.
func TestTTL(t *testing.T) {
	now := time.Unix(1_800_000_000, 0)
	tests := []struct {
		name     string
		readings []time.Duration // earlier readings, from now
		reading  time.Duration   // the reading of this call, from now
		until    time.Duration   // from now
		want     time.Duration
		wantErr  bool
	}{
		{"whole seconds", nil, 0, 125 * time.Second, 125*time.Second + time.Millisecond, false},
		{"a nanosecond left", nil, 0, 1, time.Millisecond + time.Millisecond, false},
		{"one millisecond", nil, 0, time.Millisecond, time.Millisecond + time.Millisecond, false},
		{"rounded up", nil, 0, time.Millisecond + 1, 2*time.Millisecond + time.Millisecond, false},
		{"sub-second", nil, 0, 1500*time.Millisecond + 300*time.Microsecond, 1501*time.Millisecond + time.Millisecond, false},
		{"until now: passed", nil, 0, 0, 0, true},
		{"until before now: passed", nil, 0, -time.Second, 0, true},
		{"clock stepped back: the latest reading counts", []time.Duration{60 * time.Second}, 10 * time.Second, 125 * time.Second, 65*time.Second + time.Millisecond, false},
		{"clock stepped back past until: passed", []time.Duration{130 * time.Second}, 100 * time.Second, 125 * time.Second, 0, true},
		{"clock forward again", []time.Duration{60 * time.Second, 10 * time.Second}, 100 * time.Second, 125 * time.Second, 25*time.Second + time.Millisecond, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := &Store{}
			for _, r := range tt.readings {
				_, _ = s.ttl(now.Add(time.Hour), now.Add(r))
			}
			got, err := s.ttl(now.Add(tt.until), now.Add(tt.reading))
			if tt.wantErr {
				require.ErrorIs(t, err, ErrUntilPassed)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tt.want, got)
		})
	}
	t.Run("zero until", func(t *testing.T) {
		_, err := (&Store{}).ttl(time.Time{}, now)
		require.ErrorIs(t, err, ErrUntilPassed)
	})
}
