// Package jpg decodes JPEG pictures at a reduced scale: the standard
// library's decoder (image/jpeg, Go 1.26; BSD licence in LICENSE) with
// the inverse DCT of each block made at 1/2, 1/4 or 1/8 of its size, as
// libjpeg's scaled decoding does. A press photo of 1600×900 pixels set in
// a box of 400 pixels across needs a quarter of its pixels: decoded at
// that scale it takes a sixteenth of the memory and much less time, and
// the resampling after it has at most a factor of two to make up.
//
// Decoding a picture at an eighth reads all its entropy-coded data but
// makes only the mean of each block, so it is also the cheapest full check
// that a JPEG decodes.
package jpg
