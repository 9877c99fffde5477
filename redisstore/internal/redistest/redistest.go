// Package redistest starts redis-server processes of a test's own, on
// loopback ports, for the tests of the redisstore module.
package redistest

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"
)

// requireRedisEnv turns the skip for a missing redis-server into a failure,
// so that CI, which installs it, always runs these tests.
const requireRedisEnv = "JWTSSO_REQUIRE_REDIS"

// Server is a redis-server process of the test's own, on a loopback
// port, without persistence. It is stopped by t.Cleanup.
type Server struct {
	tb     testing.TB
	bin    string
	dir    string
	port   int
	cmd    *exec.Cmd
	exited chan struct{}
}

// Start starts a redis-server from the binary on PATH on a free
// loopback port, or skips the test (fails it under JWTSSO_REQUIRE_REDIS=1)
// when there is none.
func Start(tb testing.TB) *Server {
	tb.Helper()
	bin, err := exec.LookPath("redis-server")
	if err != nil {
		msg := "redis-server is not on PATH; install it (Debian/Ubuntu: apt-get install redis-server) to run the Redis tests"
		if os.Getenv(requireRedisEnv) == "1" {
			tb.Fatal(msg + " (" + requireRedisEnv + "=1 requires them)")
		}
		tb.Skip(msg)
	}
	s := &Server{tb: tb, bin: bin, dir: tb.TempDir()}
	tb.Cleanup(s.Stop)
	var errs []error
	for range 3 { // another process may take the free port before Redis does
		s.port = FreePort(tb)
		if err := s.launch(); err != nil {
			errs = append(errs, err)
			continue
		}
		return s
	}
	tb.Fatalf("redis-server did not start: %v", errors.Join(errs...))
	return nil
}

// Addr is the server's host:port.
func (s *Server) Addr() string { return net.JoinHostPort("127.0.0.1", strconv.Itoa(s.port)) }

// launch starts the process and waits until it answers PING.
func (s *Server) launch() error {
	s.tb.Helper()
	logPath := filepath.Join(s.dir, "redis-"+strconv.Itoa(s.port)+".log")
	args := []string{"--port", strconv.Itoa(s.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
		"--dir", s.dir, "--logfile", logPath, "--daemonize", "no"}
	if redisMajorVersion(s.bin) >= 7 {
		args = append(args, "--enable-debug-command", "local") // DEBUG SLEEP; before 7 it is always on
	}
	cmd := exec.Command(s.bin, args...)
	if err := cmd.Start(); err != nil {
		return err
	}
	s.cmd, s.exited = cmd, make(chan struct{})
	go func(exited chan struct{}) { _ = cmd.Wait(); close(exited) }(s.exited)

	deadline := time.Now().Add(10 * time.Second)
	for time.Now().Before(deadline) {
		select {
		case <-s.exited:
			log, _ := os.ReadFile(logPath)
			s.cmd = nil
			return fmt.Errorf("redis-server on port %d exited at start: %s", s.port, log)
		default:
		}
		if ping(s.Addr()) == nil {
			return nil
		}
		time.Sleep(20 * time.Millisecond)
	}
	s.Stop()
	return fmt.Errorf("redis-server on port %d did not answer PING within 10s", s.port)
}

// ping sends a raw PING and expects +PONG.
func ping(addr string) error {
	conn, err := net.DialTimeout("tcp", addr, time.Second)
	if err != nil {
		return err
	}
	defer conn.Close()
	_ = conn.SetDeadline(time.Now().Add(time.Second))
	if _, err := conn.Write([]byte("PING\r\n")); err != nil {
		return err
	}
	line, err := bufio.NewReader(conn).ReadString('\n')
	if err != nil {
		return err
	}
	if line != "+PONG\r\n" {
		return fmt.Errorf("PING answered %q", line)
	}
	return nil
}

// Stop ends the process (resuming it first if it is paused) and waits for
// it; it does nothing when the server is not running.
func (s *Server) Stop() {
	if s.cmd == nil {
		return
	}
	_ = s.cmd.Process.Signal(syscall.SIGCONT)
	_ = s.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-s.exited:
	case <-time.After(5 * time.Second):
		_ = s.cmd.Process.Kill()
		<-s.exited
	}
	s.cmd = nil
}

// Restart starts the server again on the same port, with an empty dataset.
func (s *Server) Restart() {
	s.tb.Helper()
	s.Stop()
	if err := s.launch(); err != nil {
		s.tb.Fatal(err)
	}
}

// Pause and resume stop and continue the process (SIGSTOP, SIGCONT): a
// Redis that accepts connections and then never answers.
func (s *Server) Pause()  { s.signal(syscall.SIGSTOP) }
func (s *Server) Resume() { s.signal(syscall.SIGCONT) }

func (s *Server) signal(sig syscall.Signal) {
	s.tb.Helper()
	if s.cmd == nil {
		s.tb.Fatal("redis-server is not running")
	}
	if err := s.cmd.Process.Signal(sig); err != nil {
		s.tb.Fatal(err)
	}
}

// FreePort returns a loopback TCP port that was free a moment ago.
func FreePort(tb testing.TB) int {
	tb.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		tb.Fatal(err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port
}

var (
	versionOnce  sync.Once
	versionMajor int
)

// redisMajorVersion reads the major version from "redis-server --version"
// ("Redis server v=7.0.15 ..."), or 0 if it cannot tell.
func redisMajorVersion(bin string) int {
	versionOnce.Do(func() {
		out, err := exec.Command(bin, "--version").Output()
		if err != nil {
			return
		}
		if m := regexp.MustCompile(`v=(\d+)\.`).FindSubmatch(out); m != nil {
			versionMajor, _ = strconv.Atoi(string(m[1]))
		}
	})
	return versionMajor
}

// NewClient returns a go-redis client for addr that honours context
// deadlines, closed by t.Cleanup.
func NewClient(tb testing.TB, addr string) *redis.Client {
	tb.Helper()
	c := redis.NewClient(&redis.Options{Addr: addr, ContextTimeoutEnabled: true})
	tb.Cleanup(func() { _ = c.Close() })
	return c
}

// Flush empties the server's database between subtests.
func Flush(tb testing.TB, c *redis.Client) {
	tb.Helper()
	if err := c.FlushDB(context.Background()).Err(); err != nil {
		tb.Fatal(err)
	}
}
