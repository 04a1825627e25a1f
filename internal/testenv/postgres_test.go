package testenv

import (
	"strings"
	"testing"
)

func TestPostgres(t *testing.T) {
	tests := []struct {
		vars    map[string]string
		want    string
		wantErr string
	}{
		{map[string]string{PostgresEnv: "postgres://u:p@h/db"}, "postgres://u:p@h/db", ""},
		{nil, "", "WHOSAID_POSTGRES is unset"},
		{map[string]string{CIEnv: "true"}, "", "WHOSAID_POSTGRES is unset"},
	}
	for _, tt := range tests {
		got, err := fakeEnv(tt.vars, "/").postgres()
		if got != tt.want || (err == nil) != (tt.wantErr == "") || (err != nil && !strings.Contains(err.Error(), tt.wantErr)) {
			t.Errorf("postgres() with %v = %q, %v; want %q, an error containing %q", tt.vars, got, err, tt.want, tt.wantErr)
		}
	}
}
