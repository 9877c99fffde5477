//go:build !race

package verify

// vRace reports whether the race detector is on (see race_test.go).
const vRace = false
