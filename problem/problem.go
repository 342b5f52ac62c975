// Package problem is the one way every stage of a build speaks of a
// problem with its input: a file, the line in it, the story it concerns and
// what is wrong. Edition files, story files, wire copy, pictures and make-up
// all report with it, so the desk reads every problem in one form
// ("file:line: message"), and report.json lists them with the same keys.
//
// A Problem is both a warning (the build goes on) and an error (returned
// where the input cannot be used).
package problem

import (
	"fmt"
	"strings"
)

// Problem is a problem with one input.
type Problem struct {
	// File is the input's path as the desk knows it (relative to the
	// stories folder, or the edition file as given); "" when the problem
	// is not about one file.
	File string `json:"file,omitempty"`
	// Line is 1-based; 0 when the problem is about the whole file.
	Line int `json:"line,omitempty"`
	// Story is the id of the story concerned, when there is one.
	Story string `json:"story,omitempty"`
	Msg   string `json:"message"`
}

// Error returns "file:line: message", "file: message", or the message
// alone when there is no file.
func (p *Problem) Error() string { return p.String() }

// String is Error for a Problem held by value.
func (p Problem) String() string {
	switch {
	case p.File != "" && p.Line > 0:
		return fmt.Sprintf("%s:%d: %s", p.File, p.Line, p.Msg)
	case p.File != "":
		return fmt.Sprintf("%s: %s", p.File, p.Msg)
	}
	return p.Msg
}

// At returns a problem in a file at a line.
func At(file string, line int, format string, args ...any) *Problem {
	return &Problem{File: file, Line: line, Msg: fmt.Sprintf(format, args...)}
}

// List is every problem found in one input, itself an error.
type List []*Problem

// Error returns the problems one a line.
func (l List) Error() string {
	var b strings.Builder
	for i, p := range l {
		if i > 0 {
			b.WriteString("\n")
		}
		b.WriteString(p.Error())
	}
	return b.String()
}
