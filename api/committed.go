package api

import (
	"context"
	"net/http"
)

// committedDoc reads the document that a journaled input changed, for the
// answer. The input is taken whatever the read model says, so a read model
// that fails (Redis down) or has not caught up must not turn the answer
// into a 503: a client would retry under a new key and fund twice (SPEC §9:
// 503 only ever means "not taken"). It answers the document, or nil and
// lag true; the failure is logged here, where it is handled.
func committedDoc[T any](s *server, r *http.Request, get func(context.Context, string) (T, bool, error), id string) (*T, bool) {
	doc, ok, err := get(r.Context(), id)
	if err != nil {
		s.cfg.Logger.Warn("read model failed after a journaled input; answering its outcome", "route", routeOf(r),
			"document", id, "err", err)
		return nil, true
	}
	if !ok {
		return nil, true
	}
	return &doc, false
}
