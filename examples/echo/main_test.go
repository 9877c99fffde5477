package main

import (
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/supportsso/jwtsso/examples/internal/demotest"
)

func TestRouter(t *testing.T) { demotest.Run(t, newRouter) }

// TestOtherMethods checks what the router answers to methods other than
// GET on the Remote Login URL: never a token.
func TestOtherMethods(t *testing.T) {
	h := demotest.Router(t, newRouter)
	tests := []struct {
		method string
		want   int
	}{
		{http.MethodPost, http.StatusMethodNotAllowed},
		{http.MethodPut, http.StatusMethodNotAllowed},
		{http.MethodDelete, http.StatusMethodNotAllowed},
		{http.MethodHead, http.StatusMethodNotAllowed},
	}
	for _, tt := range tests {
		t.Run(tt.method, func(t *testing.T) {
			res := demotest.Do(t, h, demotest.Request{Method: tt.method, Target: "/sso/happyfox", User: "ada"})
			assert.Equal(t, tt.want, res.StatusCode)
			demotest.AssertNoToken(t, res)
		})
	}
}
