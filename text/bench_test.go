package text

import (
	"os"
	"strings"
	"testing"
)

func BenchmarkNew(b *testing.B) {
	data, err := os.ReadFile("../testdata/harbor.txt")
	if err != nil {
		b.Fatal(err)
	}
	in := strings.Repeat(string(data)+"\n\n", 10)
	b.SetBytes(int64(len(in)))
	b.ReportAllocs()
	var ntok int
	for b.Loop() {
		ntok = len(New(in).Tokens)
	}
	b.ReportMetric(float64(ntok)*float64(b.N)/b.Elapsed().Seconds(), "tokens/s")
}
