//go:build race

package hs256

const raceEnabled = true
