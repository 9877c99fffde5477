module github.com/supportsso/jwtsso/e2e

go 1.26

replace github.com/supportsso/jwtsso => ../

require github.com/supportsso/jwtsso v0.0.0-00010101000000-000000000000

require (
	github.com/golang-jwt/jwt/v5 v5.3.1 // indirect
	github.com/oklog/ulid/v2 v2.1.2 // indirect
)
