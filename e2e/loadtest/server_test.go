package loadtest

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"runtime/pprof"
	"slices"
	"strings"
	"sync"
	"testing"
)

func startInProcess(t *testing.T) (*Server, string) {
	t.Helper()
	s, err := NewServer(ServerConfig{JTICapacity: 1000})
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(s)
	t.Cleanup(func() { ts.Close(); s.Close() })
	return s, ts.URL
}

// The bare endpoint answers as the SSO endpoint does, over a real
// connection, apart from the token.
func TestBareCopiesSSO(t *testing.T) {
	_, base := startInProcess(t)
	p, err := Probe(context.Background(), base)
	if err != nil {
		t.Fatal(err)
	}
	if m := p.Mismatches(); len(m) > 0 {
		t.Fatalf("mismatches: %q", m)
	}
	names := p.HeaderNames()
	for _, want := range []string{"Cache-Control", "Pragma", "Referrer-Policy", "Location", "Content-Length"} {
		if !slices.Contains(names, want) {
			t.Errorf("SSO response lacks %s: %q", want, names)
		}
	}
	if p.SSO.Header.Get("Location") == p.Bare.Header.Get("Location") {
		t.Error("the bare endpoint sent the SSO token")
	}
}

// Mismatches notices a bare answer that is not a copy.
func TestMismatches(t *testing.T) {
	_, base := startInProcess(t)
	p, err := Probe(context.Background(), base)
	if err != nil {
		t.Fatal(err)
	}
	p.Bare.Header = p.Bare.Header.Clone()
	p.Bare.Header.Del("Referrer-Policy")
	p.Bare.Header.Set("Cache-Control", "no-cache")
	p.Bare.Header.Set("Location", p.Bare.Header.Get("Location")+"x")
	p.Bare.Body = 300
	if m := p.Mismatches(); len(m) != 4 {
		t.Fatalf("want 4 mismatches (body, length, two headers), got %q", m)
	}
}

// The counters and the jti check add up under concurrent requests, and a
// request without the session counts as refused.
func TestStatsAndJTI(t *testing.T) {
	_, base := startInProcess(t)
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			for range 25 {
				if _, err := Probe(context.Background(), base); err != nil {
					t.Error(err)
				}
			}
		})
	}
	wg.Wait()
	res, err := http.Get(base + SSOPath) // no cookie
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	var st Stats
	var j JTICheck
	if err := getJSON(context.Background(), base, StatsPath, &st); err != nil {
		t.Fatal(err)
	}
	if err := getJSON(context.Background(), base, JTIPath, &j); err != nil {
		t.Fatal(err)
	}
	if st.SSO != 201 || st.Bare != 200 || st.Minted != 200 || st.Refused != 1 || st.CPUNanos <= 0 {
		t.Errorf("stats %+v; want 201 sso, 200 bare, 200 minted, 1 refused, some CPU", st)
	}
	if j != (JTICheck{Recorded: 200, Distinct: 200}) {
		t.Errorf("jti %+v; want 200 recorded, 200 distinct", j)
	}
}

// goodProbe is a probe of a real in-process server.
func goodProbe(t *testing.T) ProbeResult {
	t.Helper()
	_, base := startInProcess(t)
	p, err := Probe(context.Background(), base)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// With LabelEndpoints, the goroutine of a connection that served an
// endpoint carries its label while it waits for the next request, which is
// how a CPU profile charges the network part to the endpoint; without it,
// no goroutine is labelled.
func TestLabelEndpoints(t *testing.T) {
	for _, label := range []bool{false, true} { // false first: a labelled goroutine may outlive its test server briefly
		t.Run(fmt.Sprint("label ", label), func(t *testing.T) {
			s, err := NewServer(ServerConfig{JTICapacity: 1000, LabelEndpoints: label})
			if err != nil {
				t.Fatal(err)
			}
			ts := httptest.NewServer(s)
			defer func() { ts.Close(); s.Close() }()
			for _, path := range []string{SSOPath, BarePath} {
				// A client of its own per endpoint: one connection each.
				tr := &http.Transport{}
				defer tr.CloseIdleConnections()
				client := &http.Client{Transport: tr,
					CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
				req, _ := http.NewRequest(http.MethodGet, ts.URL+path, nil)
				req.Header.Set("Cookie", Cookie)
				resp, err := client.Do(req)
				if err != nil {
					t.Fatal(err)
				}
				io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
				if resp.StatusCode != http.StatusFound {
					t.Fatalf("%s: status %d", path, resp.StatusCode)
				}
			}
			var dump strings.Builder
			if err := pprof.Lookup("goroutine").WriteTo(&dump, 1); err != nil {
				t.Fatal(err)
			}
			for _, ep := range []string{"sso", "bare"} {
				want := `"endpoint":"` + ep + `"`
				if got := strings.Contains(dump.String(), want); got != label {
					t.Errorf("goroutine labels contain %s: %v, want %v", want, got, label)
				}
			}
		})
	}
}
