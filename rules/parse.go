package rules

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"regexp"
	"strconv"

	"go.yaml.in/yaml/v3"
)

// maxRuleFileBytes bounds a rule file; larger files are refused unparsed.
const maxRuleFileBytes = 8 << 20

// Parse decodes one rule file strictly (an unknown or duplicate key is an
// error), compiles every pattern and resolves every validator. Errors are
// Problems, one "file:line: id: problem" each. Parse does not run examples
// or the backtracking probe: Load and Check do.
func Parse(data []byte, file string) ([]*Rule, error) {
	rules, ps := parseFile(data, file)
	if err := errOrNil(ps); err != nil {
		return nil, err
	}
	return rules, nil
}

// parseFile returns the rules that decoded and compiled cleanly, and every
// problem found. It never panics.
func parseFile(data []byte, file string) (rules []*Rule, ps []Problem) {
	if len(data) > maxRuleFileBytes {
		return nil, []Problem{{File: file, Line: 1, Message: fmt.Sprintf("file larger than %d bytes", maxRuleFileBytes)}}
	}
	seq, allow, p := ruleList(data, file)
	if p != nil {
		return nil, []Problem{*p}
	}
	var named map[string]*namedAllowlist
	if allow != nil {
		named, ps = parseAllowlists(allow, file)
	}
	for i, item := range seq {
		r, rps := decodeRule(item, file, i, named)
		ps = append(ps, rps...)
		if r != nil {
			rules = append(rules, r)
		}
	}
	rules, dups := uniqueIDs(rules)
	return rules, append(ps, dups...)
}

// ruleList decodes the document and returns the items of its `rules:`
// list, and its `allowlists:` mapping (nil without one).
func ruleList(data []byte, file string) (rules []*yaml.Node, allow *yaml.Node, p *Problem) {
	var doc yaml.Node
	if err := safeUnmarshal(data, &doc); err != nil {
		return nil, nil, &Problem{File: file, Line: yamlErrLine(err), Message: "invalid YAML: " + trimYAMLErr(err)}
	}
	if doc.Kind == 0 || len(doc.Content) == 0 {
		return nil, nil, &Problem{File: file, Line: 1, Message: "empty file: want a top-level `rules:` list"}
	}
	top := doc.Content[0]
	if top.Kind != yaml.MappingNode {
		return nil, nil, &Problem{File: file, Line: top.Line, Message: "want a mapping with a `rules:` list"}
	}
	var list *yaml.Node
	for i := 0; i+1 < len(top.Content); i += 2 {
		k, v := top.Content[i], top.Content[i+1]
		var dst **yaml.Node
		switch k.Value {
		case "rules":
			dst = &list
		case "allowlists":
			dst = &allow
		default:
			return nil, nil, &Problem{File: file, Line: k.Line, Message: fmt.Sprintf("unknown key %q (want `rules:`, `allowlists:`)", k.Value)}
		}
		switch {
		case *dst != nil:
			return nil, nil, &Problem{File: file, Line: k.Line, Message: fmt.Sprintf("duplicate key %q", k.Value)}
		case v.Kind == yaml.AliasNode:
			return nil, nil, &Problem{File: file, Line: k.Line, Message: k.Value + ": YAML aliases are not supported"}
		}
		*dst = v
	}
	if list == nil || list.Kind != yaml.SequenceNode {
		return nil, nil, &Problem{File: file, Line: top.Line, Message: "`rules:` must be a list"}
	}
	return list.Content, allow, nil
}

// safeUnmarshal decodes the single YAML document of data (an empty input
// leaves n zero), refusing a stream of several documents; a panic in the
// YAML library becomes an error.
func safeUnmarshal(data []byte, n *yaml.Node) (err error) {
	defer func() {
		if v := recover(); v != nil {
			err = errors.New("yaml: malformed document")
		}
	}()
	dec := yaml.NewDecoder(bytes.NewReader(data))
	if err := dec.Decode(n); err != nil && !errors.Is(err, io.EOF) {
		return err
	}
	var extra yaml.Node
	if err := dec.Decode(&extra); !errors.Is(err, io.EOF) {
		return fmt.Errorf("yaml: line %d: more than one YAML document", max(extra.Line, 1))
	}
	return nil
}

var yamlLineRE = regexp.MustCompile(`line (\d+)`) // constant pattern, not user input

func yamlErrLine(err error) int {
	if m := yamlLineRE.FindStringSubmatch(err.Error()); m != nil {
		if n, convErr := strconv.Atoi(m[1]); convErr == nil {
			return n
		}
	}
	return 1
}

var yamlPrefixRE = regexp.MustCompile(`^yaml: (line \d+: )?`) // constant pattern

func trimYAMLErr(err error) string {
	return yamlPrefixRE.ReplaceAllString(err.Error(), "")
}

// uniqueIDs returns rules without those whose id appeared earlier, and a
// problem for each one dropped, at its line.
func uniqueIDs(rules []*Rule) ([]*Rule, []Problem) {
	seen := make(map[string]Pos, len(rules))
	var ps []Problem
	kept := rules[:0:0]
	for _, r := range rules {
		if first, ok := seen[r.ID]; ok {
			ps = append(ps, Problem{File: r.Pos.File, Line: r.Pos.Line, ID: r.ID, Message: "duplicate id (first defined at " + first.String() + ")"})
			continue
		}
		seen[r.ID] = r.Pos
		kept = append(kept, r)
	}
	return kept, ps
}
