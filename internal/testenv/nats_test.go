package testenv

import (
	"net"
	"strconv"
	"strings"
	"testing"
	"time"
)

// serveOnce accepts connections on a loopback port and writes greeting to
// each; it returns the URL.
func serveOnce(t *testing.T, greeting string) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { l.Close() })
	go func() {
		for {
			c, err := l.Accept()
			if err != nil {
				return
			}
			c.Write([]byte(greeting))
			c.Close()
		}
	}()
	return "nats://" + l.Addr().String()
}

func TestNATSAnswers(t *testing.T) {
	ok := serveOnce(t, "INFO {\"server_id\":\"x\"}\r\n")
	if err := natsAnswers(ok, time.Second); err != nil {
		t.Errorf("a server sending INFO: %v", err)
	}
	if err := natsAnswers("nats://user:pw@"+strings.TrimPrefix(ok, "nats://")+","+ok, time.Second); err != nil {
		t.Errorf("a list with credentials: %v", err)
	}
	http := serveOnce(t, "HTTP/1.1 400 Bad Request\r\n")
	if err := natsAnswers(http, time.Second); err == nil || !strings.Contains(err.Error(), "not a NATS server") {
		t.Errorf("an HTTP server: %v; want not a NATS server", err)
	}
	port, err := freePort()
	if err != nil {
		t.Fatal(err)
	}
	if err := natsAnswers("nats://127.0.0.1:"+strconv.Itoa(port), time.Second); err == nil {
		t.Error("a closed port answers")
	}
}
