package main

import (
	"bytes"
	"context"
	"strings"
	"testing"
)

// A short run with few connections: the driver must see no errors, decode
// every jti and find them distinct. The ratio is not judged here (it needs
// the full run's length to mean anything); -min-ratio 0 switches it off.
func TestShortRun(t *testing.T) {
	var out bytes.Buffer
	err := run(context.Background(), []string{"-conns", "4", "-each", "600ms", "-rounds", "2", "-min-ratio", "0"}, &out)
	if err != nil {
		t.Fatalf("run: %v\n%s", err, out.String())
	}
	report := out.String()
	for _, want := range []string{"| sso |", "| bare |", "ratio sso ÷ bare:", " 0 repeated, 0 undecodable"} {
		if !strings.Contains(report, want) {
			t.Errorf("report lacks %q:\n%s", want, report)
		}
	}
}

// The report fails the run when targets are missed.
func TestReportJudges(t *testing.T) {
	var out bytes.Buffer
	err := run(context.Background(), []string{"-conns", "2", "-each", "200ms", "-rounds", "1", "-min-ratio", "1000"}, &out)
	if err == nil || !strings.Contains(err.Error(), "ratio") {
		t.Fatalf("want a ratio failure, got %v", err)
	}
}
