// Command testsum turns the output of `go test -json` into what a person
// running the project's test command needs to read: one line per package,
// the output of every failed test, every skipped test with its reason, and a
// last line of the form "N passed, N failed, N skipped".
//
// scripts/check.sh pipes each `go test -json` run through
//
//	testsum -log EVENTS
//
// which prints as it reads and appends the raw events to EVENTS, and ends
// with
//
//	testsum -summarize EVENTS
//
// which lists the skips again, prints the totals and exits with status 1 if
// any test or build failed. Tests and subtests are counted alike; a package
// that failed without a failing test (a build error, a panic in init, a
// timeout) counts as one failure.
package main

import (
	"bufio"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
)

func main() {
	logPath := flag.String("log", "", "print events from stdin as they come and append them to this file")
	sumPath := flag.String("summarize", "", "print the skips and totals of the events in this file")
	flag.Parse()
	switch {
	case *logPath != "":
		os.Exit(stream(os.Stdin, os.Stdout, *logPath))
	case *sumPath != "":
		f, err := os.Open(*sumPath)
		if err != nil {
			fmt.Fprintln(os.Stderr, "testsum:", err)
			os.Exit(2)
		}
		defer f.Close()
		t := newTally()
		if err := t.read(f, io.Discard); err != nil {
			fmt.Fprintln(os.Stderr, "testsum:", err)
			os.Exit(2)
		}
		os.Exit(t.summarize(os.Stdout))
	default:
		flag.Usage()
		os.Exit(2)
	}
}

// stream prints events from r to w as they arrive and appends them to the
// file at path. It returns 1 if a test or build failed.
func stream(r io.Reader, w io.Writer, path string) int {
	f, err := os.OpenFile(path, os.O_CREATE|os.O_APPEND|os.O_WRONLY, 0o600)
	if err != nil {
		fmt.Fprintln(os.Stderr, "testsum:", err)
		return 2
	}
	defer f.Close()
	t := newTally()
	if err := t.read(io.TeeReader(r, f), w); err != nil {
		fmt.Fprintln(os.Stderr, "testsum:", err)
		return 2
	}
	if t.failed > 0 {
		return 1
	}
	return 0
}

// event is one line of `go test -json` (cmd/test2json).
type event struct {
	Action     string
	Package    string
	ImportPath string
	Test       string
	Output     string
	Elapsed    float64
	// FailedBuild names the package whose build failed, on the package's
	// "fail" event that follows its "build-fail" (Go 1.24 and later).
	FailedBuild string
}

// read consumes events from r, printing progress and failures to w.
func (t *tally) read(r io.Reader, w io.Writer) error {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 64*1024), 16*1024*1024)
	for sc.Scan() {
		line := sc.Bytes()
		var e event
		if len(line) == 0 || line[0] != '{' || json.Unmarshal(line, &e) != nil {
			// Not an event: go test prints some errors (a module that
			// cannot load) as plain text. Show it as it is.
			fmt.Fprintf(w, "%s\n", line)
			continue
		}
		t.add(e, w)
	}
	return sc.Err()
}
