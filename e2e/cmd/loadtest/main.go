// Command loadtest puts the guarded SSO endpoint and a bare redirect, served
// by one server on loopback, under the same load in one run, and reports
// requests per second, p50 and p99 latency, errors, the ratio SSO ÷ bare and
// whether every jti minted during the run was distinct.
//
//	go run ./cmd/loadtest -conns 64 -each 10s
//
// It exits 1 when a target is missed: any error, a repeated jti, or a ratio
// below -min-ratio (0.8).
package main

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/signal"
	"strings"
	"time"

	"github.com/supportsso/jwtsso"
	"github.com/supportsso/jwtsso/e2e/loadtest"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	if err := run(ctx, os.Args[1:], os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "loadtest:", err)
		os.Exit(1)
	}
}

// loadKey is a key for this load test only.
const loadKey = "LoadTestOnly7Qz3VfT8mWc2LxR7pHs4"

const (
	ssoPath   = "/sso/happyfox"
	barePath  = "/bare"
	supportTo = "https://acme.happyfox.com/jwt/?token="
)

func run(ctx context.Context, args []string, out io.Writer) error {
	fs := flag.NewFlagSet("loadtest", flag.ContinueOnError)
	conns := fs.Int("conns", 64, "concurrent connections")
	each := fs.Duration("each", 10*time.Second, "time under load for each endpoint")
	rounds := fs.Int("rounds", 5, "turns the two endpoints take")
	minRatio := fs.Float64("min-ratio", 0.8, "lowest acceptable SSO ÷ bare requests per second")
	if err := fs.Parse(args); err != nil {
		return err
	}

	base, shutdown, err := serve()
	if err != nil {
		return err
	}
	defer shutdown()

	jtis := make(map[string]int)
	var decodeErrs int
	targets := []loadtest.Target{
		{Name: "sso", NewRequest: request(base + ssoPath), Check: expectRedirect(supportTo),
			Keep: func(loc string) {
				jti, err := jtiOf(loc)
				if err != nil {
					decodeErrs++
				}
				jtis[jti]++
			}},
		{Name: "bare", NewRequest: request(base + barePath), Check: expectRedirect(supportTo)},
	}
	client := loadtest.NewClient(*conns)
	results, err := loadtest.Run(ctx, client, loadtest.Config{Conns: *conns, Each: *each, Rounds: *rounds}, targets...)
	if err != nil {
		return err
	}
	return report(out, *conns, results, jtis, decodeErrs, *minRatio)
}

// serve starts the server under test on a free loopback port: the guarded
// SSO handler and a bare redirect to a constant URL of the same length.
func serve() (string, func(), error) {
	resolver := jwtsso.IdentityResolverFunc(func(r *http.Request) (jwtsso.Identity, error) {
		if c, err := r.Cookie("session"); err != nil || c.Value != "jo" {
			return jwtsso.Identity{}, jwtsso.ErrNoIdentity
		}
		return jwtsso.Identity{Name: "Jo Example", Email: "jo@example.com", EmailVerified: true}, nil
	})
	sso, err := jwtsso.New(loadKey, resolver, jwtsso.WithAccount("acme"), jwtsso.WithLogger(slog.New(slog.DiscardHandler)))
	if err != nil {
		return "", nil, err
	}
	constURL := supportTo + strings.Repeat("x", 240)
	mux := http.NewServeMux()
	mux.Handle("GET "+ssoPath, sso.Middleware(sso))
	mux.HandleFunc("GET "+barePath, func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, constURL, http.StatusFound)
	})
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", nil, err
	}
	srv := &http.Server{Handler: mux, ReadHeaderTimeout: 5 * time.Second}
	go func() { _ = srv.Serve(ln) }()
	return "http://" + ln.Addr().String(), func() { _ = srv.Close() }, nil
}

func request(url string) func(context.Context) (*http.Request, error) {
	return func(ctx context.Context) (*http.Request, error) {
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
		if err == nil {
			req.AddCookie(&http.Cookie{Name: "session", Value: "jo"})
		}
		return req, err
	}
}

func expectRedirect(prefix string) func(*http.Response) error {
	return func(res *http.Response) error {
		if res.StatusCode != http.StatusFound {
			return fmt.Errorf("status %d", res.StatusCode)
		}
		if !strings.HasPrefix(res.Header.Get("Location"), prefix) {
			return errors.New("redirect elsewhere")
		}
		return nil
	}
}

// jtiOf decodes the jti from the token in a redirect URL.
func jtiOf(loc string) (string, error) {
	parts := strings.Split(strings.TrimPrefix(loc, supportTo), ".")
	if len(parts) != 3 {
		return "", errors.New("not a token")
	}
	payload, err := base64.RawURLEncoding.DecodeString(parts[1])
	if err != nil {
		return "", err
	}
	var c struct {
		JTI string `json:"jti"`
	}
	if err := json.Unmarshal(payload, &c); err != nil || c.JTI == "" {
		return "", errors.New("no jti")
	}
	return c.JTI, nil
}

// report prints the results as a Markdown table and returns an error when a
// target was missed.
func report(out io.Writer, conns int, results []loadtest.Result, jtis map[string]int, decodeErrs int, minRatio float64) error {
	fmt.Fprintf(out, "%d connections, loopback, one server\n\n", conns)
	fmt.Fprintln(out, "| endpoint | requests | req/s | p50 | p99 | errors |")
	fmt.Fprintln(out, "|---|---|---|---|---|---|")
	var problems []string
	for _, r := range results {
		fmt.Fprintf(out, "| %s | %d | %.0f | %v | %v | %d |\n", r.Name, r.Requests, r.RPS(),
			r.P50.Round(time.Microsecond), r.P99.Round(time.Microsecond), r.Errors)
		if r.Errors > 0 {
			problems = append(problems, fmt.Sprintf("%d errors on %s (first: %v)", r.Errors, r.Name, r.FirstError))
		}
	}
	sso, bare := results[0], results[1]
	ratio := 0.0
	if bare.RPS() > 0 {
		ratio = sso.RPS() / bare.RPS()
	}
	dups := 0
	for _, n := range jtis {
		dups += n - 1
	}
	fmt.Fprintf(out, "\nratio sso ÷ bare: %.3f (target ≥ %.2f)\n", ratio, minRatio)
	fmt.Fprintf(out, "jti: %d minted, %d distinct, %d repeated, %d undecodable\n", sso.Requests-sso.Errors, len(jtis), dups, decodeErrs)
	if dups > 0 || decodeErrs > 0 {
		problems = append(problems, "jti values were not all distinct and decodable")
	}
	if ratio < minRatio {
		problems = append(problems, fmt.Sprintf("ratio %.3f below %.2f", ratio, minRatio))
	}
	if len(problems) > 0 {
		return errors.New(strings.Join(problems, "; "))
	}
	return nil
}
