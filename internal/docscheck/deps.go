//go:build docsnippets

package docscheck

// The packages that the documentation's snippets import. The snippets are
// generated under testdata, which go mod tidy does not read; these imports
// keep their modules in go.mod. The build tag keeps them out of builds.
import (
	_ "github.com/gin-gonic/gin"
	_ "github.com/go-chi/chi/v5"
	_ "github.com/labstack/echo/v4"
	_ "github.com/redis/go-redis/v9"
	_ "github.com/supportsso/jwtsso/redisstore"
)
