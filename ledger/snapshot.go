package ledger

import (
	"bytes"
	"cmp"
	"crypto/sha256"
	"encoding/binary"
	"errors"
	"fmt"

	"github.com/techcredit/techcredit/risk"
)

// An engine snapshot is the engine's whole state in bytes, so that a
// restart restores it and replays only the journal records after it:
//
//	offset 0   8 bytes  magic "TCENGSNP"
//	offset 8   2 bytes  format version, big-endian (SnapshotVersion)
//	offset 10  2 bytes  reserved, 0
//	offset 12  8 bytes  body length n, big-endian
//	offset 20  n bytes  body
//	offset 20+n 32 bytes SHA-256 of everything before it
//
// The body is compact binary (varints, length-prefixed strings, exact
// decimals) in a fixed order of sections; maps are written with their keys
// sorted, so the same state always gives the same bytes. It holds every
// part of the state, including the idempotency memory, so that a duplicate
// or a conflicting id sent after a restart is still recognised.
//
// Version 2 adds each loan's disbursed_on (RulesStrictFields compares event
// dates with it) and each bank's remaining loss (its NPL numerator); a
// version 1 snapshot is refused and the journal replayed.
//
// Version 3 adds loan filing and the enterprise registry (RulesFiling):
// each program's filing definition, each bank's covered in-force part,
// each loan's filed amount and filing, and the registry after the project
// index. An older snapshot is refused and the journal replayed.
//
// Version 4 adds the interest subsidy (RulesSubsidy, snapshot_subsidy.go):
// each program's interest_subsidy definition, each loan's interest paid by
// year and whether it was ever past due, and the subsidies after the
// rejected inputs.
//
// Version 5 adds the claim dossier review (RulesClaimReview): each
// program's claim_review definition and the programs file's calendar in
// the definitions, each claim's review (snapshot_claim.go). Version 6 adds
// the transformation funds and the roadshow's standings (RulesFund,
// snapshot_fund.go) after the subsidies.
const (
	SnapshotVersion = 6
	snapshotMagic   = "TCENGSNP"
	snapHeaderLen   = 20
	snapSumLen      = sha256.Size
)

// ErrInvalidSnapshot is wrapped by every refusal of RestoreSnapshot: foreign
// bytes, another format version, a truncated or corrupted snapshot, or one
// taken under other program definitions. Such a snapshot is never trusted;
// the state is rebuilt from the journal instead.
var ErrInvalidSnapshot = errors.New("invalid engine snapshot")

// MarshalSnapshot writes the engine's state. It fails only on an engine
// that stopped after a broken invariant: its state must not be kept.
func (e *Engine) MarshalSnapshot() ([]byte, error) {
	if e.fatal != nil {
		return nil, fmt.Errorf("snapshot refused: %w", e.fatal)
	}
	w := &snapWriter{b: make([]byte, snapHeaderLen, snapHeaderLen+e.snapshotSizeHint())}
	e.writeSnapshotBody(w)
	copy(w.b, snapshotMagic)
	binary.BigEndian.PutUint16(w.b[8:], SnapshotVersion)
	binary.BigEndian.PutUint64(w.b[12:], uint64(len(w.b)-snapHeaderLen))
	sum := sha256.Sum256(w.b)
	return append(w.b, sum[:]...), nil
}

// snapshotSizeHint guesses the snapshot's size, to allocate once.
func (e *Engine) snapshotSizeHint() int {
	return 1024 + 26*e.seen.Len() + 96*len(e.loans) + 160*len(e.claims) + 64*len(e.rejected) +
		48*len(e.book.accounts) + 64*len(e.borrowers)
}

// checkSnapshotFrame checks the magic, the version, the length and the
// checksum, and returns the body.
func checkSnapshotFrame(b []byte) ([]byte, error) {
	if len(b) < 8 || string(b[:8]) != snapshotMagic {
		return nil, fmt.Errorf("%w: not an engine snapshot (no %q magic)", ErrInvalidSnapshot, snapshotMagic)
	}
	if len(b) < snapHeaderLen {
		return nil, fmt.Errorf("%w: truncated header (%d bytes)", ErrInvalidSnapshot, len(b))
	}
	if v := binary.BigEndian.Uint16(b[8:]); v != SnapshotVersion {
		return nil, fmt.Errorf("%w: format version %d, this build reads version %d", ErrInvalidSnapshot, v, SnapshotVersion)
	}
	n := binary.BigEndian.Uint64(b[12:])
	if want := uint64(snapHeaderLen) + n + snapSumLen; uint64(len(b)) != want {
		if uint64(len(b)) < want {
			return nil, fmt.Errorf("%w: truncated: %d bytes, the header announces %d", ErrInvalidSnapshot, len(b), want)
		}
		return nil, fmt.Errorf("%w: %d bytes, the header announces %d", ErrInvalidSnapshot, len(b), want)
	}
	end := snapHeaderLen + int(n)
	if sum := sha256.Sum256(b[:end]); !bytes.Equal(sum[:], b[end:]) {
		return nil, fmt.Errorf("%w: checksum mismatch: the snapshot is corrupted", ErrInvalidSnapshot)
	}
	return b[snapHeaderLen:end], nil
}

// RestoreSnapshot rebuilds an engine from a snapshot. When cfg is not nil
// it must hold exactly the program definitions and guarantor rules the
// snapshot was taken under, and the engine shares cfg's definitions, as
// NewEngine does; when cfg is nil the snapshot's own definitions are used.
// Every refusal wraps ErrInvalidSnapshot.
func RestoreSnapshot(cfg *risk.Config, b []byte) (*Engine, error) {
	body, err := checkSnapshotFrame(b)
	if err != nil {
		return nil, err
	}
	e, err := readSnapshotBody(cfg, body)
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrInvalidSnapshot, err)
	}
	if err := e.checkRestored(); err != nil {
		return nil, fmt.Errorf("%w: %v", ErrInvalidSnapshot, err)
	}
	return e, nil
}

// snapIndex numbers the engine's objects in id order for references.
type snapIndex struct {
	programs   []*Program
	borrowers  []string
	guarantors []string
	loans      []string
	claims     []string
	projects   []string
	program    map[*Program]int
	borrower   map[*Borrower]int
	guarantor  map[*Guarantor]int
	loan       map[*Loan]int
	claim      map[*Claim]int
}

func (e *Engine) snapIndex() *snapIndex {
	x := &snapIndex{borrowers: sortedKeys(e.borrowers), guarantors: sortedKeys(e.guarantors),
		loans: sortedKeys(e.loans), claims: sortedKeys(e.claims), projects: sortedKeys(e.projects),
		program: map[*Program]int{}, borrower: make(map[*Borrower]int, len(e.borrowers)),
		guarantor: make(map[*Guarantor]int, len(e.guarantors)), loan: make(map[*Loan]int, len(e.loans)),
		claim: make(map[*Claim]int, len(e.claims))}
	for i, id := range e.programIDs {
		x.programs = append(x.programs, e.programs[id])
		x.program[e.programs[id]] = i
	}
	for i, id := range x.borrowers {
		x.borrower[e.borrowers[id]] = i
	}
	for i, id := range x.guarantors {
		x.guarantor[e.guarantors[id]] = i
	}
	for i, id := range x.loans {
		x.loan[e.loans[id]] = i
	}
	for i, id := range x.claims {
		x.claim[e.claims[id]] = i
	}
	return x
}

func (x *snapIndex) claimRefs(w *snapWriter, cs []*Claim) {
	w.count(len(cs))
	for _, c := range cs {
		w.uvarint(uint64(x.claim[c]))
	}
}

func (e *Engine) writeSnapshotBody(w *snapWriter) {
	x := e.snapIndex()
	defs := make([]*risk.Program, len(x.programs))
	for i, p := range x.programs {
		defs[i] = p.Def
	}
	var dw snapWriter
	writeDefinitions(&dw, e.rules, e.calendar, defs)
	w.count(len(dw.b))
	w.b = append(w.b, dw.b...)

	w.varint(e.inputs)
	w.varint(e.applied)
	w.varint(e.duplicates)
	w.varint(e.book.transactions)
	for _, n := range []int{len(x.borrowers), len(x.guarantors), len(x.loans), len(x.claims), len(x.projects)} {
		w.count(n)
	}
	for _, p := range x.programs {
		e.writeProgram(w, x, p)
	}
	m := writingRefs(w, x)
	for _, id := range x.borrowers {
		borrowerMembers(m, e.borrowers[id])
	}
	for _, id := range x.guarantors {
		writeGuarantor(w, e.guarantors[id])
	}
	for _, id := range x.loans {
		loanMembers(m, e.loans[id])
	}
	for _, id := range x.claims {
		claimMembers(m, e.claims[id])
	}
	for _, id := range x.projects {
		projectMembers(m, e.projects[id], nil)
	}
	e.writeProjectIndex(w)
	e.writeEnterprises(w)
	e.writeBook(w)
	e.writeSeen(w)
	e.writeRejected(w)
	e.writeSubsidies(w, x)
	e.writeFunds(w)
}

func compareAccounts(a, b Account) int {
	return cmp.Or(cmp.Compare(a.Kind, b.Kind), cmp.Compare(a.Program, b.Program), cmp.Compare(a.Party, b.Party))
}
