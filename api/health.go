package api

import (
	_ "embed"
	"net/http"
	"strconv"
	"time"
)

//go:embed openapi.json
var openapiJSON []byte

// getHealthz answers 200 while the process serves HTTP.
func (s *server) getHealthz(w http.ResponseWriter, _ *http.Request) {
	writeJSON(w, http.StatusOK, map[string]string{"status": "ok"})
}

// getReadyz answers 200 once the engine has caught up with its journal,
// 503 not_ready before.
func (s *server) getReadyz(w http.ResponseWriter, _ *http.Request) {
	if !s.cfg.Ready() {
		writeError(w, errorf(CodeNotReady, "the engine is still replaying its journal"))
		return
	}
	writeJSON(w, http.StatusOK, map[string]string{"status": "ready"})
}

// getOpenAPI serves the OpenAPI 3 document of every endpoint.
func getOpenAPI(w http.ResponseWriter, _ *http.Request) {
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Content-Length", strconv.Itoa(len(openapiJSON)))
	_, _ = w.Write(openapiJSON)
}

type meResponse struct {
	Subject string `json:"subject"`
	Role    string `json:"role"`
	Name    string `json:"name"`
	// Now is the server's clock (Config.Now), RFC 3339: the console stamps
	// the `at` of the inputs it sends (a filing) by it, not by the
	// browser's clock, which may be a day off.
	Now string `json:"now"`
}

// getMe tells the caller who its token speaks for: the console uses it to
// sign in and to choose its views.
func (s *server) getMe(w http.ResponseWriter, _ *http.Request, sub Subject) error {
	writeJSON(w, http.StatusOK, meResponse{Subject: sub.String(), Role: sub.Role, Name: sub.Name,
		Now: s.cfg.Now().Format(time.RFC3339)})
	return nil
}
