// Package kakao is the sandbox's shared vocabulary: the one catalogue of errors
// the sandbox can return, Kakao's bank codes, and Korean time formats.
//
// It sits at the bottom of the import graph: it imports nothing from the
// sandbox, and every other package may import it.
package kakao
