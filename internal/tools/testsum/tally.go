package main

import (
	"fmt"
	"io"
	"strings"
)

// tally counts test results and keeps what a reader needs to see again:
// the output of tests that failed and the reasons of tests that skipped.
type tally struct {
	passed, failed, skipped int
	output                  map[string][]string // per package and test, until it ends
	skips                   []string            // "pkg TestName: reason"
	failedTests             map[string]int      // failed tests per package
}

func newTally() *tally {
	return &tally{output: map[string][]string{}, failedTests: map[string]int{}}
}

// add records one event and prints what matters of it to w.
func (t *tally) add(e event, w io.Writer) {
	key := e.Package + " " + e.Test
	switch e.Action {
	case "build-output":
		fmt.Fprint(w, e.Output)
	case "build-fail":
		t.failed++
		fmt.Fprintf(w, "FAIL %s [build failed]\n", e.ImportPath)
	case "output":
		t.output[key] = append(t.output[key], e.Output)
	case "pass", "fail", "skip":
		if e.Test == "" {
			t.endPackage(e, w)
		} else {
			t.endTest(e, key, w)
		}
		delete(t.output, key)
	}
}

func (t *tally) endTest(e event, key string, w io.Writer) {
	switch e.Action {
	case "pass":
		t.passed++
	case "fail":
		t.failed++
		t.failedTests[e.Package]++
		fmt.Fprintf(w, "--- FAIL %s %s\n%s", e.Package, e.Test, strings.Join(t.output[key], ""))
	case "skip":
		t.skipped++
		s := fmt.Sprintf("%s %s: %s", e.Package, e.Test, skipReason(t.output[key]))
		t.skips = append(t.skips, s)
		fmt.Fprintf(w, "SKIP %s\n", s)
	}
}

// endPackage prints a package's result. A package that failed with no
// failed test (a panic outside a test, a timeout) counts as one failure,
// and its output is shown; one whose build failed was counted at its
// "build-fail" event.
func (t *tally) endPackage(e event, w io.Writer) {
	out := t.output[e.Package+" "]
	switch {
	case e.FailedBuild != "":
		// counted and reported at "build-fail"
	case e.Action == "fail" && t.failedTests[e.Package] == 0:
		t.failed++
		fmt.Fprintf(w, "FAIL %s (%.1fs)\n%s", e.Package, e.Elapsed, strings.Join(out, ""))
	case e.Action == "fail":
		fmt.Fprintf(w, "FAIL %s (%.1fs)\n", e.Package, e.Elapsed)
	case e.Action == "skip":
		// no test files
	default:
		fmt.Fprintf(w, "ok   %s (%.1fs)\n", e.Package, e.Elapsed)
	}
}

// skipReason is what the test said when it skipped: its output lines after
// the framework's own "=== RUN" and "--- SKIP" lines, trimmed.
func skipReason(lines []string) string {
	var parts []string
	for _, l := range lines {
		l = strings.TrimSpace(l)
		if l == "" || strings.HasPrefix(l, "=== ") || strings.HasPrefix(l, "--- SKIP") {
			continue
		}
		parts = append(parts, l)
	}
	if len(parts) == 0 {
		return "(no reason given)"
	}
	return strings.Join(parts, " ")
}

// summarize prints the skips and the totals, and returns the exit status:
// 1 if anything failed.
func (t *tally) summarize(w io.Writer) int {
	if len(t.skips) > 0 {
		fmt.Fprintln(w, "Skipped:")
		for _, s := range t.skips {
			fmt.Fprintln(w, "  "+s)
		}
	}
	fmt.Fprintf(w, "%d passed, %d failed, %d skipped\n", t.passed, t.failed, t.skipped)
	if t.failed > 0 {
		return 1
	}
	return 0
}
