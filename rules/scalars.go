package rules

import (
	"fmt"
	"strings"

	"go.yaml.in/yaml/v3"
)

// str reads a scalar as a string (numbers are taken as written).
func str(v *yaml.Node, dst *string) string {
	if v.Kind != yaml.ScalarNode || v.Tag == "!!null" {
		return "want a string"
	}
	*dst = v.Value
	return ""
}

// integer reads an integer no smaller than min.
func integer(v *yaml.Node, min int, dst *int) string {
	var n int
	if v.Kind != yaml.ScalarNode || v.Tag != "!!int" || v.Decode(&n) != nil {
		return "want an integer"
	}
	if n < min {
		return fmt.Sprintf("must be at least %d", min)
	}
	if n > 1<<20 {
		return "too large"
	}
	*dst = n
	return ""
}

func boolean(v *yaml.Node, dst *bool) string {
	if v.Kind != yaml.ScalarNode || v.Tag != "!!bool" || v.Decode(dst) != nil {
		return "want true or false"
	}
	return ""
}

// enum reads a scalar through one of the Parse* functions of types.go.
func enum[T any](v *yaml.Node, parse func(string) (T, error), dst *T) string {
	var s string
	if msg := str(v, &s); msg != "" {
		return msg
	}
	t, err := parse(s)
	if err != nil {
		return err.Error()
	}
	*dst = t
	return ""
}

// strList reads a list of non-empty strings, optionally lowercased and
// deduplicated.
func strList(v *yaml.Node, lower bool, dst *[]string) string {
	return strListTrim(v, lower, true, dst)
}

// strListTrim is strList; with trim false an entry keeps the spaces around
// it (a quoted keyword "bsn " means bsn and then a space).
func strListTrim(v *yaml.Node, lower, trim bool, dst *[]string) string {
	if v.Kind != yaml.SequenceNode {
		return "want a list of strings"
	}
	var out []string
	seen := map[string]bool{}
	for _, item := range v.Content {
		var s string
		if msg := str(item, &s); msg != "" {
			return msg
		}
		if trim {
			s = strings.TrimSpace(s)
		}
		if lower {
			s = strings.ToLower(s)
		}
		if strings.TrimSpace(s) == "" {
			return "empty entry"
		}
		if !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	*dst = out
	return ""
}

// exampleList reads example texts verbatim (empty strings allowed: a
// no_match example may be "").
func exampleList(v *yaml.Node, dst *[]string) string {
	if v.Kind != yaml.SequenceNode {
		return "want a list of strings"
	}
	out := make([]string, 0, len(v.Content))
	for _, item := range v.Content {
		if item.Kind != yaml.ScalarNode || item.Tag == "!!null" {
			return "want a list of strings"
		}
		out = append(out, item.Value)
	}
	*dst = out
	return ""
}
