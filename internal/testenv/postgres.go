package testenv

import (
	"fmt"
	"testing"
)

// PostgresEnv names the PostgreSQL server of the tests, as a URL:
// postgres://user:password@host:port/database?sslmode=disable. Its role
// must be allowed to create databases or schemas in that database.
const PostgresEnv = "WHOSAID_POSTGRES"

// Postgres returns the connection URL of the tests' PostgreSQL server,
// $WHOSAID_POSTGRES. When it is unset the test is skipped, or fails when
// [Required].
func Postgres(tb testing.TB) string {
	tb.Helper()
	e := osEnv()
	dsn, err := e.postgres()
	return e.check(tb, dsn, err)
}

func (e env) postgres() (string, error) {
	if dsn := e.getenv(PostgresEnv); dsn != "" {
		return dsn, nil
	}
	return "", fmt.Errorf("testenv: no PostgreSQL server: %s is unset; start one and set it, e.g. %s=postgres://whosaid:whosaid@127.0.0.1:5432/whosaid?sslmode=disable",
		PostgresEnv, PostgresEnv)
}
