package inspect

// Reference implementations of the facts scanText computes, one simple
// loop each, for FuzzScanText to compare against.

func refScanFlags(s string) uint8 {
	var f uint8
	for i := 0; i < len(s); i++ {
		f |= byteFlags[s[i]]
	}
	return f
}

func refDigitRuns(s string) []digitRunSpan {
	var runs []digitRunSpan
	for i := 0; i < len(s); {
		for i < len(s) && runClass[s[i]] == rcOther {
			i++
		}
		start, digits := i, 0
		for ; i < len(s); i++ {
			c := runClass[s[i]]
			if c == rcOther {
				break
			}
			if c == rcDigit {
				digits++
			}
		}
		if digits >= minRunDigits {
			runs = append(runs, digitRunSpan{start, i, digits})
		}
	}
	return runs
}

// refShapes finds the shapes in the text with ASCII whitespace removed and
// returns the original offset of each occurrence's first character.
func refShapes(s string) (out [2][]int) {
	var prev [2]int
	letters := 0
	for i := 0; i < len(s); i++ {
		switch {
		case isSpace(s[i]):
		case isLetter(s[i]):
			prev[0], prev[1] = prev[1], i
			letters++
		case isDigit(s[i]):
			if letters >= 2 {
				for k, sh := range shapes {
					if shapeFrom(s, prev[0], sh) {
						out[k] = append(out[k], prev[0])
					}
				}
			}
			letters = 0
		default:
			letters = 0
		}
	}
	return out
}
