package jwtsso

import (
	"context"
	"testing"
)

// BenchmarkObserveHooks is the hook calls alone, as the Handler makes them
// for a token minted and for a refusal: without an observer (a nil check)
// and with one that does nothing (the call and, for a refusal, the reason's
// lookup).
func BenchmarkObserveHooks(b *testing.B) {
	err := ErrEmailUnverified
	for _, bc := range []struct {
		name string
		opts []Option
	}{
		{"nil", nil},
		{"noop", []Option{WithObserver(ObserverFunc(func(context.Context, Event) {}))}},
	} {
		h := newTestHandler(b, &staticResolver{id: jo}, bc.opts...)
		ctx := b.Context()
		b.Run(bc.name+"/minted", func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				h.observeMinted(ctx, "01J0000000000000000000000")
			}
		})
		b.Run(bc.name+"/refused", func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				h.observeRefused(ctx, err)
			}
		})
	}
}
