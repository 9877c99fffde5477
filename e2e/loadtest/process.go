package loadtest

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"strings"
	"syscall"
	"time"
)

// BuildServer compiles cmd/loadserver into dir and returns the binary's
// path. It runs the go command, so it works in a checkout of this module.
func BuildServer(ctx context.Context, dir string) (string, error) {
	bin := dir + "/loadserver"
	cmd := exec.CommandContext(ctx, "go", "build", "-o", bin, "github.com/supportsso/jwtsso/e2e/cmd/loadserver")
	if out, err := cmd.CombinedOutput(); err != nil {
		return "", fmt.Errorf("loadtest: building the server: %w\n%s", err, out)
	}
	return bin, nil
}

// serverProcess is the server binary running under taskset.
type serverProcess struct {
	cmd  *exec.Cmd
	base string // "http://127.0.0.1:PORT"
}

// startServer runs bin pinned to cpus with the given arguments and waits for
// the address it prints on its first line of output.
func startServer(ctx context.Context, cpus, bin string, args ...string) (*serverProcess, error) {
	cmd := exec.CommandContext(ctx, "taskset", append([]string{"-c", cpus, bin}, args...)...)
	cmd.Stderr = os.Stderr
	cmd.Cancel = func() error { return cmd.Process.Signal(syscall.SIGTERM) }
	out, err := cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	line := make(chan string, 1)
	go func() {
		r := bufio.NewReader(out)
		s, _ := r.ReadString('\n')
		line <- strings.TrimSpace(s)
		_, _ = io.Copy(io.Discard, r)
	}()
	select {
	case base := <-line:
		if strings.HasPrefix(base, "http://") {
			return &serverProcess{cmd: cmd, base: base}, nil
		}
	case <-time.After(10 * time.Second):
	}
	_ = cmd.Process.Kill()
	_ = cmd.Wait()
	return nil, errors.New("loadtest: the server did not print its address")
}

// stop ends the server and returns the CPU time it used in all.
func (p *serverProcess) stop() (time.Duration, error) {
	_ = p.cmd.Process.Signal(syscall.SIGTERM)
	err := p.cmd.Wait()
	if st := p.cmd.ProcessState; st != nil && st.Exited() {
		err = nil // its exit status after SIGTERM is its own business
	}
	var cpu time.Duration
	if st := p.cmd.ProcessState; st != nil {
		cpu = st.UserTime() + st.SystemTime()
	}
	return cpu, err
}

// getJSON fetches base+path into v.
func getJSON(ctx context.Context, base, path string, v any) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, base+path, nil)
	if err != nil {
		return err
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		return err
	}
	defer res.Body.Close()
	if res.StatusCode != http.StatusOK {
		return fmt.Errorf("loadtest: %s answered %d", path, res.StatusCode)
	}
	return json.NewDecoder(res.Body).Decode(v)
}
