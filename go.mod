module github.com/supportsso/jwtsso

go 1.24.0

require (
	github.com/golang-jwt/jwt/v5 v5.3.1
	github.com/justinas/alice v1.2.0
	github.com/nlnwa/whatwg-url v0.6.2
	github.com/oklog/ulid/v2 v2.1.2
	github.com/stretchr/testify v1.12.1
	golang.org/x/net v0.50.0
)

require (
	github.com/bits-and-blooms/bitset v1.20.0 // indirect
	go.yaml.in/yaml/v3 v3.0.5 // indirect
	golang.org/x/text v0.34.0 // indirect
)
