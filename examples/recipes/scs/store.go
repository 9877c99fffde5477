package main

import (
	"database/sql"
	"fmt"
	"net/url"
	"time"

	"github.com/alexedwards/scs/sqlite3store"
	_ "modernc.org/sqlite" // the pure-Go SQLite driver, registered as "sqlite"
)

// schema is the table that sqlite3store expects, created on first run.
// expiry is a Julian day number, which the store compares with
// julianday('now').
const schema = `
CREATE TABLE IF NOT EXISTS sessions (
	token  TEXT PRIMARY KEY,
	data   BLOB NOT NULL,
	expiry REAL NOT NULL
);
CREATE INDEX IF NOT EXISTS sessions_expiry_idx ON sessions(expiry);`

// openStore opens (creating it if need be) the SQLite file at path and
// returns the scs store on it. sqlite3store takes any *sql.DB and uses only
// plain SQLite SQL, so it works with modernc.org/sqlite, a driver without
// cgo, although its own tests use mattn/go-sqlite3.
//
// The connection waits up to five seconds for a lock instead of failing
// with SQLITE_BUSY, and the write-ahead log lets readers run beside the
// one writer. cleanup is how often expired sessions are deleted; zero
// turns the background cleanup off.
func openStore(path string, cleanup time.Duration) (*sql.DB, *sqlite3store.SQLite3Store, error) {
	q := url.Values{"_pragma": {"busy_timeout(5000)", "journal_mode(WAL)"}}
	db, err := sql.Open("sqlite", "file:"+path+"?"+q.Encode())
	if err != nil {
		return nil, nil, fmt.Errorf("open session database: %w", err)
	}
	if _, err := db.Exec(schema); err != nil {
		db.Close()
		return nil, nil, fmt.Errorf("create session table in %s: %w", path, err)
	}
	return db, sqlite3store.NewWithCleanupInterval(db, cleanup), nil
}
