//go:build !race

package jwtsso

// vRace reports whether the race detector is on (see verifier_race_test.go).
const vRace = false
