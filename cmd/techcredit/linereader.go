package main

import (
	"bufio"
	"bytes"
	"errors"
	"io"
)

// LineReader reads NDJSON lines of bounded length. Blank lines are skipped
// (they are not inputs). A line longer than the limit is not dropped: it is
// returned cut to limit+1 bytes, so that the engine rejects it as too large
// and it is counted like any other input.
type LineReader struct {
	r      *bufio.Reader
	limit  int
	buf    []byte
	number int
}

// NewLineReader reads lines of at most limit bytes from r.
func NewLineReader(r io.Reader, limit int) *LineReader {
	return &LineReader{r: bufio.NewReaderSize(r, 64<<10), limit: limit}
}

// Number is the 1-based line number of the line last returned.
func (l *LineReader) Number() int { return l.number }

// Next returns the next non-blank line, valid until the following call, or io.EOF.
func (l *LineReader) Next() ([]byte, error) {
	for {
		line, err := l.readLine()
		if err != nil {
			return nil, err
		}
		if len(bytes.TrimSpace(line)) > 0 {
			return line, nil
		}
	}
}

func (l *LineReader) readLine() ([]byte, error) {
	l.buf = l.buf[:0]
	for {
		chunk, err := l.r.ReadSlice('\n')
		if room := l.limit + 1 - len(l.buf); room > 0 {
			l.buf = append(l.buf, chunk[:min(len(chunk), room)]...)
		}
		switch {
		case err == nil:
			l.number++
			return bytes.TrimRight(l.buf, "\r\n"), nil
		case errors.Is(err, bufio.ErrBufferFull):
			continue
		case errors.Is(err, io.EOF) && len(l.buf) > 0:
			l.number++
			return l.buf, nil
		default:
			return nil, err
		}
	}
}
