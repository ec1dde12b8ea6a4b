package rules

// compile turns a decoded rule into a runnable one: pattern, validator, and
// the static lint checks. Problems are added to d.ps.
func (d *ruleDecoder) compile() {
	r, line := d.rule, d.rule.Pos.Line
	if r.Pattern == "" {
		d.add(line, "empty pattern")
		return
	}
	re, err := compilePattern(r.Pattern)
	if err != nil {
		d.add(line, "pattern does not compile: %v", err)
		return
	}
	r.setRegex(re)
	if r.Validator != "" {
		v, err := lookupValidator(r.Validator)
		if err != nil {
			d.add(line, "validator: %v", err)
		}
		r.validate = v
	}
	for _, msg := range lint(r) {
		d.add(line, "%s", msg)
	}
	if len(d.ps) > 0 {
		r.re = nil // not usable: only allowlist problems leave a rule to check
		return
	}
	d.compileAllowlist()
}

// lint returns the static problems of a compiled rule.
func lint(r *Rule) []string {
	var out []string
	if matchesEmpty(r) {
		out = append(out, "pattern matches the empty string")
	}
	if r.KeepLast > 0 && r.Action != ActionRedact {
		out = append(out, "keep_last applies only to action redact")
	}
	if r.Proximity > 0 && len(r.Keywords) == 0 {
		out = append(out, "proximity needs keywords")
	}
	return out
}

// matchesEmpty reports whether the pattern produces a zero-length match on
// an empty or a short ordinary text.
func matchesEmpty(r *Rule) bool {
	for _, s := range []string{"", "x 1-\n"} {
		idx, err := r.re.FindAllStringIndex(s, -1)
		if err != nil {
			continue
		}
		for _, m := range idx {
			if m[0] == m[1] {
				return true
			}
		}
	}
	return false
}
