package files

import (
	"context"
	"crypto/sha256"
	"crypto/x509"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/chatdlp/chatdlp/inspect"
	"github.com/chatdlp/chatdlp/inspect/extract"
	"github.com/chatdlp/chatdlp/rules"
)

// Options configure an Inspector (the files.* keys).
type Options struct {
	Executables rules.Action // files.executables.action: an executable not trusted
	Allow, Deny []string     // files.executables.allow_sha256 / deny_sha256, hex
	Archives    Limits       // files.archives.* and files.max_scan_bytes (MaxEntry)
	Encrypted   rules.Action // files.archives.encrypted: an archive with entries it cannot read
	OverLimit   rules.Action // files.oversize: an archive over one of its limits
	// Roots are the code-signing trust anchors (files.executables.roots);
	// Publishers the signers trusted (files.executables.trusted_publishers,
	// see ParsePublishers). A PE file is trusted when its Authenticode
	// signature verifies to Roots and its signer is one of Publishers.
	Roots      *x509.CertPool
	Publishers []string
}

// Inspector decides the files carried in chat: by hash first (deny wins
// over allow), then by type: an executable takes Executables unless it is
// a PE file whose Authenticode signature is valid (the image hash
// recomputed, nothing after the signature, a code-signing chain to Roots)
// and whose signer is a trusted publisher. An archive is walked by content,
// and every entry in it, at every level, is judged the same way; an
// encrypted entry by its name, then by Encrypted; an archive over a limit
// takes OverLimit and a zip bomb is blocked.
type Inspector struct {
	Executables rules.Action
	Allow, Deny map[string]bool // lower-case hex
	Archives    Limits
	Encrypted   rules.Action
	OverLimit   rules.Action
	Roots       *x509.CertPool
	Publishers  []string
	now         func() time.Time
}

var _ inspect.FileInspector = (*Inspector)(nil)

// New builds an inspector with the default archive settings (block what
// is encrypted or over a limit) from an action and hash lists.
func New(action rules.Action, allow, deny []string) (*Inspector, error) {
	return NewInspector(Options{Executables: action, Allow: allow, Deny: deny,
		Encrypted: rules.ActionBlock, OverLimit: rules.ActionBlock})
}

// NewInspector builds an inspector; a hash that is not sha256 hex is an
// error naming its key.
func NewInspector(o Options) (*Inspector, error) {
	i := &Inspector{Executables: o.Executables, Allow: map[string]bool{}, Deny: map[string]bool{},
		Archives: o.Archives, Encrypted: o.Encrypted, OverLimit: o.OverLimit, Roots: o.Roots, now: time.Now}
	var err error
	if i.Publishers, err = ParsePublishers(o.Publishers); err != nil {
		return nil, err
	}
	if i.Roots == nil {
		i.Roots = x509.NewCertPool() // no anchor: no signature is trusted
	}
	for _, l := range []struct {
		key  string
		list []string
		set  map[string]bool
	}{{"allow_sha256", o.Allow, i.Allow}, {"deny_sha256", o.Deny, i.Deny}} {
		for _, h := range l.list {
			h = strings.ToLower(strings.TrimSpace(h))
			if b, err := hex.DecodeString(h); err != nil || len(b) != sha256.Size {
				return nil, fmt.Errorf("files: executables.%s: %q is not a sha256 in hex", l.key, h)
			}
			l.set[h] = true
		}
	}
	return i, nil
}

// InspectFile decides one file: the file itself, then, for an archive,
// what it holds. The verdict carries the file's own type, hash and size;
// its reason names the entry that decided. A corrupt archive is an
// inspection error.
func (i *Inspector) InspectFile(ctx context.Context, f *extract.File, _ *inspect.Meta) (inspect.FileVerdict, error) {
	t := Detect(f.Data, f.Name)
	v, h := i.judge(f.Data, t, "")
	v.Type, v.SHA256, v.Size = t.Name, h, int64(len(f.Data))
	if v.Action == rules.ActionBlock || i.Allow[h] {
		return v, nil
	}
	if _, ok := IsArchive(f.Data); !ok {
		return v, nil
	}
	inner, err := i.walk(ctx, f.Data, f.Name)
	if err != nil {
		return v, err
	}
	if inner.Action > v.Action {
		v.Action, v.Reason = inner.Action, inner.Reason
	}
	return v, nil
}

// judge decides one file's bytes by hash and type; where is its path in
// an archive ("" for the file itself). It returns the hash too.
func (i *Inspector) judge(data []byte, t Type, where string) (inspect.FileVerdict, string) {
	sum := sha256.Sum256(data)
	h := hex.EncodeToString(sum[:])
	v := inspect.FileVerdict{Action: rules.ActionAllow}
	in := ""
	if where != "" {
		in = " in the archive: " + where
	}
	switch {
	case i.Deny[h]:
		v.Action, v.Reason = rules.ActionBlock, "file on the deny list"+in
	case i.Allow[h]:
	case t.Executable && t.Name == "pe":
		i.signature(&v, data, in)
	case t.Executable:
		v.Action, v.Reason = i.Executables, "untrusted executable ("+t.Name+")"+in
	}
	return v, h
}

// signature decides a PE file by its Authenticode signature.
func (i *Inspector) signature(v *inspect.FileVerdict, data []byte, in string) {
	sig := VerifyAuthenticode(data, i.Roots, i.now())
	v.Signer = sig.Subject
	switch {
	case sig.Trusted && MatchPublisher(sig, i.Publishers):
		v.Reason = "signed by a trusted publisher" + in
	case sig.Trusted:
		v.Action, v.Reason = i.Executables, "untrusted executable (pe): publisher not trusted"+in
	default:
		v.Action, v.Reason = i.Executables, "untrusted executable (pe): "+sig.Problem+in
	}
}

// walk judges every entry of an archive and returns the strongest
// verdict: its action and reason. A limit, a bomb or an encrypted entry
// decide too; a corrupt archive is an error.
func (i *Inspector) walk(ctx context.Context, data []byte, name string) (inspect.FileVerdict, error) {
	worst := inspect.FileVerdict{Action: rules.ActionAllow}
	raise := func(a rules.Action, reason string) {
		if a > worst.Action {
			worst.Action, worst.Reason = a, reason
		}
	}
	if name == "" {
		name = "file"
	}
	err := Walk(ctx, data, name, i.Archives, func(e Entry) error {
		if e.Encrypted {
			if inspect.ExecutableName(e.Path) {
				raise(i.Executables, "executable name in an encrypted archive: "+e.Path)
			}
			return nil
		}
		v, _ := i.judge(e.Data, Detect(e.Data, e.Path), e.Path)
		raise(v.Action, v.Reason)
		return nil
	})
	var lim *LimitError
	switch {
	case err == nil:
	case errors.As(err, &lim):
		raise(i.OverLimit, "archive over its "+lim.Limit+" limit")
	case errors.Is(err, ErrBomb):
		raise(rules.ActionBlock, "archive bomb (overlapping entries)")
	case errors.Is(err, ErrEncrypted):
		raise(i.Encrypted, "encrypted archive")
	default:
		return worst, err
	}
	return worst, nil
}
