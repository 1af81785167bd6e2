// Package api is the HTTP face of techcredit (SPEC §9): bearer-token
// authentication against a tokens file of SHA-256 hashes, the /v1 routes
// on gorilla/mux, the OpenAPI document and the web console, served by one
// http.Handler built with New; the Prometheus metrics are a second handler
// (NewHandlers), for an operations listener.
//
// The package writes through a Submitter (the single writer, stream.Runner)
// and reads from Views (the read model, readmodel.Memory or a Redis
// one); it never touches the engine. Every error leaves as
// {"error":{"code","message"}} with the status of one table (errors.go).
package api
