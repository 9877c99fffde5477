package main

import (
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"log"
)

// The environment variables that hold the cookie keys, as hex.
const (
	EnvAuthKey       = "SESSION_AUTH_KEY"
	EnvEncryptionKey = "SESSION_ENCRYPTION_KEY"
)

// cookieKeys are the cookie store's two keys.
type cookieKeys struct {
	// auth signs the cookie (HMAC-SHA256): 32 or 64 bytes.
	auth []byte
	// encrypt encrypts it (AES-256): 32 bytes.
	encrypt []byte
}

// check refuses keys of the wrong length, which securecookie would take
// without complaint (an authentication key of any length) or refuse only
// when the first cookie is written.
func (k cookieKeys) check() error {
	if n := len(k.auth); n != 32 && n != 64 {
		return fmt.Errorf("session authentication key is %d bytes; use 32 or 64", n)
	}
	if n := len(k.encrypt); n != 32 {
		return fmt.Errorf("session encryption key is %d bytes; use 32 (AES-256)", n)
	}
	return nil
}

// keysFromEnv reads the keys through getenv. With neither set it returns
// random keys; with one set it is an error. Errors never contain a key.
func keysFromEnv(getenv func(string) string) (cookieKeys, error) {
	a, e := getenv(EnvAuthKey), getenv(EnvEncryptionKey)
	switch {
	case a == "" && e == "":
		log.Printf("%s and %s are not set: random cookie keys, so sessions end when the program stops", EnvAuthKey, EnvEncryptionKey)
		return randomKeys(), nil
	case a == "" || e == "":
		return cookieKeys{}, errors.New("set both " + EnvAuthKey + " and " + EnvEncryptionKey + ", or neither")
	}
	var k cookieKeys
	var err1, err2 error
	k.auth, err1 = hex.DecodeString(a)
	k.encrypt, err2 = hex.DecodeString(e)
	if err1 != nil || err2 != nil {
		return cookieKeys{}, errors.New(EnvAuthKey + " and " + EnvEncryptionKey + " must be hex, such as the output of openssl rand -hex 32")
	}
	return k, k.check()
}

// randomKeys returns new keys from crypto/rand.
func randomKeys() cookieKeys {
	k := cookieKeys{auth: make([]byte, 64), encrypt: make([]byte, 32)}
	rand.Read(k.auth) // never fails: crypto/rand crashes the program instead
	rand.Read(k.encrypt)
	return k
}
