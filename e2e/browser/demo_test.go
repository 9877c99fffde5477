package browser

import (
	"context"
	"testing"

	"github.com/supportsso/jwtsso/internal/testutil"

	"github.com/supportsso/jwtsso/internal/demo"
)

// startDemo starts the demo's two sites on free ports, with cfg, until the
// test ends, and returns them with their log.
func startDemo(t *testing.T, cfg demo.Config) (*demo.Servers, *testutil.SyncBuffer) {
	t.Helper()
	log := &testutil.SyncBuffer{}
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
