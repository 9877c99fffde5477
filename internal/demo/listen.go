package demo

import (
	"errors"
	"fmt"
	"io"
	"net"
	"strconv"
	"syscall"
)

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
