// Package jsonkeys finds the object member names that encoding/json reads
// ambiguously: a name repeated in one object (encoding/json keeps the last
// value, or merges repeated objects), and a name that is a field's name in
// another case ("Principal", "ſource" with a long s: encoding/json folds
// case and takes it for the field). A bank's system that writes either has
// a bug; a ledger must refuse such input rather than guess which value was
// meant. It is pure: the standard library only.
package jsonkeys

import (
	"bytes"
	"encoding"
	"encoding/json"
	"fmt"
	"reflect"
	"strings"
	"sync"
)

// Problem is one ambiguous member name.
type Problem struct {
	Path  string // the object's path: "" at the top level, "data", "programs[3].rule"
	Key   string // the name as written
	Field string // the field it stands for in another case; "" for a repeated name
}

func (p *Problem) Error() string {
	where := "the top-level object"
	if p.Path != "" {
		where = p.Path
	}
	if p.Field == "" {
		return fmt.Sprintf("%s has the member %q more than once", where, p.Key)
	}
	return fmt.Sprintf("%s has the member %q: the field is spelt %q", where, p.Key, p.Field)
}

// Member returns the problem's member with its path, as "data.principal".
func (p *Problem) Member() string {
	if p.Path == "" {
		return p.Key
	}
	return p.Path + "." + p.Key
}

// Check walks doc, the JSON that encoding/json decodes into a value of type
// t (nil: no type, only repeated names are found), and returns the first
// ambiguous member name, or nil. doc that is not one valid JSON value gives
// nil: the decoder's own error says more. Not looked into: the value of a
// member no field takes (the decoder ignores it), and values whose type
// decodes itself (json.Unmarshaler, such as json.RawMessage, which whoever
// decodes it later checks with its own type).
func Check(doc []byte, t reflect.Type) *Problem {
	w := walker{}
	return w.run(doc, t)
}

// Find is Check for a caller that refuses a problem of the top-level object
// at one stage and one inside a member at another: in one walk, the first
// ambiguous member of the top-level object, and the first one inside a
// member (nil for none).
func Find(doc []byte, t reflect.Type) (top, nested *Problem) {
	w := walker{split: true}
	top = w.run(doc, t)
	return top, w.nested
}

func (w *walker) run(doc []byte, t reflect.Type) *Problem {
	if !json.Valid(doc) {
		return nil
	}
	w.dec = json.NewDecoder(bytes.NewReader(doc))
	w.dec.UseNumber()
	p, _ := w.walk(t, "")
	return p
}

var (
	unmarshaler     = reflect.TypeOf((*json.Unmarshaler)(nil)).Elem()
	textUnmarshaler = reflect.TypeOf((*encoding.TextUnmarshaler)(nil)).Elem()
)

// opaque reports whether values of t decode themselves: encoding/json
// hands them their bytes whole, so their members are theirs to judge.
func opaque(t reflect.Type) bool {
	if t == nil {
		return false
	}
	p := reflect.PointerTo(t)
	return t.Implements(unmarshaler) || p.Implements(unmarshaler) || t.Implements(textUnmarshaler) || p.Implements(textUnmarshaler)
}

type walker struct {
	dec *json.Decoder
	// split: a problem inside a member is kept in nested (the first one)
	// and the walk goes on; only one of the top-level object stops it.
	split  bool
	nested *Problem
}

// stops records p and reports whether the walk ends with it.
func (w *walker) stops(p *Problem) bool {
	if !w.split || p.Path == "" {
		return true
	}
	if w.nested == nil {
		w.nested = p
	}
	return false
}

// walk reads one value of type t; the error is a syntax error.
func (w *walker) walk(t reflect.Type, path string) (*Problem, error) {
	dec := w.dec
	if (path != "" && t == nil) || opaque(t) {
		// Not looked into: a member no field takes (ignored by the
		// decoder); a value its type decodes itself (json.Unmarshaler, a
		// json.RawMessage read later).
		var skip json.RawMessage
		return nil, dec.Decode(&skip)
	}
	tok, err := dec.Token()
	if err != nil {
		return nil, err
	}
	t = deref(t)
	switch tok {
	case json.Delim('{'):
		fields := fieldsOf(t)
		seen := map[string]bool{}
		for dec.More() {
			keyTok, err := dec.Token()
			if err != nil {
				return nil, err
			}
			key, _ := keyTok.(string)
			if seen[key] {
				if p := (&Problem{Path: path, Key: key}); w.stops(p) {
					return p, nil
				}
			}
			seen[key] = true
			var child reflect.Type
			if t != nil && t.Kind() == reflect.Map {
				child = t.Elem()
			} else if f, ok := fields.lookup(key); ok {
				if p := (&Problem{Path: path, Key: key, Field: f.name}); f.name != key && w.stops(p) {
					return p, nil
				}
				child = f.typ
			}
			if p, err := w.walk(child, join(path, key)); p != nil || err != nil {
				return p, err
			}
		}
		_, err := dec.Token() // '}'
		return nil, err
	case json.Delim('['):
		var elem reflect.Type
		if t != nil && (t.Kind() == reflect.Slice || t.Kind() == reflect.Array) {
			elem = t.Elem()
		}
		for i := 0; dec.More(); i++ {
			if p, err := w.walk(elem, fmt.Sprintf("%s[%d]", path, i)); p != nil || err != nil {
				return p, err
			}
		}
		_, err := dec.Token() // ']'
		return nil, err
	}
	return nil, nil
}

func join(path, key string) string {
	if path == "" {
		return key
	}
	return path + "." + key
}

func deref(t reflect.Type) reflect.Type {
	for t != nil && t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	return t
}

type field struct {
	name string
	typ  reflect.Type
}

// fields are a struct's JSON field names, as encoding/json sees them.
type fields []field

// lookup finds the field that encoding/json decodes key into: its exact
// name, else one equal under Unicode case folding.
func (fs fields) lookup(key string) (field, bool) {
	for _, f := range fs {
		if f.name == key {
			return f, true
		}
	}
	for _, f := range fs {
		if strings.EqualFold(f.name, key) {
			return f, true
		}
	}
	return field{}, false
}

var fieldCache sync.Map // reflect.Type → fields

// fieldsOf lists a struct's JSON fields, embedded structs' promoted
// (nil for other types).
func fieldsOf(t reflect.Type) fields {
	if t == nil || t.Kind() != reflect.Struct {
		return nil
	}
	if fs, ok := fieldCache.Load(t); ok {
		return fs.(fields)
	}
	var fs fields
	for i := 0; i < t.NumField(); i++ {
		sf := t.Field(i)
		tag := sf.Tag.Get("json")
		if tag == "-" {
			continue
		}
		name, _, _ := strings.Cut(tag, ",")
		if sf.Anonymous && name == "" {
			fs = append(fs, fieldsOf(deref(sf.Type))...)
			continue
		}
		if !sf.IsExported() {
			continue
		}
		if name == "" {
			name = sf.Name
		}
		fs = append(fs, field{name: name, typ: sf.Type})
	}
	fieldCache.Store(t, fs)
	return fs
}
