package files

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"strings"

	"github.com/chatdlp/chatdlp/inspect"
	"github.com/chatdlp/chatdlp/inspect/extract"
	"github.com/chatdlp/chatdlp/rules"
)

// Inspector decides the files carried in chat: by hash first (deny wins
// over allow), then by type: an executable is untrusted (signatures are
// not read yet) and takes Executables.
type Inspector struct {
	Executables rules.Action    // files.executables.action
	Allow, Deny map[string]bool // files.executables.allow_sha256 / deny_sha256, lower-case hex
}

var _ inspect.FileInspector = (*Inspector)(nil)

// New builds an inspector from the configuration's action and hash lists.
func New(action rules.Action, allow, deny []string) (*Inspector, error) {
	i := &Inspector{Executables: action, Allow: map[string]bool{}, Deny: map[string]bool{}}
	for _, l := range []struct {
		key  string
		list []string
		set  map[string]bool
	}{{"allow_sha256", allow, i.Allow}, {"deny_sha256", deny, i.Deny}} {
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

// InspectFile decides one file.
func (i *Inspector) InspectFile(_ context.Context, f *extract.File, _ *inspect.Meta) (inspect.FileVerdict, error) {
	sum := sha256.Sum256(f.Data)
	h := hex.EncodeToString(sum[:])
	t := Detect(f.Data, f.Name)
	v := inspect.FileVerdict{Action: rules.ActionAllow, Type: t.Name, SHA256: h, Size: int64(len(f.Data))}
	switch {
	case i.Deny[h]:
		v.Action, v.Reason = rules.ActionBlock, "file on the deny list"
	case i.Allow[h]:
	case t.Executable:
		v.Action, v.Reason = i.Executables, "untrusted executable ("+t.Name+")"
	}
	return v, nil
}
