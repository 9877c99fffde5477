// Package testutil holds small helpers shared by the tests of this
// repository's packages and nested modules.
package testutil

import (
	"bytes"
	"sync"
)

// SyncBuffer is a bytes.Buffer that servers may write while a test reads
// it. Its zero value is ready to use; it is safe for concurrent use.
type SyncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

// Write appends p.
func (b *SyncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

// String returns what was written so far.
func (b *SyncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}
