package main

import (
	"net/http"
	"testing"

	"github.com/supportsso/jwtsso/examples/internal/demotest"
)

func TestRouter(t *testing.T) { demotest.Run(t, newRouter) }

// TestOtherMethods: methods other than GET on the Remote Login URL never
// get a token.
func TestOtherMethods(t *testing.T) { demotest.OtherMethods(t, newRouter, http.StatusMethodNotAllowed) }
