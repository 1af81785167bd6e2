// Package api is the HTTP face of techcredit (SPEC §9): bearer-token
// authentication against a tokens file of SHA-256 hashes, the /v1 routes
// on gorilla/mux, Prometheus metrics, the OpenAPI document and the web
// console, all served by one http.Handler built with New.
//
// The package writes through a Submitter (the single writer, stream.Runner)
// and reads from Views (the read model, readmodel.Memory or a Redis
// one); it never touches the engine. Every error leaves as
// {"error":{"code","message"}} with the status of one table (errors.go).
package api
