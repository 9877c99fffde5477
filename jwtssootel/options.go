package jwtssootel

import "go.opentelemetry.io/otel/metric"

// Option configures an [Observer] built by [New].
type Option func(*config)

type config struct {
	meterProvider metric.MeterProvider
}

// WithMeterProvider sets the meter provider the Observer records to. A nil
// provider is ignored, as in OpenTelemetry's own instrumentation libraries.
// Default: the global meter provider, otel.GetMeterProvider().
func WithMeterProvider(mp metric.MeterProvider) Option {
	return func(c *config) {
		if mp != nil {
			c.meterProvider = mp
		}
	}
}
