package fonts

import "testing"

func BenchmarkNewRegistry(b *testing.B) {
	for i := 0; i < b.N; i++ {
		if _, err := NewRegistry(); err != nil {
			b.Fatal(err)
		}
	}
}
