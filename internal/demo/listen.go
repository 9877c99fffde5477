package demo

import (
	"cmp"
	"errors"
	"fmt"
	"io"
	"net"
	"net/netip"
	"strconv"
	"syscall"
)

// Errors of [Start] that say which site could not listen. Each wraps the
// listener's error, such as one that matches syscall.EADDRINUSE.
var (
	ErrHostListen    = errors.New("host application: listen")
	ErrSupportListen = errors.New("support centre: listen")
)

// listen opens the host application's listener and the support centre's
// listeners, on loopback or on cfg.Bind.
func listen(log io.Writer, cfg Config) (host net.Listener, support []net.Listener, err error) {
	bind := cmp.Or(cfg.Bind, loopback)
	if a, err := netip.ParseAddr(bind); err == nil && a.IsLoopback() {
		bind = loopback // the sites' URLs name 127.0.0.1 and localhost
	}
	host, err = net.Listen("tcp", net.JoinHostPort(bind, strconv.Itoa(cfg.HostPort)))
	if err != nil {
		return nil, nil, fmt.Errorf("%w: %w", ErrHostListen, err)
	}
	if bind == loopback {
		support, err = listenLocalhost(log, cfg.SupportPort)
	} else {
		var l net.Listener
		l, err = net.Listen("tcp", net.JoinHostPort(bind, strconv.Itoa(cfg.SupportPort)))
		support = []net.Listener{l}
	}
	if err != nil {
		host.Close()
		return nil, nil, fmt.Errorf("%w: %w", ErrSupportListen, err)
	}
	return host, support, nil
}

// loopback is the default bind address.
const loopback = "127.0.0.1"

// listenLocalhost listens on 127.0.0.1 and, on the same port, on ::1 when
// it can: a browser may try either for "localhost". It warns on log when
// another program holds that port on ::1.
func listenLocalhost(log io.Writer, port int) ([]net.Listener, error) {
	v4, err := net.Listen("tcp", net.JoinHostPort("127.0.0.1", strconv.Itoa(port)))
	if err != nil {
		return nil, err
	}
	port = v4.Addr().(*net.TCPAddr).Port
	v6, err := net.Listen("tcp", net.JoinHostPort("::1", strconv.Itoa(port)))
	switch {
	case err == nil:
		return []net.Listener{v4, v6}, nil
	case errors.Is(err, syscall.EADDRINUSE):
		fmt.Fprintf(log, "jwtsso demo: warning: another program listens on [::1]:%d; if the browser reaches it for localhost, use other ports\n", port)
	}
	return []net.Listener{v4}, nil
}
