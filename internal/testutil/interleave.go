package testutil

import (
	"testing"
	"time"
)

// Interleaved times subject in chunks of chunk operations and, between
// them, baseline in chunks whenever the baseline has had less time so far:
// the two share the same stretch of the run, yet a fast subject does not
// drag millions of baseline runs along. Only the subject counts for ns/op
// and allocs/op; the baseline's cost is reported as "<name>-ns/op" and the
// subject's as a multiple of it, "x-<name>". Both functions get the index
// of their operation, counted separately.
func Interleaved(b *testing.B, chunk int, name string, baseline, subject func(i int)) {
	b.ReportAllocs()
	var base, subj time.Duration
	baseOps := 0
	b.ResetTimer()
	for done := 0; done < b.N; done += chunk {
		if base <= subj {
			b.StopTimer()
			start := time.Now()
			for i := range chunk {
				baseline(baseOps + i)
			}
			base += time.Since(start)
			baseOps += chunk
			b.StartTimer()
		}
		end := min(done+chunk, b.N)
		start := time.Now()
		for i := done; i < end; i++ {
			subject(i)
		}
		subj += time.Since(start)
	}
	baseNs := float64(base.Nanoseconds()) / float64(baseOps)
	b.ReportMetric(baseNs, name+"-ns/op")
	b.ReportMetric(float64(subj.Nanoseconds())/float64(b.N)/baseNs, "x-"+name)
}
