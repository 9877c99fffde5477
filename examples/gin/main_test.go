package main

import (
	"net/http"
	"os"
	"testing"

	"github.com/gin-gonic/gin"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/supportsso/jwtsso"
	"github.com/supportsso/jwtsso/examples/internal/demo"
	"github.com/supportsso/jwtsso/examples/internal/demotest"
)

func TestMain(m *testing.M) {
	gin.SetMode(gin.TestMode) // no route listing on stdout
	os.Exit(m.Run())
}

func TestRouter(t *testing.T) { demotest.Run(t, newRouter) }

// TestOtherMethods: methods other than GET on the Remote Login URL never
// get a token.
func TestOtherMethods(t *testing.T) { demotest.OtherMethods(t, newRouter, http.StatusMethodNotAllowed) }

// TestWrapMiddleware checks the adapter on its own: the guard's identity
// reaches the next gin handler, and a request the guard answers itself
// stops the chain.
func TestWrapMiddleware(t *testing.T) {
	cfg := demotest.Config()
	sso, err := jwtsso.New(cfg.Key, demo.Resolver, cfg.SupportOption(),
		jwtsso.WithLoginURL("/login", demo.ReturnParam))
	require.NoError(t, err)
	r := gin.New()
	r.GET("/whoami", wrapMiddleware(sso.Middleware), func(c *gin.Context) {
		id, ok := jwtsso.FromContext(c.Request.Context())
		require.True(t, ok, "identity in the request context")
		c.String(http.StatusOK, id.Email)
	})

	tests := []struct {
		name, user string
		want       int
		body       string
	}{
		{"signed in", "ada", http.StatusOK, "ada@example.com"},
		{"anonymous", "", http.StatusFound, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := demotest.Do(t, r, demotest.Request{Method: http.MethodGet, Target: "/whoami", User: tt.user})
			assert.Equal(t, tt.want, res.StatusCode)
			assert.Equal(t, tt.body, res.Body)
		})
	}
}
