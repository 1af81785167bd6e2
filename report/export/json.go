package export

import (
	"bufio"
	"encoding/json"
	"io"
	"strconv"

	"github.com/techcredit/techcredit/report"
)

// WriteJSON writes {"kind","from","to","rows":[{key: value}]}: amounts and
// rates as strings (SPEC §3; an undefined rate is null), counts as
// integers. Rows are written as they come, never all held.
func WriteJSON(w io.Writer, t *report.Table) (int, error) {
	bw := bufio.NewWriter(w)
	head, _ := json.Marshal(struct {
		Kind string `json:"kind"`
		From string `json:"from"`
		To   string `json:"to"`
	}{t.Kind, t.From, t.To})
	bw.Write(head[:len(head)-1])
	bw.WriteString(`,"rows":[`)
	keys := make([][]byte, len(t.Columns))
	for i, c := range t.Columns {
		keys[i], _ = json.Marshal(c.Key)
	}
	n := 0
	var buf []byte
	for row := range t.Rows {
		buf = buf[:0]
		if n > 0 {
			buf = append(buf, ',')
		}
		buf = append(buf, '{')
		for i, c := range t.Columns {
			if i > 0 {
				buf = append(buf, ',')
			}
			buf = append(append(buf, keys[i]...), ':')
			buf = appendJSONValue(buf, c.Type, row[i])
		}
		buf = append(buf, '}')
		if _, err := bw.Write(buf); err != nil {
			return n, err
		}
		n++
	}
	bw.WriteString("]}\n")
	return n, bw.Flush()
}

func appendJSONValue(b []byte, typ report.Type, v string) []byte {
	switch {
	case typ == report.Count:
		if _, err := strconv.ParseInt(v, 10, 64); err == nil {
			return append(b, v...)
		}
	case typ == report.Rate && v == "":
		return append(b, "null"...)
	}
	q, _ := json.Marshal(v)
	return append(b, q...)
}
