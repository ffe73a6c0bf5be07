//go:build race

package strictjson

// raceEnabled: the race detector makes values escape that otherwise would
// not, so allocation counts mean nothing under it.
const raceEnabled = true
