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
	wrap   []string // a command that runs redis-server (faketime and its flags), or none
	env    []string // extra environment for the process
	dir    string
	port   int
	cmd    *exec.Cmd
	pid    int // redis-server's own process: cmd's, or under faketime its child's
	exited chan struct{}
}

// Start starts a redis-server from the binary on PATH on a free
// loopback port, or skips the test (fails it under JWTSSO_REQUIRE_REDIS=1)
// when there is none.
func Start(tb testing.TB) *Server {
	tb.Helper()
	bin := lookPath(tb, "redis-server", "redis-server")
	return start(tb, &Server{tb: tb, bin: bin, dir: tb.TempDir()})
}

// StartSkewed starts a redis-server as Start does, with a clock that runs
// offset ahead of this machine's (behind, when offset is negative), and
// checks with TIME that it does. It runs the server under faketime
// (libfaketime), so it skips the test when faketime is not on PATH, or
// fails it under JWTSSO_REQUIRE_REDIS=1.
//
// libfaketime and jemalloc, which Debian's redis-server uses, deadlock at
// start (libfaketime issues 130 and 327), so glibc's libc_malloc_debug is
// preloaded when it can be found: it puts glibc's own allocator in front
// of jemalloc, and the server starts.
func StartSkewed(tb testing.TB, offset time.Duration) *Server {
	tb.Helper()
	bin := lookPath(tb, "redis-server", "redis-server")
	faketime := lookPath(tb, "faketime", "faketime")
	s := &Server{tb: tb, bin: bin, dir: tb.TempDir(),
		wrap: []string{faketime, "-f", fmt.Sprintf("%+ds", int64(offset/time.Second))}}
	if lib := mallocDebugLib(); lib != "" {
		s.env = []string{"LD_PRELOAD=" + lib}
	}
	start(tb, s)
	if skew := s.Skew(); (skew - offset).Abs() > 5*time.Second {
		tb.Fatalf("redis-server under faketime runs %v ahead of this machine, not %v", skew, offset)
	}
	return s
}

// lookPath finds a command on PATH, or skips the test (fails it under
// JWTSSO_REQUIRE_REDIS=1) with a message that names the Debian package.
func lookPath(tb testing.TB, command, pkg string) string {
	tb.Helper()
	bin, err := exec.LookPath(command)
	if err != nil {
		msg := command + " is not on PATH; install it (Debian/Ubuntu: apt-get install " + pkg + ") to run the Redis tests"
		if os.Getenv(requireRedisEnv) == "1" {
			tb.Fatal(msg + " (" + requireRedisEnv + "=1 requires them)")
		}
		tb.Skip(msg)
	}
	return bin
}

// mallocDebugLib returns the path of glibc's libc_malloc_debug.so.0, or ""
// when it is not in one of the usual library directories.
func mallocDebugLib() string {
	for _, dir := range []string{"/usr/lib/x86_64-linux-gnu", "/lib/x86_64-linux-gnu", "/usr/lib/aarch64-linux-gnu",
		"/lib/aarch64-linux-gnu", "/usr/lib64", "/lib64", "/usr/lib", "/lib"} {
		p := filepath.Join(dir, "libc_malloc_debug.so.0")
		if _, err := os.Stat(p); err == nil {
			return p
		}
	}
	return ""
}

// start launches s on a free port, retrying on another port if one is
// taken, and registers its stop with t.Cleanup.
func start(tb testing.TB, s *Server) *Server {
	tb.Helper()
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
	if len(s.wrap) > 0 {
		cmd = exec.Command(s.wrap[0], append(append(s.wrap[1:len(s.wrap):len(s.wrap)], s.bin), args...)...)
	}
	cmd.Env = append(os.Environ(), s.env...)
	if len(s.wrap) > 0 {
		// A process group of its own, so that Stop can end faketime and
		// its child together when redis-server's own pid is not known.
		cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	}
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
			if err := s.findPID(); err != nil {
				s.Stop()
				return err
			}
			return nil
		}
		time.Sleep(20 * time.Millisecond)
	}
	s.Stop()
	return fmt.Errorf("redis-server on port %d did not answer PING within 10s", s.port)
}

// findPID sets s.pid to redis-server's process id. faketime runs
// redis-server as a child and forwards no signal to it, so Stop, Pause
// and Resume signal redis-server itself; faketime then exits with it and
// removes its shared memory.
func (s *Server) findPID() error {
	s.pid = s.cmd.Process.Pid
	if len(s.wrap) == 0 {
		return nil
	}
	c := redis.NewClient(&redis.Options{Addr: s.Addr(), ContextTimeoutEnabled: true})
	defer c.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	info, err := c.Info(ctx, "server").Result()
	if err != nil {
		return err
	}
	m := regexp.MustCompile(`(?m)^process_id:(\d+)\r?$`).FindStringSubmatch(info)
	if m == nil {
		return errors.New("INFO server has no process_id")
	}
	s.pid, err = strconv.Atoi(m[1])
	return err
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
	// Under faketime, only redis-server is signalled: faketime waits for
	// it, then removes its shared memory and exits.
	switch {
	case s.pid != 0:
		_ = syscall.Kill(s.pid, syscall.SIGCONT)
		_ = syscall.Kill(s.pid, syscall.SIGTERM)
	case len(s.wrap) > 0: // it never answered: end the whole group
		_ = syscall.Kill(-s.cmd.Process.Pid, syscall.SIGKILL)
	}
	select {
	case <-s.exited:
	case <-time.After(5 * time.Second):
		if s.pid != 0 {
			_ = syscall.Kill(s.pid, syscall.SIGKILL)
		}
		_ = s.cmd.Process.Kill()
		<-s.exited
	}
	s.cmd, s.pid = nil, 0
}

// Skew returns how far the server's clock (Redis TIME) runs ahead of this
// machine's, to within the round trip.
func (s *Server) Skew() time.Duration {
	s.tb.Helper()
	c := redis.NewClient(&redis.Options{Addr: s.Addr(), ContextTimeoutEnabled: true})
	defer c.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	before := time.Now()
	at, err := c.Time(ctx).Result()
	if err != nil {
		s.tb.Fatal(err)
	}
	mid := before.Add(time.Since(before) / 2)
	return at.Sub(mid)
}

// Restart starts the server again on the same port, with an empty dataset.
func (s *Server) Restart() {
	s.tb.Helper()
	s.Stop()
	if err := s.launch(); err != nil {
		s.tb.Fatal(err)
	}
}

// Pause stops the process (SIGSTOP): a Redis that accepts connections and
// then never answers.
func (s *Server) Pause() { s.signal(syscall.SIGSTOP) }

// Resume continues a process that Pause stopped (SIGCONT).
func (s *Server) Resume() { s.signal(syscall.SIGCONT) }

func (s *Server) signal(sig syscall.Signal) {
	s.tb.Helper()
	if s.cmd == nil {
		s.tb.Fatal("redis-server is not running")
	}
	if err := syscall.Kill(s.pid, sig); err != nil {
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
