package files

import (
	"bytes"
	"crypto"
	"crypto/sha256"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/asn1"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	_ "crypto/sha1" //nolint:gosec // reading old sha1 Authenticode signatures, not making any
	_ "crypto/sha512"

	"github.com/smallstep/pkcs7"
)

// Authenticode in a PE file (Microsoft, "Windows Authenticode Portable
// Executable Signature Format"): the Certificate Table data directory
// entry (index 4) gives the file offset and size of the attribute
// certificate table, whose WIN_CERTIFICATE holds a PKCS#7 SignedData.
// The SignedData's content is an SpcIndirectDataContent carrying the
// digest of the image: every byte of the file but the optional header's
// CheckSum, the Certificate Table entry itself and the certificate table.
//
// github.com/smallstep/pkcs7 parses the SignedData and verifies the
// signer's signature over the authenticated attributes and the
// messageDigest attribute over the SpcIndirectDataContent; it knows
// nothing of PE files, so the PE parsing, the image digest, its
// comparison with the signed one, the content types, the trailing data
// and the chain policy (code-signing EKU, roots, time) are done here.

// Signature is what an Authenticode check of a PE file found.
type Signature struct {
	// Signed: a WIN_CERTIFICATE with PKCS#7 SignedData is present.
	Signed bool
	// Subject is the signer certificate's subject, RFC 4514 (x509 Name.String()).
	Subject string
	// SPKI is "spki:" + lower hex sha256 of the signer cert's RawSubjectPublicKeyInfo.
	SPKI string
	// Trusted: the signature verifies, the image hash recomputed is equal
	// to the signed one, the signer chains to the roots with the
	// code-signing EKU, and nothing is hidden after the signature.
	Trusted bool
	// Problem, when !Trusted, is a short reason: "unsigned", "image hash
	// mismatch", "data after the signature", "signature does not verify",
	// "untrusted chain: ...", "not a code-signing certificate",
	// "malformed PE: ...", "malformed signature: ...", "unsupported digest
	// algorithm ...".
	Problem string
	// Digest is the image digest's algorithm as signed: sha1, sha256,
	// sha384 or sha512 ("" when it was not reached).
	Digest string
}

var (
	oidSpcIndirectData = asn1.ObjectIdentifier{1, 3, 6, 1, 4, 1, 311, 2, 1, 4}
	oidSpcPEImageData  = asn1.ObjectIdentifier{1, 3, 6, 1, 4, 1, 311, 2, 1, 15}
)

// digests are the image digest algorithms Authenticode uses.
var digests = []struct {
	name string
	oid  asn1.ObjectIdentifier
	hash crypto.Hash
}{
	{"sha1", pkcs7.OIDDigestAlgorithmSHA1, crypto.SHA1},
	{"sha256", pkcs7.OIDDigestAlgorithmSHA256, crypto.SHA256},
	{"sha384", pkcs7.OIDDigestAlgorithmSHA384, crypto.SHA384},
	{"sha512", pkcs7.OIDDigestAlgorithmSHA512, crypto.SHA512},
}

const (
	winCertTypePKCSSignedData = 0x0002
	maxDERDepth               = 64 // far more than a SignedData with nested signatures needs
)

// peLayout is where the parts Authenticode leaves out of the image digest are.
type peLayout struct {
	checksum int // file offset of the optional header's CheckSum (4 bytes)
	certDir  int // file offset of the Certificate Table data directory entry (8 bytes)
	certOff  int // file offset of the certificate table; 0 when unsigned
	certSize int
}

var errUnsigned = errors.New("unsigned")

// parsePE finds the CheckSum field and the Certificate Table in a PE
// file (PE32 or PE32+). errUnsigned: no certificate table.
func parsePE(b []byte) (peLayout, error) {
	var l peLayout
	if len(b) < 0x40 || b[0] != 'M' || b[1] != 'Z' {
		return l, errors.New("not a PE file")
	}
	sig := uint64(binary.LittleEndian.Uint32(b[0x3c:]))
	if sig < 0x40 || sig+24 > uint64(len(b)) || !bytes.Equal(b[sig:sig+4], []byte("PE\x00\x00")) {
		return l, errors.New("no PE header")
	}
	coff := int(sig) + 4 //nolint:gosec // sig < len(b)
	optSize := int(binary.LittleEndian.Uint16(b[coff+16:]))
	opt := coff + 20
	if opt+optSize > len(b) {
		return l, errors.New("optional header runs past the end of the file")
	}
	if optSize < 2 {
		return l, errors.New("no optional header")
	}
	var dirs, nDirs int // offsets in the optional header
	switch magic := binary.LittleEndian.Uint16(b[opt:]); magic {
	case 0x10b: // PE32
		dirs, nDirs = 96, 92
	case 0x20b: // PE32+
		dirs, nDirs = 112, 108
	default:
		return l, fmt.Errorf("unknown optional header magic %#x", magic)
	}
	if optSize < nDirs+4 {
		return l, errors.New("optional header too short")
	}
	l.checksum = opt + 64
	if n := binary.LittleEndian.Uint32(b[opt+nDirs:]); n <= 4 || optSize < dirs+5*8 {
		return l, errUnsigned // no Certificate Table entry
	}
	l.certDir = opt + dirs + 4*8
	off := uint64(binary.LittleEndian.Uint32(b[l.certDir:]))
	size := uint64(binary.LittleEndian.Uint32(b[l.certDir+4:]))
	switch {
	case off == 0 && size == 0:
		return l, errUnsigned
	case off < uint64(opt+optSize):
		return l, fmt.Errorf("certificate table at %#x inside the headers", off)
	case size < 8:
		return l, fmt.Errorf("certificate table of %d bytes", size)
	case off+size > uint64(len(b)):
		return l, errors.New("certificate table runs past the end of the file")
	}
	l.certOff, l.certSize = int(off), int(size) //nolint:gosec // off+size <= len(b)
	// The digest is of the bytes before the table: the headers and every
	// section's raw data must be there, or what the loader maps from the
	// table (data in the signature) would be unsigned.
	sections := opt + optSize
	n := int(binary.LittleEndian.Uint16(b[coff+2:]))
	if sections+40*n > l.certOff {
		return l, errors.New("section headers inside the certificate table")
	}
	if headers := uint64(binary.LittleEndian.Uint32(b[opt+60:])); headers > off {
		return l, errors.New("headers inside the certificate table")
	}
	for i := range n {
		h := b[sections+40*i:]
		raw, ptr := uint64(binary.LittleEndian.Uint32(h[16:])), uint64(binary.LittleEndian.Uint32(h[20:]))
		if raw > 0 && ptr+raw > off {
			return l, fmt.Errorf("section %d's data inside the certificate table", i+1)
		}
	}
	return l, nil
}

// imageDigest is the Authenticode digest of the PE image: all bytes
// before the certificate table except the CheckSum field and the
// Certificate Table entry. Whatever follows the certificate table is
// not in it (VerifyAuthenticode refuses such files).
func imageDigest(b []byte, l peLayout, h crypto.Hash) []byte {
	d := h.New()
	d.Write(b[:l.checksum])
	d.Write(b[l.checksum+4 : l.certDir])
	d.Write(b[l.certDir+8 : l.certOff])
	return d.Sum(nil)
}

// derLength checks that b starts with a DER element framed with definite
// lengths, its constructed parts too (at most maxDERDepth deep), and
// returns its length. The pkcs7 parser is then given well framed input
// only (its BER reader trusts lengths).
func derLength(b []byte, depth int) (int, error) {
	if depth > maxDERDepth {
		return 0, errors.New("asn.1 nested too deep")
	}
	if len(b) < 2 {
		return 0, errors.New("asn.1 truncated")
	}
	i := 1
	if b[0]&0x1f == 0x1f { // high tag number
		for {
			if i >= len(b) || i > 5 {
				return 0, errors.New("asn.1 bad tag")
			}
			i++
			if b[i-1]&0x80 == 0 {
				break
			}
		}
	}
	if i >= len(b) {
		return 0, errors.New("asn.1 truncated")
	}
	n := uint64(b[i])
	i++
	switch {
	case n == 0x80:
		return 0, errors.New("asn.1 indefinite length")
	case n > 0x80:
		k := int(n & 0x7f)
		if k > 4 || i+k > len(b) {
			return 0, errors.New("asn.1 bad length")
		}
		n = 0
		for ; k > 0; k-- {
			n = n<<8 | uint64(b[i])
			i++
		}
	}
	if n > uint64(len(b)-i) { //nolint:gosec // i <= len(b)
		return 0, errors.New("asn.1 truncated")
	}
	end := i + int(n)
	if b[0]&0x20 != 0 { // constructed
		for p := i; p < end; {
			m, err := derLength(b[p:end], depth+1)
			if err != nil {
				return 0, err
			}
			p += m
		}
	}
	return end, nil
}

// The head of a PKCS#7 SignedData, as far as its content (encoding/asn1
// ignores the fields that follow).
type contentInfo struct {
	Type    asn1.ObjectIdentifier
	Content asn1.RawValue `asn1:"explicit,optional,tag:0"`
}

type signedDataHead struct {
	Version          int
	DigestAlgorithms asn1.RawValue
	ContentInfo      contentInfo
}

type spcIndirectDataContent struct {
	Data struct {
		Type  asn1.ObjectIdentifier
		Value asn1.RawValue `asn1:"optional"`
	}
	MessageDigest struct {
		Algorithm pkix.AlgorithmIdentifier
		Digest    []byte
	}
}

// indirectData reads the SpcIndirectDataContent of a DER SignedData and
// returns it with its content octets (what the messageDigest attribute
// is over).
func indirectData(der []byte) (spcIndirectDataContent, []byte, error) {
	var ci contentInfo
	var sd signedDataHead
	var ind spcIndirectDataContent
	if rest, err := asn1.Unmarshal(der, &ci); err != nil || len(rest) > 0 {
		return ind, nil, errors.New("not a ContentInfo")
	}
	if ci.Type.Equal(pkcs7.OIDSignedData) {
		if _, err := asn1.Unmarshal(ci.Content.Bytes, &sd); err == nil {
			ci = sd.ContentInfo
			if ci.Type.Equal(oidSpcIndirectData) {
				// Content is the [0] EXPLICIT wrapper: its Bytes are the inner element.
				if rest, err := asn1.Unmarshal(ci.Content.Bytes, &ind); err == nil && len(rest) == 0 {
					var raw asn1.RawValue
					_, _ = asn1.Unmarshal(ci.Content.Bytes, &raw)
					return ind, raw.Bytes, nil
				}
			}
		}
	}
	return ind, nil, errors.New("no SpcIndirectDataContent")
}

// VerifyAuthenticode checks pe's Authenticode signature against roots (nil: system roots)
// at time now. It never panics on any input; malformed input is a Signature with a Problem.
// The image digest is recomputed from pe and compared with the signed one; the signer
// certificate must carry the code-signing extended key usage and chain to roots through
// the certificates in the signature. Timestamp countersignatures are not read: an expired
// signer certificate is an untrusted chain.
func VerifyAuthenticode(pe []byte, roots *x509.CertPool, now time.Time) (sig Signature) {
	l, err := parsePE(pe)
	switch {
	case errors.Is(err, errUnsigned):
		return Signature{Problem: "unsigned"}
	case err != nil:
		return Signature{Problem: "malformed PE: " + err.Error()}
	}
	table := pe[l.certOff : l.certOff+l.certSize]
	length := uint64(binary.LittleEndian.Uint32(table))
	switch revision, typ := binary.LittleEndian.Uint16(table[4:]), binary.LittleEndian.Uint16(table[6:]); {
	case length < 8 || length > uint64(len(table)):
		return Signature{Problem: "malformed PE: bad WIN_CERTIFICATE length"}
	case revision != 0x0100 && revision != 0x0200:
		return Signature{Problem: fmt.Sprintf("malformed PE: WIN_CERTIFICATE revision %#x", revision)}
	case typ != winCertTypePKCSSignedData:
		return Signature{Problem: fmt.Sprintf("malformed signature: WIN_CERTIFICATE of type %#x", typ)}
	}
	blob := table[8:length]
	n, err := derLength(blob, 0)
	if err != nil {
		return Signature{Problem: "malformed signature: " + err.Error()}
	}
	der := blob[:n]
	// After the SignedData, up to the end of the file: only the zeros that
	// align the table to 8 bytes.
	after := pe[l.certOff+8+n:]
	hidden := len(after) >= 8 || slices.ContainsFunc(after, func(c byte) bool { return c != 0 })

	defer func() { // the pkcs7 parser is third-party code: a panic there is a bad signature, not a crash
		if r := recover(); r != nil {
			sig = Signature{Signed: sig.Signed, Subject: sig.Subject, SPKI: sig.SPKI, Problem: "malformed signature"}
		}
	}()
	p7, err := pkcs7.Parse(der)
	if err != nil {
		return Signature{Problem: "malformed signature: " + strings.TrimPrefix(err.Error(), "pkcs7: ")}
	}
	ind, content, err := indirectData(der)
	if err != nil {
		return Signature{Problem: "malformed signature: " + err.Error()}
	}
	sig.Signed = true
	if len(p7.Signers) != 1 {
		sig.Problem = fmt.Sprintf("malformed signature: %d signers", len(p7.Signers))
		return sig
	}
	leaf := p7.GetOnlySigner()
	if leaf == nil {
		sig.Problem = "malformed signature: no certificate for the signer"
		return sig
	}
	sum := sha256.Sum256(leaf.RawSubjectPublicKeyInfo)
	sig.Subject, sig.SPKI = leaf.Subject.String(), "spki:"+hex.EncodeToString(sum[:])

	var ct asn1.ObjectIdentifier
	switch {
	case !ind.Data.Type.Equal(oidSpcPEImageData):
		sig.Problem = "malformed signature: not a PE image signature"
		return sig
	case !bytes.Equal(content, p7.Content):
		sig.Problem = "malformed signature: content parsed two ways"
		return sig
	case p7.UnmarshalSignedAttribute(pkcs7.OIDAttributeContentType, &ct) != nil || !ct.Equal(oidSpcIndirectData):
		sig.Problem = "signature does not verify: no SpcIndirectDataContent content type attribute"
		return sig
	}
	// The signer's signature over the authenticated attributes, and their
	// messageDigest over the SpcIndirectDataContent; no chain here.
	if err := p7.Verify(); err != nil {
		sig.Problem = "signature does not verify"
		return sig
	}
	var h crypto.Hash
	for _, d := range digests {
		if ind.MessageDigest.Algorithm.Algorithm.Equal(d.oid) {
			h, sig.Digest = d.hash, d.name
		}
	}
	if h == 0 {
		sig.Problem = "unsupported digest algorithm " + ind.MessageDigest.Algorithm.Algorithm.String()
		return sig
	}
	if !bytes.Equal(imageDigest(pe, l, h), ind.MessageDigest.Digest) {
		sig.Problem = "image hash mismatch"
		return sig
	}
	if hidden {
		sig.Problem = "data after the signature"
		return sig
	}
	if !slices.Contains(leaf.ExtKeyUsage, x509.ExtKeyUsageCodeSigning) ||
		leaf.KeyUsage != 0 && leaf.KeyUsage&x509.KeyUsageDigitalSignature == 0 {
		sig.Problem = "not a code-signing certificate"
		return sig
	}
	intermediates := x509.NewCertPool()
	for _, c := range p7.Certificates {
		if c != leaf {
			intermediates.AddCert(c)
		}
	}
	if _, err := leaf.Verify(x509.VerifyOptions{
		Roots: roots, Intermediates: intermediates, CurrentTime: now,
		KeyUsages: []x509.ExtKeyUsage{x509.ExtKeyUsageCodeSigning},
	}); err != nil {
		if e, ok := errors.AsType[x509.CertificateInvalidError](err); ok && e.Reason == x509.IncompatibleUsage {
			sig.Problem = "not a code-signing certificate"
		} else {
			sig.Problem = "untrusted chain: " + strings.TrimPrefix(err.Error(), "x509: ")
		}
		return sig
	}
	sig.Trusted = true
	return sig
}

// MatchPublisher reports whether a trusted signature's signer is in the
// files.executables.trusted_publishers list: each entry is an RFC 4514
// subject ("CN=Acme Code Signing,O=Acme", compared as parsed names
// normalised as x509 Name.String() writes them, values without regard to
// case) or "spki:<sha256 hex>". A signature that is not Trusted matches
// nothing: a subject anyone can put in a self-made certificate.
func MatchPublisher(s Signature, trusted []string) bool {
	if !s.Trusted {
		return false
	}
	subject, err := normalName(s.Subject)
	if err != nil {
		subject = s.Subject
	}
	for _, t := range trusted {
		p, err := normalPublisher(t)
		switch {
		case err != nil:
		case strings.HasPrefix(p, "spki:"):
			if p == s.SPKI {
				return true
			}
		case strings.EqualFold(p, subject):
			return true
		}
	}
	return false
}

// ParsePublishers validates the configured list (clear error for a bad entry).
// It returns the entries normalised: "spki:" and the hash in lower case, a
// subject as x509 Name.String() writes it.
func ParsePublishers(list []string) ([]string, error) {
	out := make([]string, 0, len(list))
	for _, e := range list {
		p, err := normalPublisher(e)
		if err != nil {
			return nil, fmt.Errorf("files: executables.trusted_publishers: %q: %w", e, err)
		}
		out = append(out, p)
	}
	return out, nil
}

func normalPublisher(e string) (string, error) {
	e = strings.TrimSpace(e)
	if len(e) >= 5 && strings.EqualFold(e[:5], "spki:") {
		h := strings.ToLower(strings.TrimSpace(e[5:]))
		if b, err := hex.DecodeString(h); err != nil || len(b) != sha256.Size {
			return "", errors.New("spki: wants the sha256 of the public key in hex (64 digits)")
		}
		return "spki:" + h, nil
	}
	return normalName(e)
}

// attributeTypes are the RFC 4514 keywords (those x509 Name.String() writes, and a few more).
var attributeTypes = map[string]asn1.ObjectIdentifier{
	"CN": {2, 5, 4, 3}, "SERIALNUMBER": {2, 5, 4, 5}, "C": {2, 5, 4, 6}, "L": {2, 5, 4, 7},
	"ST": {2, 5, 4, 8}, "STREET": {2, 5, 4, 9}, "O": {2, 5, 4, 10}, "OU": {2, 5, 4, 11},
	"POSTALCODE": {2, 5, 4, 17}, "DC": {0, 9, 2342, 19200300, 100, 1, 25},
	"UID": {0, 9, 2342, 19200300, 100, 1, 1}, "EMAILADDRESS": {1, 2, 840, 113549, 1, 9, 1},
}

// normalName parses an RFC 4514 distinguished name and writes it back as
// x509 Name.String() does for a certificate with those attributes.
func normalName(s string) (string, error) {
	rdns, err := parseDN(s)
	if err != nil {
		return "", err
	}
	var n pkix.Name
	n.FillFromRDNSequence(&rdns)
	return n.String(), nil
}

// parseDN reads an RFC 4514 string: RDNs separated by ',' (written most
// specific first, so reversed into the RDNSequence), '+' within an RDN,
// type=value with keywords or dotted OIDs, values with \-escapes or
// #hex (BER). Blanks around separators are allowed.
func parseDN(s string) (pkix.RDNSequence, error) {
	var rdns pkix.RDNSequence
	if strings.TrimSpace(s) == "" {
		return nil, errors.New("empty subject")
	}
	var rdn []pkix.AttributeTypeAndValue
	for i := 0; ; {
		eq := strings.IndexByte(s[i:], '=')
		if eq < 0 {
			return nil, fmt.Errorf("%q has no '='", strings.TrimSpace(s[i:]))
		}
		typ := strings.TrimSpace(s[i : i+eq])
		oid, err := attributeType(typ)
		if err != nil {
			return nil, err
		}
		i += eq + 1
		value, sep, next, err := attributeValue(s, i)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", typ, err)
		}
		rdn = append(rdn, pkix.AttributeTypeAndValue{Type: oid, Value: value})
		i = next
		if sep != '+' {
			rdns = append(rdns, rdn)
			rdn = nil
		}
		if sep == 0 {
			break
		}
	}
	slices.Reverse(rdns)
	return rdns, nil
}

func attributeType(t string) (asn1.ObjectIdentifier, error) {
	if oid, ok := attributeTypes[strings.ToUpper(t)]; ok {
		return oid, nil
	}
	if t == "" || t[0] < '0' || t[0] > '9' {
		return nil, fmt.Errorf("unknown attribute type %q", t)
	}
	var oid asn1.ObjectIdentifier
	for part := range strings.SplitSeq(t, ".") {
		v := 0
		if part == "" || len(part) > 9 || len(part) > 1 && part[0] == '0' {
			return nil, fmt.Errorf("bad attribute type %q", t)
		}
		for _, c := range part {
			if c < '0' || c > '9' {
				return nil, fmt.Errorf("bad attribute type %q", t)
			}
			v = v*10 + int(c-'0')
		}
		oid = append(oid, v)
	}
	if len(oid) < 2 {
		return nil, fmt.Errorf("bad attribute type %q", t)
	}
	return oid, nil
}

// attributeValue reads the value starting at s[i] up to an unescaped ',',
// ';' or '+' (the separator, 0 at the end) and returns it and where the
// next attribute starts.
func attributeValue(s string, i int) (value any, sep byte, next int, err error) {
	for i < len(s) && s[i] == ' ' {
		i++
	}
	if i < len(s) && s[i] == '#' { // BER in hex
		j := i + 1
		for j < len(s) && strings.IndexByte(",;+ ", s[j]) < 0 {
			j++
		}
		b, err := hex.DecodeString(s[i+1 : j])
		if err != nil {
			return nil, 0, 0, errors.New("bad #hex value")
		}
		var v any
		if rest, err := asn1.Unmarshal(b, &v); err != nil || len(rest) > 0 {
			return nil, 0, 0, errors.New("bad #hex value")
		}
		for j < len(s) && s[j] == ' ' {
			j++
		}
		if j == len(s) {
			return v, 0, j, nil
		}
		if strings.IndexByte(",;+", s[j]) < 0 {
			return nil, 0, 0, errors.New("text after a #hex value")
		}
		return v, s[j], j + 1, nil
	}
	var b []byte
	kept := 0 // len(b) up to the last escaped or non-blank byte
	for ; i < len(s); i++ {
		c := s[i]
		switch {
		case c == ',' || c == ';' || c == '+':
			sep = c
		case c == '\\':
			if i+1 >= len(s) {
				return nil, 0, 0, errors.New("'\\' at the end")
			}
			if d := s[i+1]; strings.IndexByte(" \"#+,;<=>\\", d) >= 0 {
				b, i = append(b, d), i+1
			} else if i+2 < len(s) && isHex(s[i+1]) && isHex(s[i+2]) {
				x, _ := hex.DecodeString(s[i+1 : i+3])
				b, i = append(b, x[0]), i+2
			} else {
				return nil, 0, 0, fmt.Errorf("bad escape '\\%c'", d)
			}
			kept = len(b)
			continue
		case c == '"' || c == '<' || c == '>' || c == 0:
			return nil, 0, 0, fmt.Errorf("%q must be escaped", c)
		default:
			b = append(b, c)
			if c != ' ' {
				kept = len(b)
			}
			continue
		}
		break
	}
	if kept == 0 {
		return nil, 0, 0, errors.New("empty value")
	}
	return string(b[:kept]), sep, i + 1, nil
}

func isHex(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}
