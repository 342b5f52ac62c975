//go:build !race

package pdf

// raceDetector is set when the tests run under the race detector.
const raceDetector = false
