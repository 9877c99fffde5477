package main

import (
	"context"
	"io"
	"strings"
	"testing"
)

// Bad settings are refused before anything is built or started.
func TestRefusesBadSettings(t *testing.T) {
	for _, args := range [][]string{
		{"-server", "/nonexistent", "-conns", "0"},
		{"-server", "/nonexistent", "-phase", "1500ms"},
		{"-rounds"},
	} {
		err := run(context.Background(), args, io.Discard, io.Discard)
		if err == nil || strings.Contains(err.Error(), "building") {
			t.Errorf("%q: got %v, want a refusal of the settings", args, err)
		}
	}
}
