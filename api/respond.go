package api

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"net/http"
	"strconv"
	"strings"
)

// writeJSON answers with a JSON document, HTML characters unescaped (the
// console inserts text, never markup). A 200 to a GET or HEAD of /v1 (w
// wrapped by conditional) carries a strong ETag, the hash of the body, and
// is answered 304 Not Modified without a body when the request's
// If-None-Match names it: the console polls its lists that way.
func writeJSON(w http.ResponseWriter, status int, v any) {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		// Every document is built from plain types: a failure is a bug.
		panic("api: encode response: " + err.Error())
	}
	h := w.Header()
	if c, ok := w.(*conditionalWriter); ok && status == http.StatusOK {
		tag := etagOf(b.Bytes())
		h.Set("ETag", tag)
		if etagMatches(c.ifNoneMatch, tag) {
			w.WriteHeader(http.StatusNotModified)
			return
		}
	}
	h.Set("Content-Type", "application/json; charset=utf-8")
	h.Set("Content-Length", strconv.Itoa(b.Len()))
	w.WriteHeader(status)
	_, _ = w.Write(b.Bytes())
}

// conditionalWriter carries a GET or HEAD request's If-None-Match to
// writeJSON.
type conditionalWriter struct {
	http.ResponseWriter
	ifNoneMatch string
}

func (w *conditionalWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// conditional wraps w for a GET or HEAD so that writeJSON tags its answer
// and honours If-None-Match; other methods get w as it is.
func conditional(w http.ResponseWriter, r *http.Request) http.ResponseWriter {
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		return w
	}
	return &conditionalWriter{ResponseWriter: w, ifNoneMatch: r.Header.Get("If-None-Match")}
}

// etagOf is a strong entity tag of a body: 32 hex digits of its SHA-256.
func etagOf(body []byte) string {
	sum := sha256.Sum256(body)
	return `"` + hex.EncodeToString(sum[:16]) + `"`
}

// etagMatches applies If-None-Match (RFC 9110 §13.1.2): "*", or a list of
// entity tags compared weakly (a W/ prefix is ignored).
func etagMatches(header, tag string) bool {
	for _, t := range strings.Split(header, ",") {
		t = strings.TrimSpace(t)
		if t == "*" || strings.TrimPrefix(t, "W/") == tag {
			return true
		}
	}
	return false
}
