package testutil

import (
	"slices"
	"testing"
)

func TestSentinelReason(t *testing.T) {
	tests := map[string]string{
		"ErrEmailUnverified":        "email_unverified",
		"ErrResolver":               "resolver",
		"ErrNotNavigation":          "not_navigation",
		"ErrTokenTooLarge":          "token_too_large",
		"ErrInvalidSupportURL":      "invalid_support_url",
		"ErrURLTooLong":             "url_too_long",
		"ErrReplayStoreUnavailable": "replay_store_unavailable",
	}
	for name, want := range tests {
		t.Run(name, func(t *testing.T) {
			if got := SentinelReason(name); got != want {
				t.Errorf("SentinelReason(%q) = %q, want %q", name, got, want)
			}
		})
	}
}

func TestExportedSentinels(t *testing.T) {
	names := ExportedSentinels(t, "../..")
	for _, want := range []string{"ErrInvalidConfig", "ErrEmailUnverified", "ErrLogout"} {
		if !slices.Contains(names, want) {
			t.Errorf("%s not found in %v", want, names)
		}
	}
}
