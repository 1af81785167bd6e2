package jsonkeys

import (
	"encoding/json"
	"reflect"
	"testing"
)

type borrower struct {
	ID   string `json:"id"`
	Size string `json:"size"`
}

type data struct {
	Loan      string            `json:"loan"`
	Principal string            `json:"principal"`
	Borrower  *borrower         `json:"borrower"`
	Tags      map[string]string `json:"tags"`
	Items     []borrower        `json:"items"`
	Amount    amount            `json:"amount"`
}

// amount decodes itself, as ledger.Amount does.
type amount struct{ Value string }

func (a *amount) UnmarshalJSON(b []byte) error { a.Value = string(b); return nil }

type base struct {
	At string `json:"at"`
}

type input struct {
	base
	ID     string          `json:"id"`
	Source string          `json:"source"`
	Data   *data           `json:"data"`
	Raw    json.RawMessage `json:"raw"`
	Hidden string          `json:"-"`
}

func TestCheck(t *testing.T) {
	typ := reflect.TypeOf(input{})
	for _, c := range []struct {
		doc, want string
	}{
		{`{"id":"a","source":"bank:b","at":"x","data":{"loan":"L","principal":"1.00","borrower":{"id":"e","size":"small"}}}`, ""},
		{`{"id":"a","id":"b"}`, `the top-level object has the member "id" more than once`},
		{`{"ID":"a"}`, `the top-level object has the member "ID": the field is spelt "id"`},
		{`{"AT":"a"}`, `the top-level object has the member "AT": the field is spelt "at"`},
		{"{\"\u017fource\":\"bank:b\"}", "the top-level object has the member \"\u017fource\": the field is spelt \"source\""},
		{`{"data":{"principal":"1.00","Principal":"9.00"}}`, `data has the member "Principal": the field is spelt "principal"`},
		{`{"data":{"principal":"1.00","principal":"9.00"}}`, `data has the member "principal" more than once`},
		{`{"data":{"borrower":{"size":"small","Size":"large"}}}`, `data.borrower has the member "Size": the field is spelt "size"`},
		{`{"data":{"items":[{"id":"1"},{"id":"2","id":"3"}]}}`, `data.items[1] has the member "id" more than once`},
		{`{"data":{"tags":{"A":"1","a":"2"}}}`, ""}, // map keys are data, not fields
		{`{"data":{"tags":{"a":"1","a":"2"}}}`, `data.tags has the member "a" more than once`},
		{`{"raw":{"x":1,"x":2}}`, ""}, // checked by whoever decodes it
		{`{"raw":{"X":1,"x":2}}`, ""},
		{`{"unknown":{"Id":1},"other":[{"k":1,"k":2}]}`, ""},  // members no field takes are ignored
		{`{"data":{"amount":{"value":"1","value":"2"}}}`, ""}, // a type that decodes itself judges its bytes
		{`{"data":{"amount":"1","Amount":"2"}}`, `data has the member "Amount": the field is spelt "amount"`},
		{`{"id":"a","id":`, ""},       // not JSON: the decoder's error
		{`{"id":"a","id":"b"} x`, ""}, // not one JSON value
	} {
		got := ""
		if p := Check([]byte(c.doc), typ); p != nil {
			got = p.Error()
		}
		if got != c.want {
			t.Errorf("Check(%s):\n got %q\nwant %q", c.doc, got, c.want)
		}
	}
	top := `{"data":{"loan":"x","loan":"y"},"id":"a","Id":"b"}`
	if p, nested := Find([]byte(top), typ); p == nil || p.Member() != "Id" || nested == nil || nested.Member() != "data.loan" {
		t.Errorf("Find(%s): got %v and %v, want Id and data.loan", top, p, nested)
	}
	if p, nested := Find([]byte(`{"data":{"loan":"x","loan":"y","Loan":"z"},"id":"a"}`), typ); p != nil || nested == nil || nested.Member() != "data.loan" {
		t.Errorf("Find: got %v and %v, want no top-level problem and the first inside data", p, nested)
	}
	if p := Check([]byte(top), typ); p == nil || p.Member() != "data.loan" {
		t.Errorf("Check(%s): got %v, want data.loan first", top, p)
	}
	if p := Check([]byte(`{"a":1,"a":2,"b":{"c":1,"c":2}}`), nil); p == nil || p.Member() != "a" {
		t.Errorf("Check without a type: got %v, want the repeated a", p)
	}
	if p := Check([]byte(`{"data":{"loan":"x","Loan":"y"}}`), typ); p == nil || p.Member() != "data.Loan" {
		t.Errorf("Member: got %v, want data.Loan", p)
	}
}

// TestCheckAgreesWithEncodingJSON: every name Check calls a case variant is
// one encoding/json does take for the field.
func TestCheckAgreesWithEncodingJSON(t *testing.T) {
	for _, key := range []string{"ID", "Id", "iD", "SOURCE", "\u017fource", "At"} {
		doc := []byte(`{"` + key + `":"v"}`)
		var in input
		if err := json.Unmarshal(doc, &in); err != nil {
			t.Fatal(err)
		}
		if in.ID != "v" && in.Source != "v" && in.At != "v" {
			t.Errorf("encoding/json did not take %q for a field", key)
		}
		if p := Check(doc, reflect.TypeOf(in)); p == nil || p.Field == "" {
			t.Errorf("Check(%s): got %v, want a case variant", doc, p)
		}
	}
}
