package learned

import (
	"os"
	"path/filepath"
	"syscall"
	"testing"
	"time"

	"github.com/whosaid/whosaid/models"
	"github.com/whosaid/whosaid/text"
)

// TestExtractCPU prints the processor time (user and system, all
// threads) Extract takes per article on examples/aleppo.txt with the
// embedded model, or the model file of WHOSAID_CPU_MODEL: 100 articles
// after 5 of warm-up. It runs only when WHOSAID_CPU is set. Processor time
// moves less than wall time with other jobs on the machine; to compare two
// versions, build this test at each and run the binaries in turn several
// times (QUALITY.md):
//
//	WHOSAID_CPU=1 GOMAXPROCS=1 go test -v -run TestExtractCPU ./attrib/learned
func TestExtractCPU(t *testing.T) {
	if os.Getenv("WHOSAID_CPU") == "" {
		t.Skip("set WHOSAID_CPU=1")
	}
	src, err := os.ReadFile(filepath.Join("..", "..", "examples", "aleppo.txt"))
	if err != nil {
		t.Fatal(err)
	}
	data := models.Attrib()
	if p := os.Getenv("WHOSAID_CPU_MODEL"); p != "" {
		if data, err = os.ReadFile(p); err != nil {
			t.Fatal(err)
		}
	}
	x, err := Load(data)
	if err != nil {
		t.Fatal(err)
	}
	cpu := func() time.Duration {
		var ru syscall.Rusage
		if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
			t.Fatal(err)
		}
		return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
	}
	for range 5 {
		x.Extract(text.New(string(src)))
	}
	const n = 100
	c := cpu()
	for range n {
		x.Extract(text.New(string(src)))
	}
	t.Logf("%.3f ms of processor time per article", float64((cpu()-c).Microseconds())/1000/n)
}
