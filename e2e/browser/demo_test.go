package browser

import (
	"bytes"
	"context"
	"sync"
	"testing"

	"github.com/supportsso/jwtsso/internal/demo"
)

// logBuffer keeps the demo's log lines, written by its servers while the
// test reads.
type logBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *logBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *logBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// startDemo starts the demo's two sites on free ports, with cfg, until the
// test ends, and returns them with their log.
func startDemo(t *testing.T, cfg demo.Config) (*demo.Servers, *logBuffer) {
	t.Helper()
	log := &logBuffer{}
	cfg.Log = log
	s, err := demo.Start(context.Background(), cfg)
	if err != nil {
		t.Fatalf("start the demo: %v", err)
	}
	t.Cleanup(func() {
		if err := s.Close(); err != nil {
			t.Errorf("stop the demo: %v", err)
		}
		if t.Failed() {
			t.Logf("the demo's log:\n%s", log)
		}
	})
	return s, log
}
