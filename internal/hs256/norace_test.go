//go:build !race

package hs256

// raceEnabled reports whether the race detector is on: it makes sync.Pool
// drop entries at random, so allocation counts are not meaningful.
const raceEnabled = false
