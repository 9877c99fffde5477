// Package loadtest measures the guarded SSO endpoint of jwtsso under load
// against a bare endpoint that puts the same response on the wire, with the
// server and the load generator in separate processes, each pinned to its
// own CPU, so that the figures describe the server and not the client.
//
// The server side is [Server] (run by cmd/loadserver): the real
// jwtsso.Handler behind its Middleware on [SSOPath], and on [BarePath] a
// handler that writes the header set of a real SSO response, captured at
// start-up, with a Location of the same length, a 302 and no body. It
// records the jti of every token it mints, outside the Go heap, and reports
// its own CPU time and counters on [StatsPath] and the jti check on
// [JTIPath].
//
// The driver side is [Measure] (run by cmd/loadtest): it starts the server
// binary under taskset on one CPU, checks both endpoints once with a Go
// client ([Probe]), then runs wrk under taskset on another CPU against the
// two endpoints in turn, several rounds, alternating the order, and reads
// the server's CPU time before and after each run. wrk is given a Lua script
// with only a done() hook, which wrk calls once at the end, so the script
// adds no work per request.
//
// The package needs Linux (taskset, getrusage, an anonymous mmap) and wrk;
// the Server alone runs anywhere Go's syscall package offers Mmap and
// Getrusage.
package loadtest
