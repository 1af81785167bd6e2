package ledger

import (
	"encoding/binary"
	"errors"
	"fmt"
	"slices"
)

// The book, the idempotency memory and the rejected inputs in the engine snapshot, written and read side by side.

func (e *Engine) writeBook(w *snapWriter) {
	accounts := make([]Account, 0, len(e.book.accounts))
	for a := range e.book.accounts {
		accounts = append(accounts, a)
	}
	slices.SortFunc(accounts, compareAccounts)
	w.count(len(accounts))
	for _, a := range accounts {
		ab := e.book.accounts[a]
		w.str(a.Kind)
		w.str(a.Program)
		w.str(a.Party)
		w.str(ab.currency)
		w.dec(ab.balance)
	}
}

func readBook(r *snapReader, e *Engine) error {
	n := r.count()
	e.book.accounts = make(map[Account]*accountBalance, n)
	for range n {
		a := Account{Kind: r.istr(), Program: r.istr(), Party: r.istr()}
		ab := &accountBalance{currency: r.istr(), balance: r.dec()}
		e.book.accounts[a] = ab
	}
	if r.err == nil && len(e.book.accounts) != n {
		return errors.New("repeated accounts in the book")
	}
	return nil
}

// writeSeen writes the idempotency memory: 16 bytes of key, 8 of content
// fingerprint and the outcome's code, 25 bytes an input, in the memory's
// slot order, which depends only on the keys it holds (inputMemory).
func (e *Engine) writeSeen(w *snapWriter) {
	w.count(e.seen.Len())
	for k, s := range e.seen.All() {
		w.b = append(w.b, k[:]...)
		w.b = binary.BigEndian.AppendUint64(w.b, s.content)
		w.b = append(w.b, byte(s.code))
	}
}

func readSeen(r *snapReader, e *Engine) error {
	n := r.uvarint()
	if r.err != nil {
		return nil
	}
	if n > uint64(len(r.b)-r.off)/seenEntryLen {
		return fmt.Errorf("%d remembered inputs do not fit in the %d bytes left", n, len(r.b)-r.off)
	}
	raw := r.raw(int(n) * seenEntryLen)
	e.seen = newInputMemory(int(n))
	for i := 0; i < len(raw); i += seenEntryLen {
		var k inputKey
		copy(k[:], raw[i:i+16])
		code := Code(raw[i+24])
		if code >= codeCount {
			return fmt.Errorf("remembered input %d: bad code %d", i/seenEntryLen, code)
		}
		e.seen.put(k, seenInput{content: binary.BigEndian.Uint64(raw[i+16 : i+24]), code: code})
	}
	if uint64(e.seen.Len()) != n {
		return errors.New("repeated keys in the idempotency memory")
	}
	return nil
}

func (e *Engine) writeRejected(w *snapWriter) {
	w.count(len(e.rejected))
	for _, rj := range e.rejected {
		w.varint(rj.Seq)
		w.str(rj.ID)
		w.str(rj.Source)
		w.str(rj.Type)
		w.byte(byte(rj.Code))
		w.str(rj.Message)
	}
}

func readRejected(r *snapReader, e *Engine) error {
	n := r.count()
	if n > 0 {
		e.rejected = make([]Rejection, 0, n)
	}
	for range n {
		rj := Rejection{Seq: r.varint(), ID: r.str(), Source: r.istr(), Type: r.istr(), Code: Code(r.byte()), Message: r.str()}
		if r.err != nil {
			return nil
		}
		if rj.Code >= codeCount {
			return fmt.Errorf("rejection %d: bad code %d", rj.Seq, rj.Code)
		}
		e.rejected = append(e.rejected, rj)
	}
	return nil
}
