//go:build race

package pdf

// raceDetector is set when the tests run under the race detector, which
// makes pure pixel arithmetic ten times slower and checks nothing in it.
const raceDetector = true
