package jwtssootel

import (
	"context"
	"sync"
	"sync/atomic"

	"go.opentelemetry.io/otel"
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/metric"
	"go.opentelemetry.io/otel/trace"

	"github.com/supportsso/jwtsso"
	"github.com/supportsso/jwtsso/verify"
)

// ScopeName is the instrumentation scope (the meter's name) of the metrics
// an Observer records.
const ScopeName = "github.com/supportsso/jwtsso/jwtssootel"

// The names of the metrics, the span events and their attributes; doc.go
// describes each.
const (
	MetricRequests            = "jwtsso.requests"
	MetricTokensMinted        = "jwtsso.tokens.minted"
	MetricVerifications       = "jwtsso.verifications"
	MetricReplayStoreDuration = "jwtsso.replay_store.duration"

	EventRequest      = "jwtsso.request"
	EventVerification = "jwtsso.verification"

	AttrOutcome             = attribute.Key("jwtsso.outcome")
	AttrReason              = attribute.Key("jwtsso.reason")
	AttrJTI                 = attribute.Key("jwtsso.jti")
	AttrReplayStoreDuration = attribute.Key("jwtsso.replay_store.duration")
)

// replayStoreBuckets are the histogram's bucket boundaries, in seconds:
// from 50 µs (an in-process store) to 2.5 s (a store near its timeout).
var replayStoreBuckets = []float64{
	0.00005, 0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5,
}

// Observer turns the events of a [jwtsso.Handler] and of a
// [verify.Verifier] into OpenTelemetry metrics and span events. It
// implements both [jwtsso.Observer] and [verify.Observer], so one Observer
// can serve a Handler and a Verifier in the same process.
//
// An Observer is safe for concurrent use and immutable after [New]. Its
// methods do not block: they add to counters and a histogram and, when the
// request's span is recording, add one event to it.
type Observer struct {
	requests      metric.Int64Counter
	minted        metric.Int64Counter
	verifications metric.Int64Counter
	storeDuration metric.Float64Histogram
	sets          setCache
}

var (
	_ jwtsso.Observer = (*Observer)(nil)
	_ verify.Observer = (*Observer)(nil)
)

// New returns an Observer that records to the meter provider set with
// [WithMeterProvider], by default the global one (otel.GetMeterProvider()
// at the time of the call; a global provider set later is used too, as the
// global provider delegates to it).
//
// New does not fail: an instrument the meter provider refuses is reported
// to otel.Handle, the global error handler, and records nothing, the way
// OpenTelemetry's own instrumentation libraries behave.
func New(opts ...Option) *Observer {
	c := config{meterProvider: otel.GetMeterProvider()}
	for _, opt := range opts {
		if opt != nil {
			opt(&c)
		}
	}
	m := c.meterProvider.Meter(ScopeName)
	o := &Observer{}
	var err error
	if o.requests, err = m.Int64Counter(MetricRequests, metric.WithUnit("{request}"),
		metric.WithDescription("Requests to the Remote Login and Remote Logout URLs, and RedirectURL calls, by outcome.")); err != nil {
		otel.Handle(err)
	}
	if o.minted, err = m.Int64Counter(MetricTokensMinted, metric.WithUnit("{token}"),
		metric.WithDescription("Tokens minted for the support centre.")); err != nil {
		otel.Handle(err)
	}
	if o.verifications, err = m.Int64Counter(MetricVerifications, metric.WithUnit("{verification}"),
		metric.WithDescription("Tokens verified, by outcome.")); err != nil {
		otel.Handle(err)
	}
	if o.storeDuration, err = m.Float64Histogram(MetricReplayStoreDuration, metric.WithUnit("s"),
		metric.WithDescription("Time the replay store took to record a token's jti."),
		metric.WithExplicitBucketBoundaries(replayStoreBuckets...)); err != nil {
		otel.Handle(err)
	}
	return o
}

// ObserveIssuer records e, an outcome of a jwtsso.Handler: one count on
// jwtsso.requests, one on jwtsso.tokens.minted for a token minted, and an
// event on the span in ctx if it is recording.
func (o *Observer) ObserveIssuer(ctx context.Context, e jwtsso.Event) {
	opt := o.sets.option(e.Outcome.String(), e.Reason)
	if o.requests != nil {
		o.requests.Add(ctx, 1, opt)
	}
	if e.Outcome == jwtsso.OutcomeMinted && o.minted != nil {
		o.minted.Add(ctx, 1)
	}
	if span := trace.SpanFromContext(ctx); span.IsRecording() {
		span.AddEvent(EventRequest, trace.WithAttributes(eventAttrs(e.Outcome.String(), e.Reason, e.JTI)...))
	}
}

// ObserveVerifier records e, the outcome of a verify.Verifier's Verify
// call: one count on jwtsso.verifications, the replay store's time on
// jwtsso.replay_store.duration when the store was asked, and an event on
// the span in ctx if it is recording.
func (o *Observer) ObserveVerifier(ctx context.Context, e verify.Event) {
	opt := o.sets.option(e.Outcome.String(), e.Reason)
	if o.verifications != nil {
		o.verifications.Add(ctx, 1, opt)
	}
	if e.StoreCalled && o.storeDuration != nil {
		o.storeDuration.Record(ctx, e.StoreDuration.Seconds(), opt)
	}
	if span := trace.SpanFromContext(ctx); span.IsRecording() {
		attrs := eventAttrs(e.Outcome.String(), e.Reason, e.JTI)
		if e.StoreCalled {
			attrs = append(attrs, AttrReplayStoreDuration.Float64(e.StoreDuration.Seconds()))
		}
		span.AddEvent(EventVerification, trace.WithAttributes(attrs...))
	}
}

// eventAttrs returns a span event's attributes: the outcome, and the
// reason and jti when they are set.
func eventAttrs(outcome, reason, jti string) []attribute.KeyValue {
	attrs := make([]attribute.KeyValue, 1, 4)
	attrs[0] = AttrOutcome.String(outcome)
	if reason != "" {
		attrs = append(attrs, AttrReason.String(reason))
	}
	if jti != "" {
		attrs = append(attrs, AttrJTI.String(jti))
	}
	return attrs
}

// setCache holds one measurement option per (outcome, reason) pair, so a
// measurement allocates nothing once its pair has been seen. The packages'
// outcomes and reasons are few; should a caller invent more, the cache
// stops growing at maxCachedSets and builds the option each time.
type setCache struct {
	m sync.Map // setKey → metric.MeasurementOption
	n atomic.Int32
}

type setKey struct{ outcome, reason string }

const maxCachedSets = 128

func (c *setCache) option(outcome, reason string) metric.MeasurementOption {
	k := setKey{outcome, reason}
	if v, ok := c.m.Load(k); ok {
		return v.(metric.MeasurementOption)
	}
	var set attribute.Set
	if reason == "" {
		set = attribute.NewSet(AttrOutcome.String(outcome))
	} else {
		set = attribute.NewSet(AttrOutcome.String(outcome), AttrReason.String(reason))
	}
	opt := metric.WithAttributeSet(set)
	if c.n.Load() < maxCachedSets {
		if _, loaded := c.m.LoadOrStore(k, opt); !loaded {
			c.n.Add(1)
		}
	}
	return opt
}
