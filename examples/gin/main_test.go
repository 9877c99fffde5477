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
	"github.com/supportsso/jwtsso/internal/hostapp"
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
	app := hostapp.New(hostapp.Config{Users: demo.Users})
	sso, err := jwtsso.New(cfg.Key, app, cfg.SupportOption(),
		jwtsso.WithLoginURL("/signin", hostapp.ReturnParam))
	require.NoError(t, err)
	r := gin.New()
	r.POST("/signin", gin.WrapF(app.Signin))
	r.GET("/whoami", wrapMiddleware(sso.Middleware), func(c *gin.Context) {
		id, ok := jwtsso.FromContext(c.Request.Context())
		require.True(t, ok, "identity in the request context")
		c.String(http.StatusOK, id.Email)
	})

	tests := []struct {
		name    string
		session *http.Cookie
		want    int
		body    string
	}{
		{"signed in", demotest.SignIn(t, r, "ada@example.com"), http.StatusOK, "ada@example.com"},
		{"anonymous", nil, http.StatusFound, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := demotest.Do(t, r, demotest.Request{Method: http.MethodGet, Target: "/whoami", Session: tt.session})
			assert.Equal(t, tt.want, res.StatusCode)
			assert.Equal(t, tt.body, res.Body)
		})
	}
}
