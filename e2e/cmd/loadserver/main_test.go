package main

import (
	"bufio"
	"context"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/supportsso/jwtsso/e2e/loadtest"
)

// The server prints its URL, serves, and stops cleanly when its context
// ends (as on SIGTERM).
func TestRun(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	pr, pw := io.Pipe()
	done := make(chan error, 1)
	go func() { done <- run(ctx, []string{"-log", "json"}, pw) }()
	base, err := bufio.NewReader(pr).ReadString('\n')
	if err != nil {
		t.Fatal(err)
	}
	req, _ := http.NewRequest(http.MethodGet, strings.TrimSpace(base)+loadtest.SSOPath, nil)
	req.Header.Set("Cookie", loadtest.Cookie)
	res, err := http.DefaultTransport.RoundTrip(req)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusFound {
		t.Errorf("SSO answered %d", res.StatusCode)
	}
	cancel()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
}

func TestUnknownLogger(t *testing.T) {
	if err := run(context.Background(), []string{"-log", "text"}, io.Discard); err == nil {
		t.Fatal("-log text accepted")
	}
}
