package rules

import (
	"fmt"
	"regexp"

	"go.yaml.in/yaml/v3"
)

// idRE is the rule id syntax: kebab-case.
var idRE = regexp.MustCompile(`^[a-z0-9]+(?:-[a-z0-9]+)*$`) // constant pattern

// ruleDecoder decodes one rule item and collects its problems.
type ruleDecoder struct {
	file  string
	label string // the rule id once known, else rules[i]
	rule  *Rule
	seen  map[string]bool
	ps    []Problem
	named map[string]*namedAllowlist // the file's `allowlists:`
}

// fieldSetters decode each known key's value node into the rule; they return
// a problem message, "" when the value is fine.
var fieldSetters map[string]func(r *Rule, v *yaml.Node) string

func init() {
	fieldSetters = map[string]func(r *Rule, v *yaml.Node) string{
		"id":          setID,
		"description": func(r *Rule, v *yaml.Node) string { return str(v, &r.Description) },
		"severity":    setSeverity,
		"action":      setAction,
		"pattern":     func(r *Rule, v *yaml.Node) string { return str(v, &r.Pattern) },
		"keywords":    setKeywords,
		"proximity":   func(r *Rule, v *yaml.Node) string { return integer(v, 0, &r.Proximity) },
		"validator":   func(r *Rule, v *yaml.Node) string { return str(v, &r.Validator) },
		"min_count":   func(r *Rule, v *yaml.Node) string { return integer(v, 1, &r.MinCount) },
		"keep_last":   func(r *Rule, v *yaml.Node) string { return integer(v, 0, &r.KeepLast) },
		"max_length":  func(r *Rule, v *yaml.Node) string { return integer(v, 0, &r.MaxLength) },
		"direction":   setDirection,
		"services":    func(r *Rule, v *yaml.Node) string { return strList(v, false, &r.Services) },
		"groups":      func(r *Rule, v *yaml.Node) string { return strList(v, false, &r.Groups) },
		"prefilter":   func(r *Rule, v *yaml.Node) string { return boolean(v, &r.Prefilter) },
		"fallback":    func(r *Rule, v *yaml.Node) string { return boolean(v, &r.Fallback) },
		"examples":    setExamples,
		"allowlist":   setAllowlist,
	}
}

// decodeRule decodes list item i of file into a compiled rule. The rule is
// nil when its pattern did not compile (or was never reached); a rule with
// problems only in its allowlist comes back with them, so that Check still
// runs its examples.
func decodeRule(item *yaml.Node, file string, i int, named map[string]*namedAllowlist) (*Rule, []Problem) {
	d := &ruleDecoder{file: file, label: fmt.Sprintf("rules[%d]", i), seen: map[string]bool{}, named: named}
	if item.Kind != yaml.MappingNode {
		d.add(item.Line, "rule must be a mapping")
		return nil, d.ps
	}
	d.rule = &Rule{MinCount: 1, Direction: DirectionOutbound, Prefilter: true, Pos: Pos{File: file, Line: item.Line}}
	d.findID(item)
	for j := 0; j+1 < len(item.Content); j += 2 {
		d.field(item.Content[j], item.Content[j+1])
	}
	d.required(item.Line)
	if len(d.ps) == 0 {
		d.compile()
	}
	if d.rule.re == nil {
		return nil, d.ps
	}
	return d.rule, d.ps
}

func (d *ruleDecoder) add(line int, format string, args ...any) {
	d.ps = append(d.ps, Problem{File: d.file, Line: line, ID: d.label, Message: fmt.Sprintf(format, args...)})
}

// findID sets the label early so that every problem names the rule.
func (d *ruleDecoder) findID(item *yaml.Node) {
	for j := 0; j+1 < len(item.Content); j += 2 {
		k, v := item.Content[j], item.Content[j+1]
		if k.Value == "id" && v.Kind == yaml.ScalarNode && idRE.MatchString(v.Value) {
			d.label = v.Value
			return
		}
	}
}

func (d *ruleDecoder) field(k, v *yaml.Node) {
	set, ok := fieldSetters[k.Value]
	switch {
	case k.Kind != yaml.ScalarNode:
		d.add(k.Line, "keys must be plain strings")
	case !ok:
		d.add(k.Line, "unknown key %q", k.Value)
	case d.seen[k.Value]:
		d.add(k.Line, "duplicate key %q", k.Value)
	case v.Kind == yaml.AliasNode:
		d.add(k.Line, "%s: YAML aliases are not supported", k.Value)
	default:
		d.seen[k.Value] = true
		if msg := set(d.rule, v); msg != "" {
			d.add(k.Line, "%s: %s", k.Value, msg)
		}
	}
}

func (d *ruleDecoder) required(line int) {
	for _, k := range []string{"id", "pattern", "severity", "action"} {
		if !d.seen[k] {
			d.add(line, "missing %s", k)
		}
	}
}

func setID(r *Rule, v *yaml.Node) string {
	if msg := str(v, &r.ID); msg != "" {
		return msg
	}
	if !idRE.MatchString(r.ID) || len(r.ID) > 100 {
		return fmt.Sprintf("%q is not a kebab-case id (lowercase letters, digits, single hyphens)", r.ID)
	}
	return ""
}

func setSeverity(r *Rule, v *yaml.Node) string {
	return enum(v, ParseSeverity, &r.Severity)
}

func setAction(r *Rule, v *yaml.Node) string {
	return enum(v, ParseAction, &r.Action)
}

func setDirection(r *Rule, v *yaml.Node) string {
	return enum(v, ParseDirection, &r.Direction)
}

func setKeywords(r *Rule, v *yaml.Node) string {
	// Spaces are kept: only a quoted keyword can have them, on purpose.
	return strListTrim(v, true, false, &r.Keywords)
}

func setExamples(r *Rule, v *yaml.Node) string {
	if v.Kind != yaml.MappingNode {
		return "want a mapping with match and no_match lists"
	}
	seen := map[string]bool{}
	for j := 0; j+1 < len(v.Content); j += 2 {
		k, val := v.Content[j], v.Content[j+1]
		var dst *[]string
		switch k.Value {
		case "match":
			dst = &r.Examples.Match
		case "no_match":
			dst = &r.Examples.NoMatch
		default:
			return fmt.Sprintf("unknown key %q (want match, no_match)", k.Value)
		}
		if seen[k.Value] {
			return fmt.Sprintf("duplicate key %q", k.Value)
		}
		seen[k.Value] = true
		if msg := exampleList(val, dst); msg != "" {
			return k.Value + ": " + msg
		}
	}
	return ""
}
