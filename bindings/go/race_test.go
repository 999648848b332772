//go:build race

package boxoffice

// raceEnabled is true under the race detector (go test -race), which makes every Go memory
// access and cgo call much slower; the memory test then runs fewer iterations.
const raceEnabled = true
