package api

import (
	"embed"
	"io/fs"
	"net/http"
	"strings"

	"github.com/gorilla/mux"
)

// The web console: plain HTML, CSS and JavaScript embedded in the binary,
// no CDN and no build step. It talks to /v1 with the token the user signs
// in with (kept in sessionStorage).
//
//go:embed console
var consoleFiles embed.FS

// consoleCSP allows the console's own files only: no inline script, no
// other origin. Charts are SVG built through the DOM.
const consoleCSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; " +
	"connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"

func (s *server) consoleRoutes(r *mux.Router) {
	assets, err := fs.Sub(consoleFiles, "console")
	if err != nil {
		panic("api: console files: " + err.Error()) // embedded: cannot fail
	}
	index, err := fs.ReadFile(assets, "index.html")
	if err != nil {
		panic("api: console index: " + err.Error())
	}
	files := http.StripPrefix("/assets/", http.FileServer(http.FS(assets)))
	r.HandleFunc("/", func(w http.ResponseWriter, _ *http.Request) {
		h := w.Header()
		h.Set("Content-Type", "text/html; charset=utf-8")
		h.Set("Content-Security-Policy", consoleCSP)
		h.Set("Cache-Control", "no-cache")
		_, _ = w.Write(index)
	}).Methods(http.MethodGet, http.MethodHead)
	r.PathPrefix("/assets/").Handler(http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		if strings.HasSuffix(req.URL.Path, "/") {
			writeError(w, errorf(CodeNotFound, "no file %s", req.URL.Path)) // no directory listings
			return
		}
		w.Header().Set("Content-Security-Policy", consoleCSP)
		w.Header().Set("Cache-Control", "no-cache")
		files.ServeHTTP(w, req)
	})).Methods(http.MethodGet, http.MethodHead)
}
