package api

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"mime"
	"net/http"
	"reflect"
	"strconv"

	"github.com/techcredit/techcredit/internal/jsonkeys"
	"github.com/techcredit/techcredit/ledger/readmodel"
)

// readBody reads a whole request body up to Config.BodyBytesMax; a larger
// one is 413 body_too_large.
func (s *server) readBody(w http.ResponseWriter, r *http.Request) ([]byte, error) {
	b, err := io.ReadAll(http.MaxBytesReader(w, r.Body, s.cfg.BodyBytesMax))
	var tooLarge *http.MaxBytesError
	switch {
	case errors.As(err, &tooLarge):
		return nil, errorf(CodeBodyTooLarge, "the body is larger than %d bytes", tooLarge.Limit)
	case err != nil:
		return nil, unavailable(r.Context(), "reading the body", err)
	}
	return b, nil
}

// mediaType is the request's Content-Type without parameters; "" when
// there is none.
func mediaType(r *http.Request) (string, error) {
	ct := r.Header.Get("Content-Type")
	if ct == "" {
		return "", nil
	}
	mt, _, err := mime.ParseMediaType(ct)
	if err != nil {
		return "", errorf(CodeBadRequest, "Content-Type %q: %v", ct, err)
	}
	return mt, nil
}

// decodeBody decodes a JSON body strictly into v: one JSON value, no
// unknown fields, no member repeated and none differing from a field's name
// only in case (SPEC §9: read as strictly as inputs, since encoding/json
// would keep the last of two "amount"s, or take "Amount" for it), at most
// Config.BodyBytesMax bytes. An empty body is allowed only when allowEmpty
// (v keeps its zero value).
func (s *server) decodeBody(w http.ResponseWriter, r *http.Request, v any, allowEmpty bool) error {
	if mt, err := mediaType(r); err != nil {
		return err
	} else if mt != "" && mt != "application/json" {
		return errorf(CodeBadRequest, "Content-Type must be application/json, not %s", mt)
	}
	b, err := s.readBody(w, r)
	if err != nil {
		return err
	}
	if len(bytes.TrimSpace(b)) == 0 {
		if allowEmpty {
			return nil
		}
		return errorf(CodeBadRequest, "a JSON body is required")
	}
	if p := jsonkeys.Check(b, reflect.TypeOf(v)); p != nil {
		return errorf(CodeBadRequest, "body: %v", p)
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return errorf(CodeBadRequest, "body: %v", err)
	}
	if err := dec.Decode(&struct{}{}); err != io.EOF {
		return errorf(CodeBadRequest, "body: exactly one JSON value is allowed")
	}
	return nil
}

// page is the cursor of a list: the documents after the id After, at most
// Limit of them.
type page struct {
	After string
	Limit int
}

// pageOf reads ?after=&limit=. The limit defaults to DefaultPageLimit and
// is capped at readmodel.ListLimitMax.
func pageOf(r *http.Request) (page, error) {
	q := r.URL.Query()
	p := page{After: q.Get("after"), Limit: DefaultPageLimit}
	if len(p.After) > cursorBytesMax {
		return p, errorf(CodeBadRequest, "after is longer than %d bytes", cursorBytesMax)
	}
	if v := q.Get("limit"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 {
			return p, errorf(CodeBadRequest, "limit %q must be a whole number from 1 to %d", v, readmodel.ListLimitMax)
		}
		p.Limit = min(n, readmodel.ListLimitMax)
	}
	return p, nil
}

// nextAfter is the cursor of the next page: the last id when the page is
// full (there may be more), nil when the list has ended.
func nextAfter[T any](docs []T, limit int, id func(*T) string) *string {
	if len(docs) == 0 || len(docs) < limit {
		return nil
	}
	last := id(&docs[len(docs)-1])
	return &last
}

// filterPages reads a list page by page from the read model and keeps the
// documents keep accepts, until limit of them (every one when limit is
// negative) or the end of the list: the pipeline statistics aggregate a
// whole filtered list this way, one page under the read model's lock at a
// time.
func filterPages[T any](r *http.Request, p page, fetch func(after string) ([]T, error), id func(*T) string, keep func(*T) bool) ([]T, error) {
	out := []T{}
	after := p.After
	for {
		if err := r.Context().Err(); err != nil {
			return nil, unavailable(r.Context(), "reading the read model", err)
		}
		docs, err := fetch(after)
		if err != nil {
			return nil, unavailable(r.Context(), "reading the read model", err)
		}
		for i := range docs {
			if keep(&docs[i]) {
				out = append(out, docs[i])
				if len(out) == p.Limit {
					return out, nil
				}
			}
		}
		if len(docs) < readmodel.ListLimitMax {
			return out, nil
		}
		after = id(&docs[len(docs)-1])
	}
}
