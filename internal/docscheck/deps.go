//go:build docsnippets

package docscheck

// The packages that the documentation's snippets import. The snippets are
// generated under testdata, which go mod tidy does not read; these imports
// keep their modules in go.mod. The build tag keeps them out of builds.
import (
	_ "github.com/alexedwards/scs/v2"
	_ "github.com/gin-gonic/gin"
	_ "github.com/go-chi/chi/v5"
	_ "github.com/labstack/echo/v4"
	_ "github.com/prometheus/client_golang/prometheus/promhttp"
	_ "github.com/redis/go-redis/v9"
	_ "github.com/supportsso/jwtsso/jwtssootel"
	_ "github.com/supportsso/jwtsso/redisstore"
	_ "go.opentelemetry.io/contrib/instrumentation/net/http/otelhttp"
	_ "go.opentelemetry.io/otel/exporters/otlp/otlpmetric/otlpmetrichttp"
	_ "go.opentelemetry.io/otel/exporters/otlp/otlptrace/otlptracehttp"
	_ "go.opentelemetry.io/otel/exporters/prometheus"
	_ "go.opentelemetry.io/otel/sdk/metric"
	_ "go.opentelemetry.io/otel/sdk/trace"
)
