package inspect

import (
	"errors"
	"io"

	"github.com/chatdlp/chatdlp/rules"
	"go.uber.org/zap"
	"go.uber.org/zap/zapcore"
)

// A file larger than files.max_scan_bytes cannot be held to be inspected.
// Most such files (videos, disk images of photos, large documents) need
// not be: their type shows in their first bytes, and what remains to be
// checked is their hash against files.executables.deny_sha256, which a
// reader computes as the bytes pass. Kinds that must be read whole to be
// judged (executables, whose signature covers the whole image, and
// archives, whose entries can be anywhere) take files.oversize.

// ErrFileDenied ends the stream of a file whose hash is on the deny list:
// the reader returns it in place of its last bytes, so the receiver never
// gets the whole file.
var ErrFileDenied = errors.New("inspect: file on the deny list")

// FileStreamer is a FileInspector that can also judge a file too large to
// hold while it passes.
type FileStreamer interface {
	// StreamFile decides from head, the first bytes of the file, whether
	// it may stream: false when its kind must be read whole. When true,
	// the reader passes whole (which starts with head) through unchanged
	// and calls done once with the verdict at its end; when that verdict
	// is a block it withholds the file's last bytes and returns
	// ErrFileDenied.
	StreamFile(name string, head []byte, whole io.Reader, done func(FileVerdict)) (io.Reader, bool)
}

// StreamFile is the pipeline's side of a file too large to hold (an
// upload or a download over files.max_scan_bytes): a reader that passes
// it through, judged by its head and its hash, with an allow outcome; or,
// when the file inspector cannot stream it, no reader and the outcome of
// files.oversize. The file.verdict event is written when the stream ends.
func (p *Pipeline) StreamFile(meta *Meta, name string, head []byte, whole io.Reader) (io.Reader, Outcome) {
	fs, ok := p.Files.(FileStreamer)
	if !ok {
		return nil, p.Uninspectable(meta, "oversize", nil)
	}
	r, ok := fs.StreamFile(name, head, whole, func(v FileVerdict) { p.streamed(meta, name, v) })
	if !ok {
		return nil, p.Uninspectable(meta, "oversize", nil)
	}
	return r, Outcome{Action: rules.ActionAllow}
}

// streamed logs the verdict on a streamed file, and its block.
func (p *Pipeline) streamed(meta *Meta, name string, v FileVerdict) {
	incident := ""
	if v.Action > rules.ActionAllow {
		incident = NewIncidentID()
	}
	p.event(fileLevel(v.Action), "file inspected", "file.verdict", meta, incident,
		zap.String("file_name", name), zap.String("file_type", v.Type), zap.Int64("file_size", v.Size),
		zap.String("file_sha256", v.SHA256), zap.String("signer", v.Signer),
		zap.String("action", v.Action.String()), zap.String("reason", v.Reason))
	if v.Action == rules.ActionBlock {
		p.Metrics.block(meta)
		p.event(zapcore.WarnLevel, "blocked", "dlp.block", meta, incident, zap.String("rule_id", ""),
			zap.Int("count", 0), zap.String("action", "block"), zap.String("reason", v.Reason))
	}
}
