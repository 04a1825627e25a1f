package testenv

import (
	"bufio"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// NATSEnv names the URL of the NATS server (with JetStream) that tests
// share, for example nats://127.0.0.1:4222; .ci/run starts one and sets it.
const NATSEnv = "WHOSAID_NATS"

// NATSServerEnv names the nats-server binary StartNATS runs; by default
// nats-server on $PATH.
const NATSServerEnv = "WHOSAID_NATS_SERVER"

// NATS returns the URL of the shared NATS server, $WHOSAID_NATS, after
// checking that it answers. When it is unset or does not answer, the test
// is skipped, or fails when Required. Tests that share it use names of
// their own (streams, consumers) so that they do not meet.
func NATS(tb testing.TB) string {
	tb.Helper()
	e := osEnv()
	u := e.getenv(NATSEnv)
	var err error
	if u == "" {
		err = fmt.Errorf("testenv: $%s is not set; start nats-server -js and set it to its URL (nats://127.0.0.1:4222), as .ci/run does", NATSEnv)
	} else if err = natsAnswers(u, 5*time.Second); err != nil {
		err = fmt.Errorf("testenv: the NATS server $%s=%s does not answer: %v", NATSEnv, u, err)
	}
	return e.check(tb, u, err)
}

// natsAnswers reports whether a NATS server at u (nats://host:port) sends
// its INFO line within d.
func natsAnswers(u string, d time.Duration) error {
	hostport := strings.TrimPrefix(strings.Split(u, ",")[0], "nats://")
	if i := strings.LastIndex(hostport, "@"); i >= 0 {
		hostport = hostport[i+1:]
	}
	hostport = strings.TrimSuffix(hostport, "/")
	c, err := net.DialTimeout("tcp", hostport, d)
	if err != nil {
		return err
	}
	defer c.Close()
	c.SetReadDeadline(time.Now().Add(d))
	line, err := bufio.NewReader(c).ReadString('\n')
	if err != nil {
		return err
	}
	if !strings.HasPrefix(line, "INFO ") {
		return fmt.Errorf("%s is not a NATS server (it said %.40q)", hostport, line)
	}
	return nil
}

// NATSServer is a nats-server with JetStream that one test runs alone,
// on a free loopback port with its own store directory, for tests that
// stop and restart it.
type NATSServer struct {
	URL  string // nats://127.0.0.1:port
	Port int
	Dir  string // its JetStream store directory

	tb   testing.TB
	bin  string
	mu   sync.Mutex
	cmd  *exec.Cmd
	log  string // its log file
	done chan struct{}
}

// StartNATS starts a private nats-server -js (the binary of
// $WHOSAID_NATS_SERVER, else nats-server on $PATH) and stops it when the
// test ends. Without the binary the test is skipped, or fails when
// Required.
func StartNATS(tb testing.TB) *NATSServer {
	tb.Helper()
	e := osEnv()
	name := e.getenv(NATSServerEnv)
	if name == "" {
		name = "nats-server"
	}
	bin, err := e.lookPath(name)
	if err != nil {
		err = fmt.Errorf("testenv: no %s found: %v; install it (Debian: apt-get install -y nats-server) or set %s", name, err, NATSServerEnv)
	}
	if e.check(tb, bin, err) == "" {
		return nil
	}
	port, err := freePort()
	if err != nil {
		tb.Fatalf("testenv: a free port for nats-server: %v", err)
	}
	s := &NATSServer{URL: fmt.Sprintf("nats://127.0.0.1:%d", port), Port: port, Dir: tb.TempDir(), tb: tb, bin: bin}
	s.Start()
	tb.Cleanup(s.Stop)
	return s
}

// freePort returns a loopback TCP port that was free a moment ago.
func freePort() (int, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port, nil
}

// Start starts the server (again, after Stop) on its port with its store
// directory, and waits until it answers, failing the test after 15 s.
func (s *NATSServer) Start() {
	s.tb.Helper()
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.cmd != nil {
		return
	}
	s.log = filepath.Join(s.Dir, "nats-server.log")
	logf, err := os.OpenFile(s.log, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o644)
	if err != nil {
		s.tb.Fatalf("testenv: %v", err)
	}
	defer logf.Close()
	cmd := exec.Command(s.bin, "-js", "-a", "127.0.0.1", "-p", strconv.Itoa(s.Port), "-sd", filepath.Join(s.Dir, "js"))
	cmd.Stdout, cmd.Stderr = logf, logf
	if err := cmd.Start(); err != nil {
		s.tb.Fatalf("testenv: starting %s: %v", s.bin, err)
	}
	done := make(chan struct{})
	go func() { cmd.Wait(); close(done) }()
	for deadline := time.Now().Add(15 * time.Second); ; time.Sleep(50 * time.Millisecond) {
		select {
		case <-done:
			s.tb.Fatalf("testenv: nats-server on port %d exited at start: %s", s.Port, readLog(s.log))
		default:
		}
		if natsAnswers(s.URL, time.Second) == nil {
			break
		}
		if time.Now().After(deadline) {
			cmd.Process.Kill()
			<-done
			s.tb.Fatalf("testenv: nats-server on port %d does not answer after 15 s: %s", s.Port, readLog(s.log))
		}
	}
	s.cmd, s.done = cmd, done
}

// Stop stops the server (SIGTERM, then SIGKILL after 10 s) and waits for
// it to exit. Its store directory stays for a Start.
func (s *NATSServer) Stop() {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.cmd == nil {
		return
	}
	s.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-s.done:
	case <-time.After(10 * time.Second):
		s.cmd.Process.Kill()
		<-s.done
	}
	s.cmd = nil
}

// Running reports whether the server was started and not stopped.
func (s *NATSServer) Running() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.cmd != nil
}

// readLog returns the end of a server's log file, for a failure message.
func readLog(path string) string {
	b, _ := os.ReadFile(path)
	return string(b[max(0, len(b)-2000):])
}
