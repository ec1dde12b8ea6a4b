// Package files knows file formats, not rules: it tells what a file is by
// its content (the name only a second signal) and decides, for the
// inspection pipeline (inspect.FileInspector), what happens to a file
// that crosses chat: executables not trusted take files.executables.action,
// allow_sha256 and deny_sha256 override (deny wins). The configuration
// keys and the file.verdict event are documented in docs/inspection.md.
package files

import (
	"bytes"
	"encoding/binary"
	"path"
	"strings"

	"github.com/gabriel-vasile/mimetype"
)

// Type is what a file is.
type Type struct {
	Name       string // pe, elf, macho, macho-fat, dex, apk, jar, msi, ole, lnk, iso, script, office-macro, or the MIME type's
	MIME       string // gabriel-vasile/mimetype's reading, for the log
	Executable bool   // runs when opened (a program, a script, an installer, a shortcut, a disk image, a macro document)
}

// Detect reads a file's type from its first bytes (a whole small file, or
// a large one's head) and, for text, its name. mimetype is the first pass;
// structural checks follow for what it misses or takes for something else
// (DEX, ISO, scripts, macro Office documents, manifest-less JARs, fat Mach-O
// against Java classes, PE behind a bare MZ).
func Detect(data []byte, name string) Type {
	m := mimetype.Detect(data)
	t := Type{Name: m.String(), MIME: m.String()}
	for _, check := range structural {
		if n, ok := check(data, name); ok {
			t.Name, t.Executable = n, true
			return t
		}
	}
	return t
}

// structural are the checks of executable formats, most specific first.
var structural = []func(data []byte, name string) (string, bool){
	isPE, isELF, isMachO, isDEX, isISO, isLNK, isOLE, isZipExecutable, isScript,
}

// isPE reads the DOS header's e_lfanew and wants "PE\0\0" there: a bare
// "MZ" is not a program.
func isPE(b []byte, _ string) (string, bool) {
	if len(b) < 0x40 || b[0] != 'M' || b[1] != 'Z' {
		return "", false
	}
	off := int(binary.LittleEndian.Uint32(b[0x3c:]))
	if off < 0x40 || off > len(b)-4 || !bytes.Equal(b[off:off+4], []byte("PE\x00\x00")) {
		return "", false
	}
	return "pe", true
}

func isELF(b []byte, _ string) (string, bool) {
	return "elf", len(b) >= 16 && bytes.HasPrefix(b, []byte("\x7fELF")) && (b[4] == 1 || b[4] == 2)
}

// isMachO tells thin Mach-O (both byte orders, 32 and 64 bits) and fat
// Mach-O; a fat header shares 0xCAFEBABE with Java class files, whose
// next word (minor and major version) is far larger than a count of
// architectures.
func isMachO(b []byte, _ string) (string, bool) {
	if len(b) < 8 {
		return "", false
	}
	switch binary.BigEndian.Uint32(b) {
	case 0xfeedface, 0xfeedfacf, 0xcefaedfe, 0xcffaedfe:
		return "macho", true
	case 0xcafebabe, 0xcafebabf:
		n := binary.BigEndian.Uint32(b[4:])
		return "macho-fat", n > 0 && n < 20
	}
	return "", false
}

// isDEX wants "dex\n" and a three-digit version and a NUL.
func isDEX(b []byte, _ string) (string, bool) {
	return "dex", len(b) >= 8 && bytes.HasPrefix(b, []byte("dex\n")) && b[7] == 0
}

// isISO finds an ISO 9660 (or UDF bridge) volume descriptor at sector 16.
func isISO(b []byte, _ string) (string, bool) {
	for _, off := range []int{0x8001, 0x8801, 0x9001} {
		if len(b) >= off+5 && string(b[off:off+5]) == "CD001" {
			return "iso", true
		}
	}
	return "", false
}

// isLNK wants a shell link header: size 0x4C and the link CLSID.
func isLNK(b []byte, _ string) (string, bool) {
	return "lnk", len(b) >= 20 && bytes.Equal(b[:4], []byte{0x4c, 0, 0, 0}) &&
		bytes.Equal(b[4:20], []byte{0x01, 0x14, 0x02, 0, 0, 0, 0, 0, 0xc0, 0, 0, 0, 0, 0, 0, 0x46})
}

// isOLE reads a compound file (MSI, or an Office 97 document): an MSI, or
// a document with a VBA project, runs code.
func isOLE(b []byte, name string) (string, bool) {
	if len(b) < 8 || !bytes.Equal(b[:8], []byte{0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1}) {
		return "", false
	}
	ext := strings.ToLower(path.Ext(name))
	switch {
	case ext == ".msi" || ext == ".msp" || bytes.Contains(b, utf16("SummaryInformation")) && bytes.Contains(b, []byte("Installer")):
		return "msi", true
	case bytes.Contains(b, utf16("_VBA_PROJECT")) || bytes.Contains(b, utf16("VBA")) && bytes.Contains(b, utf16("Macros")):
		return "office-macro", true
	}
	return "", false
}

func utf16(s string) []byte {
	out := make([]byte, 0, 2*len(s))
	for i := 0; i < len(s); i++ {
		out = append(out, s[i], 0)
	}
	return out
}

// isZipExecutable reads a zip's central directory names: an APK
// (AndroidManifest.xml, classes.dex), a JAR (META-INF/MANIFEST.MF, or
// .class entries without one), an Office document with macros
// (vbaProject.bin).
func isZipExecutable(b []byte, _ string) (string, bool) {
	if !bytes.HasPrefix(b, []byte("PK\x03\x04")) {
		return "", false
	}
	names := zipNames(b)
	has := func(pred func(string) bool) bool {
		for _, n := range names {
			if pred(n) {
				return true
			}
		}
		return false
	}
	switch {
	case has(func(n string) bool { return n == "AndroidManifest.xml" || n == "classes.dex" }):
		return "apk", true
	case has(func(n string) bool { return strings.HasSuffix(strings.ToLower(n), "vbaproject.bin") }):
		return "office-macro", true
	case has(func(n string) bool {
		return strings.EqualFold(n, "META-INF/MANIFEST.MF") || strings.HasSuffix(n, ".class")
	}):
		return "jar", true
	}
	return "", false
}

// zipNames lists the names of a zip's local file headers in b (all of b
// that is at hand: the head of a large file is enough for the first).
func zipNames(b []byte) []string {
	var names []string
	for i := 0; i+30 <= len(b) && len(names) < 10000; {
		if !bytes.Equal(b[i:i+4], []byte("PK\x03\x04")) {
			j := bytes.Index(b[i+1:], []byte("PK\x03\x04"))
			if j < 0 {
				break
			}
			i += 1 + j
			continue
		}
		n := int(binary.LittleEndian.Uint16(b[i+26:]))
		extra := int(binary.LittleEndian.Uint16(b[i+28:]))
		if i+30+n > len(b) {
			break
		}
		names = append(names, string(b[i+30:i+30+n]))
		size := int(binary.LittleEndian.Uint32(b[i+18:])) // compressed size (0 with a data descriptor: scan on)
		i += 30 + n + extra + size
	}
	return names
}

// scriptExts are the extensions of scripts Windows or a desktop runs on
// a double click.
var scriptExts = map[string]bool{".ps1": true, ".psm1": true, ".bat": true, ".cmd": true, ".vbs": true, ".vbe": true,
	".js": true, ".jse": true, ".wsf": true, ".wsh": true, ".hta": true, ".desktop": true, ".sh": true, ".command": true}

// isScript finds a script: a shebang, a .desktop entry, an HTA, or text
// named as a script (the name is the only signal text gives).
func isScript(b []byte, name string) (string, bool) {
	head := b[:min(len(b), 512)]
	switch {
	case bytes.HasPrefix(b, []byte("#!")):
		return "script", true
	case bytes.HasPrefix(bytes.TrimSpace(head), []byte("[Desktop Entry]")):
		return "script", true
	case bytes.Contains(bytes.ToLower(head), []byte("<hta:application")):
		return "script", true
	}
	return "script", scriptExts[strings.ToLower(path.Ext(strings.TrimRight(name, ". ")))]
}
