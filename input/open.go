package input

import (
	"context"
	"fmt"
	"io"
	"io/fs"
	"os"
	"syscall"
	"time"
)

// Open opens the file at path for reading. A regular file is opened as
// is. Anything else (a named pipe, as a shell's <(command) gives, or a
// device) is read as a stream: opening it, which for a named pipe waits
// for a writer, and each read give way when ctx is done, returning ctx's
// error. A directory is an error.
func Open(ctx context.Context, path string) (io.ReadCloser, error) {
	return open(ctx, path, true)
}

// open opens path for reading. A file that is not regular is refused
// with an error saying so, unless stream is set and it is not a directory:
// it is then opened as Open does.
func open(ctx context.Context, path string, stream bool) (io.ReadCloser, error) {
	// The type is known before opening: even a non-blocking open of a
	// named pipe would count as its reader, letting a writer in whose data
	// would be lost when it is closed.
	info, err := os.Stat(path)
	if err != nil {
		return nil, err
	}
	mode := info.Mode()
	if !mode.IsRegular() {
		if !stream || mode.IsDir() {
			return nil, fmt.Errorf("%s: not a regular file (%s)", path, kind(mode))
		}
		f, err := openWait(ctx, path, mode)
		if err != nil {
			return nil, err
		}
		return &streamFile{ctxReader{ctx: ctx, r: f}, f}, nil
	}
	// O_NONBLOCK (ignored by a regular file): should the file have been
	// replaced by a named pipe since, opening it does not wait for a
	// writer; that is checked at once.
	f, err := os.OpenFile(path, os.O_RDONLY|syscall.O_NONBLOCK, 0)
	if err != nil {
		return nil, err
	}
	if info, err = f.Stat(); err != nil || !info.Mode().IsRegular() {
		f.Close()
		if err == nil {
			err = fmt.Errorf("%s: not a regular file (%s) any more", path, kind(info.Mode()))
		}
		return nil, err
	}
	return f, nil
}

// kind names what a file that is not regular is.
func kind(mode fs.FileMode) string {
	switch {
	case mode.IsDir():
		return "a directory"
	case mode&fs.ModeNamedPipe != 0:
		return "a named pipe"
	case mode&fs.ModeSocket != 0:
		return "a socket"
	case mode&fs.ModeDevice != 0:
		return "a device"
	}
	return mode.Type().String()
}

// openWait opens path for reading, waiting for a named pipe's writer, and
// returns ctx's error as soon as ctx is done.
func openWait(ctx context.Context, path string, mode fs.FileMode) (*os.File, error) {
	type opened struct {
		f   *os.File
		err error
	}
	ch := make(chan opened, 1)
	go func() {
		f, err := os.Open(path)
		ch <- opened{f, err}
	}()
	select {
	case o := <-ch:
		return o.f, o.err
	case <-ctx.Done():
	}
	// The open goroutine may be waiting for a writer: be that writer for
	// an instant so that it ends, then close what it opened.
	go func() {
		for range 100 {
			if mode&fs.ModeNamedPipe != 0 {
				if w, err := os.OpenFile(path, os.O_WRONLY|syscall.O_NONBLOCK, 0); err == nil {
					w.Close()
				}
			}
			select {
			case o := <-ch:
				if o.f != nil {
					o.f.Close()
				}
				return
			case <-time.After(10 * time.Millisecond):
			}
		}
	}()
	return nil, ctx.Err()
}

// WithContext returns a reader of r whose reads give way when ctx is done,
// returning ctx's error: for standard input, which may be a pipe or a
// terminal that never sends anything. A read left waiting goes on in the
// background until r returns; r must not be read otherwise after that.
func WithContext(ctx context.Context, r io.Reader) io.Reader {
	return &ctxReader{ctx: ctx, r: r}
}

// ctxReader reads r in another goroutine, so that a read waiting on a pipe
// or a terminal returns ctx's error as soon as ctx is done. Such a read
// goes on in the background until r returns; closing r (a file) ends it.
type ctxReader struct {
	ctx context.Context
	r   io.Reader
	buf []byte
	res chan readResult
}

type readResult struct {
	n   int
	err error
}

func (c *ctxReader) Read(p []byte) (int, error) {
	if err := c.ctx.Err(); err != nil {
		return 0, err
	}
	if len(p) == 0 {
		return 0, nil
	}
	if c.buf == nil {
		c.buf = make([]byte, 64<<10)
		c.res = make(chan readResult, 1)
	}
	// buf is not touched again once a read has been abandoned: every
	// later Read returns at the context check above.
	buf := c.buf[:min(len(p), len(c.buf))]
	go func() {
		n, err := c.r.Read(buf)
		c.res <- readResult{n, err}
	}()
	select {
	case r := <-c.res:
		return copy(p, buf[:r.n]), r.err
	case <-c.ctx.Done():
		return 0, c.ctx.Err()
	}
}

// streamFile is a file that is not regular, read through a ctxReader.
type streamFile struct {
	ctxReader
	f *os.File
}

func (s *streamFile) Close() error { return s.f.Close() }
