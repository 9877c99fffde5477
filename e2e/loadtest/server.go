package loadtest

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"net/http"
	"runtime"
	"runtime/pprof"
	"sync/atomic"

	"github.com/supportsso/jwtsso"
)

// The server's paths, and the cookie that signs the load test's user in.
const (
	SSOPath   = "/sso"   // the guarded SSO endpoint
	BarePath  = "/bare"  // the same response, made by copying it
	StatsPath = "/stats" // Stats as JSON
	JTIPath   = "/jti"   // JTICheck as JSON; sorts every jti recorded
	Cookie    = "session=jo"
)

// TokenURL is where the SSO endpoint redirects: the support centre of the
// account "acme", before the token.
const TokenURL = "https://acme.happyfox.com/jwt/?token="

// DefaultJTICapacity is how many jti a Server records unless
// ServerConfig.JTICapacity says otherwise: 16 million, 416 MB of address
// space of which only what is used is ever touched.
const DefaultJTICapacity = 16 << 20

// serverKey signs the load test's tokens and nothing else.
const serverKey = "LoadTestOnly7Qz3VfT8mWc2LxR7pHs4"

// ServerConfig configures NewServer. The zero value is usable.
type ServerConfig struct {
	// Logger is the SSO handler's logger (jwtsso.WithLogger); nil means
	// slog.New(slog.DiscardHandler).
	Logger *slog.Logger
	// JTICapacity is how many jti the server can record; 0 means
	// DefaultJTICapacity. A jti that does not fit counts as dropped.
	JTICapacity int
	// LabelEndpoints labels the goroutine that serves each request with
	// the endpoint, for CPU profiles: "endpoint" is "sso" or "bare". A
	// connection's goroutine keeps the label after the handler returns,
	// so the profile also charges writing the response and reading the
	// next request on that connection (wrk sends one endpoint per run) to
	// the endpoint, and `go tool pprof -tagfocus=endpoint=sso` shows
	// where the SSO endpoint's time goes, network included.
	LabelEndpoints bool
}

// The profile labels of LabelEndpoints, made once.
var (
	ssoLabels  = pprof.WithLabels(context.Background(), pprof.Labels("endpoint", "sso"))
	bareLabels = pprof.WithLabels(context.Background(), pprof.Labels("endpoint", "bare"))
)

// Server is the server under test: see the package documentation for its
// endpoints. It is safe for concurrent use; call Close when done with it.
type Server struct {
	mux    *http.ServeMux
	jtis   *jtiStore
	labels bool
	sso    http.Handler
	bare   http.Handler
	// counters, one atomic add each per request
	nSSO, nBare, nMinted, nCut, nRefused atomic.Int64
}

var _ http.Handler = (*Server)(nil)

// NewServer builds the SSO handler, mints one token with it to capture the
// response's header set for the bare endpoint, and returns the Server.
func NewServer(cfg ServerConfig) (*Server, error) {
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
	if cfg.JTICapacity == 0 {
		cfg.JTICapacity = DefaultJTICapacity
	}
	sso, err := jwtsso.New(serverKey, jwtsso.IdentityResolverFunc(resolve),
		jwtsso.WithAccount("acme"), jwtsso.WithLogger(cfg.Logger))
	if err != nil {
		return nil, err
	}
	s := &Server{mux: http.NewServeMux(), sso: sso.Middleware(sso), labels: cfg.LabelEndpoints}
	if s.bare, err = newBare(s.sso); err != nil {
		return nil, err
	}
	if s.jtis, err = newJTIStore(cfg.JTICapacity); err != nil {
		return nil, err
	}
	s.mux.HandleFunc("GET "+SSOPath, s.serveSSO)
	s.mux.HandleFunc("GET "+BarePath, s.serveBare)
	s.mux.HandleFunc("GET "+StatsPath, s.serveStats)
	s.mux.HandleFunc("GET "+JTIPath, s.serveJTI)
	return s, nil
}

// resolve signs in the user who sends Cookie.
func resolve(r *http.Request) (jwtsso.Identity, error) {
	if c, err := r.Cookie("session"); err != nil || c.Value != "jo" {
		return jwtsso.Identity{}, jwtsso.ErrNoIdentity
	}
	return jwtsso.Identity{Name: "Jo Example", Email: "jo@example.com", EmailVerified: true}, nil
}

// ServeHTTP serves the endpoints.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) { s.mux.ServeHTTP(w, r) }

// Close releases the jti records.
func (s *Server) Close() error { return s.jtis.close() }

// serveSSO runs the guarded handler, then records the jti of the token it
// minted. A response without a token counts as cut when the client had
// gone (a request in flight when wrk stops), else as refused.
func (s *Server) serveSSO(w http.ResponseWriter, r *http.Request) {
	if s.labels {
		pprof.SetGoroutineLabels(ssoLabels)
	}
	s.nSSO.Add(1)
	s.sso.ServeHTTP(w, r)
	var id [jtiLen]byte
	if loc := w.Header()["Location"]; len(loc) == 1 && jtiFromLocation(loc[0], TokenURL, &id) {
		if s.jtis.add(&id) {
			s.nMinted.Add(1)
		}
		return
	}
	if r.Context().Err() != nil {
		s.nCut.Add(1)
		return
	}
	s.nRefused.Add(1)
}

func (s *Server) serveBare(w http.ResponseWriter, r *http.Request) {
	if s.labels {
		pprof.SetGoroutineLabels(bareLabels)
	}
	s.nBare.Add(1)
	s.bare.ServeHTTP(w, r)
}

// Stats is what the server reports on StatsPath.
type Stats struct {
	CPUNanos   int64 `json:"cpu_ns"`     // user + system CPU time of the process so far
	GOMAXPROCS int   `json:"gomaxprocs"` // as the runtime set it (from the CPU affinity)
	SSO        int64 `json:"sso"`        // requests to SSOPath
	Bare       int64 `json:"bare"`       // requests to BarePath
	Minted     int64 `json:"minted"`     // SSO responses with a token whose jti was recorded
	Cut        int64 `json:"cut"`        // SSO requests ended by the client before a token
	Refused    int64 `json:"refused"`    // SSO responses without a token otherwise: errors
}

func (s *Server) serveStats(w http.ResponseWriter, _ *http.Request) {
	cpu, err := processCPU()
	if err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	writeJSON(w, Stats{
		CPUNanos: cpu.Nanoseconds(), GOMAXPROCS: runtime.GOMAXPROCS(0),
		SSO: s.nSSO.Load(), Bare: s.nBare.Load(),
		Minted: s.nMinted.Load(), Cut: s.nCut.Load(), Refused: s.nRefused.Load(),
	})
}

// JTICheck is what the server reports on JTIPath.
type JTICheck struct {
	Recorded int `json:"recorded"` // jti held
	Distinct int `json:"distinct"` // distinct among them
	Dropped  int `json:"dropped"`  // not recorded: the store was full
}

func (s *Server) serveJTI(w http.ResponseWriter, _ *http.Request) {
	var c JTICheck
	c.Recorded, c.Distinct, c.Dropped = s.jtis.check()
	writeJSON(w, c)
}

func writeJSON(w http.ResponseWriter, v any) {
	w.Header().Set("Content-Type", "application/json")
	if err := json.NewEncoder(w).Encode(v); err != nil {
		panic(fmt.Sprintf("loadtest: encoding %T: %v", v, err)) // unreachable: plain structs
	}
}
