package verify

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The segmented queue against a plain slice, across segment boundaries.
func TestExpiryQueue(t *testing.T) {
	tests := []struct {
		name       string
		push, pop  int // per round
		rounds     int
		finalCount int
	}{
		{"one in, one out", 1, 1, 3 * segmentLen, 0},
		{"fill one segment, empty it", segmentLen, segmentLen, 3, 0},
		{"a segment and one", segmentLen + 1, segmentLen + 1, 3, 0},
		{"grow by one a round", 3, 2, 2 * segmentLen, 2 * segmentLen},
		{"many segments, then drain", 10 * segmentLen, 0, 1, 10 * segmentLen},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var q expiryQueue
			type entry struct {
				key jtiHash
				exp uint32
			}
			var model []entry
			front := func() entry {
				k, e := q.front()
				return entry{k, e}
			}
			next := uint32(0)
			for range tt.rounds {
				for range tt.push {
					e := entry{key: jtiHash(next)*0x9e3779b97f4a7c15 + 1, exp: next}
					next++
					q.push(e.key, e.exp)
					model = append(model, e)
				}
				for range tt.pop {
					require.Equal(t, model[0], front())
					q.pop()
					model = model[1:]
				}
				require.Equal(t, len(model), q.n)
			}
			assert.Equal(t, tt.finalCount, q.n)
			for len(model) > 0 {
				require.Equal(t, model[0], front())
				q.pop()
				model = model[1:]
			}
			assert.Zero(t, q.n)
			assert.Len(t, q.segs, 1, "an empty queue keeps one segment")
		})
	}
}

// A queue that hovers at a segment boundary reuses its spare segment
// instead of allocating, and growing never moves what is queued.
func TestExpiryQueueNoCopy(t *testing.T) {
	var q expiryQueue
	for range segmentLen - 1 {
		q.push(0, 0)
	}
	allocs := testing.AllocsPerRun(1000, func() {
		q.push(0, 0)
		q.push(0, 0)
		q.pop()
		q.pop()
	})
	assert.Zero(t, allocs)

	first := &q.segs[0].keys[q.first]
	for range 100 * segmentLen {
		q.push(0, 0)
	}
	assert.Same(t, first, &q.segs[0].keys[q.first], "the front entry has not moved")
}
