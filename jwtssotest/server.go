package jwtssotest

import (
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
)

// Server is a fake HappyFox Support Centre listening on a loopback port,
// like an httptest.Server. Its routes are listed in the package
// documentation.
type Server struct {
	// URL is the server's origin, "http://127.0.0.1:<port>", with no
	// trailing slash: what a host application passes to
	// jwtsso.WithSupportURL.
	URL string

	handler *Handler
	srv     *httptest.Server
}

// NewServer starts a fake support centre that accepts tokens signed with
// key, on a loopback port. The caller must Close it. It returns an error,
// never panics, for a key or option that [NewHandler] refuses or when no
// loopback port can be opened.
func NewServer(key string, opts ...Option) (*Server, error) {
	h, err := NewHandler(key, opts...)
	if err != nil {
		return nil, err
	}
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		if l, err = net.Listen("tcp", "[::1]:0"); err != nil {
			return nil, fmt.Errorf("jwtssotest: listen on a loopback port: %w", err)
		}
	}
	srv := &httptest.Server{Listener: l, Config: &http.Server{Handler: h}}
	srv.Start()
	return &Server{URL: srv.URL, handler: h, srv: srv}, nil
}

// Close shuts the server down and blocks until all its requests are done.
func (s *Server) Close() { s.srv.Close() }

// Logins returns the logins the server accepted so far, oldest first, as a
// copy. It is safe to call while requests run.
func (s *Server) Logins() []Login { return s.handler.Logins() }

// Handler returns the server's handler.
func (s *Server) Handler() *Handler { return s.handler }
