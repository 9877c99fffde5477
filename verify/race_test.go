//go:build race

package verify

// vRace reports whether the race detector is on: it makes sync.Pool drop
// entries at random, so allocation counts are not meaningful.
const vRace = true
