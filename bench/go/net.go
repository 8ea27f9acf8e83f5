package main

// The Go anchors of the network benchmarks: the same two servers as pal's examples, written the
// way Go is written (a goroutine per connection over net.Conn; net/http for HTTP). Each prints
// "listening on HOST:PORT" once bound, as pal's servers do, and serves until killed.

import (
	"fmt"
	"net"
	"net/http"
	"os"
)

func listen(addr string) net.Listener {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		fmt.Fprintln(os.Stderr, "listen:", err)
		os.Exit(1)
	}
	fmt.Printf("listening on %s\n", ln.Addr())
	return ln
}

// echoServer sends back every byte it reads, a goroutine per connection. Its read buffer is 1 KiB
// per connection, the same as pal's io.pal.examples.net.EchoServer.
func echoServer(addr string) {
	ln := listen(addr)
	for {
		c, err := ln.Accept()
		if err != nil {
			fmt.Fprintln(os.Stderr, "accept:", err)
			continue
		}
		go func(c net.Conn) {
			defer c.Close()
			buf := make([]byte, 1024)
			for {
				n, err := c.Read(buf)
				if n > 0 {
					if _, werr := c.Write(buf[:n]); werr != nil {
						return
					}
				}
				if err != nil {
					return
				}
			}
		}(c)
	}
}

// httpServer answers every request with 200 and "Hello, world!" (net/http: keep-alive by default).
func httpServer(addr string) {
	body := []byte("Hello, world!")
	ln := listen(addr)
	handler := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/plain")
		w.Write(body)
	})
	if err := http.Serve(ln, handler); err != nil {
		fmt.Fprintln(os.Stderr, "serve:", err)
		os.Exit(1)
	}
}
