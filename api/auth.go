package api

import (
	"bytes"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"regexp"
	"strings"

	"github.com/techcredit/techcredit/ledger"
)

// Roles of API subjects (SPEC §9): the prefix of a token's subject.
const (
	RoleBank      = ledger.RoleBank
	RoleGuarantor = ledger.RoleGuarantor
	RoleFinance   = ledger.RoleFinance
	RoleInvestor  = ledger.RoleInvestor
	RoleAdmin     = ledger.RoleAdmin
	RoleFund      = ledger.RoleFund // a transformation fund's manager, fund:<fund id> (SPEC §13)
)

// TokensMax bounds the entries of a tokens file; TokenBytesMax bounds a
// bearer token.
const (
	TokensMax     = 100_000
	TokenBytesMax = 4096
)

var subjectNamePattern = regexp.MustCompile(`^[A-Za-z0-9._-]{1,64}$`)

// Subject is who a token speaks for: "bank:b1" is Role bank, Name b1.
type Subject struct {
	Role string
	Name string
}

// String is the subject as written in a tokens file and as the source of
// the inputs it sends.
func (s Subject) String() string { return s.Role + ":" + s.Name }

// ParseSubject splits "<role>:<name>" and checks both parts.
func ParseSubject(s string) (Subject, error) {
	role, name, ok := strings.Cut(s, ":")
	if !ok {
		return Subject{}, fmt.Errorf("subject %q must be <role>:<name>", s)
	}
	switch role {
	case RoleBank, RoleGuarantor, RoleFinance, RoleInvestor, RoleAdmin, RoleFund:
	default:
		return Subject{}, fmt.Errorf("subject %q: role must be bank, guarantor, finance, investor, admin or fund", s)
	}
	if !subjectNamePattern.MatchString(name) {
		return Subject{}, fmt.Errorf("subject %q: name must be 1-64 characters of [A-Za-z0-9._-]", s)
	}
	return Subject{Role: role, Name: name}, nil
}

// Tokens are the API's credentials: SHA-256 hashes of bearer tokens with
// the subject each speaks for. The tokens themselves are never stored.
type Tokens struct {
	entries []tokenEntry
}

type tokenEntry struct {
	hash    [sha256.Size]byte
	subject Subject
}

type tokensFile struct {
	Tokens []struct {
		SHA256  string `json:"sha256"`
		Subject string `json:"subject"`
	} `json:"tokens"`
}

// LoadTokens reads a tokens file:
//
//	{"tokens":[{"sha256":"<hex of sha256(token)>","subject":"bank:b1"}, ...]}
func LoadTokens(path string) (*Tokens, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("tokens file: %w", err)
	}
	defer f.Close()
	t, err := ParseTokens(f)
	if err != nil {
		return nil, fmt.Errorf("tokens file %s: %w", path, err)
	}
	return t, nil
}

// ParseTokens reads the JSON of a tokens file. An error names the entry
// (1-based) that is wrong.
func ParseTokens(r io.Reader) (*Tokens, error) {
	raw, err := io.ReadAll(io.LimitReader(r, TokensMax*256))
	if err != nil {
		return nil, err
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.DisallowUnknownFields()
	var file tokensFile
	if err := dec.Decode(&file); err != nil {
		return nil, fmt.Errorf("not a tokens document {\"tokens\":[{\"sha256\",\"subject\"}]}: %w", err)
	}
	if dec.More() {
		return nil, errors.New("data after the tokens document")
	}
	if len(file.Tokens) > TokensMax {
		return nil, fmt.Errorf("%d tokens, above the limit of %d", len(file.Tokens), TokensMax)
	}
	t := &Tokens{}
	seen := map[[sha256.Size]byte]int{}
	for i, e := range file.Tokens {
		where := fmt.Sprintf("entry %d (subject %q)", i+1, e.Subject)
		sub, err := ParseSubject(e.Subject)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", where, err)
		}
		var h [sha256.Size]byte
		if n, err := hex.Decode(h[:], []byte(e.SHA256)); err != nil || n != sha256.Size || len(e.SHA256) != 2*sha256.Size {
			return nil, fmt.Errorf("%s: sha256 must be the 64 hex digits of SHA-256(token), not %q", where, e.SHA256)
		}
		if j, dup := seen[h]; dup {
			return nil, fmt.Errorf("%s: the same sha256 as entry %d", where, j)
		}
		seen[h] = i + 1
		t.entries = append(t.entries, tokenEntry{hash: h, subject: sub})
	}
	return t, nil
}

// HashToken is the hex SHA-256 of a token, as a tokens file stores it.
func HashToken(token string) string {
	h := sha256.Sum256([]byte(token))
	return hex.EncodeToString(h[:])
}

// Lookup returns the subject of a bearer token. It compares the token's
// hash with every entry in constant time, so the time taken tells nothing
// about which entry (if any) is close.
func (t *Tokens) Lookup(token string) (Subject, bool) {
	if token == "" || len(token) > TokenBytesMax {
		return Subject{}, false
	}
	h := sha256.Sum256([]byte(token))
	found := -1
	for i := range t.entries {
		if subtle.ConstantTimeCompare(h[:], t.entries[i].hash[:]) == 1 {
			found = i
		}
	}
	if found < 0 {
		return Subject{}, false
	}
	return t.entries[found].subject, true
}

// roles is a set of roles allowed on a route.
type roles map[string]bool

func allow(rs ...string) roles {
	m := roles{}
	for _, r := range rs {
		m[r] = true
	}
	return m
}

// bearer extracts the token of an Authorization header.
func bearer(r *http.Request) string {
	scheme, token, ok := strings.Cut(r.Header.Get("Authorization"), " ")
	if !ok || !strings.EqualFold(scheme, "Bearer") {
		return ""
	}
	return strings.TrimSpace(token)
}

// authenticate finds the caller: 401 without a known token, 429 when an
// unknown token comes from an address that cools down after too many of
// them (see authLimiter) or when a known caller exceeds its request rate
// (see rateLimiter), 403 when its role is not allowed. A valid token is
// never refused for another caller's guesses from the same address (an
// office behind one NAT must not be locked out by one bad client).
func (s *server) authenticate(r *http.Request, allowed roles) (Subject, error) {
	token := bearer(r)
	sub, ok := s.cfg.Tokens.Lookup(token)
	if !ok {
		if token == "" {
			return Subject{}, errorf(CodeUnauthorized, "a valid bearer token is required (Authorization: Bearer <token>)")
		}
		client := s.clientOf(r)
		if s.authLimit.blocked(client) {
			return Subject{}, errorf(CodeTooManyAttempts, "too many unknown tokens from this address; retry later")
		}
		s.authLimit.fail(client)
		return Subject{}, errorf(CodeUnauthorized, "a valid bearer token is required (Authorization: Bearer <token>)")
	}
	if wait, ok := s.rateLimit.take(sub.String()); !ok {
		return sub, &Error{Code: CodeRateLimited, RetryAfter: wait,
			Message: "too many requests for this token; retry after the Retry-After header's seconds"}
	}
	if !allowed[sub.Role] {
		return sub, errorf(codeForbidden, "a %s may not use %s %s", sub.Role, r.Method, routeOf(r))
	}
	return sub, nil
}

// codeForbidden is the engine's forbidden code, shared with the API.
var codeForbidden = ledger.CodeForbidden.String()
