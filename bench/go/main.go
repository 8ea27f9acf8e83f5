// Command palbench measures the Go anchors that pal's benchmarks are compared with: unbuffered
// channel ping-pong, goroutine spawn+join, heap per parked goroutine and a CPU-bound fan-out
// (the same job as io.pal.bench.FanOut), and the echo and HTTP servers of the network benchmarks
// (net.go). The measuring modes print the same RESULT lines as io.pal.bench.Harness:
//
//	RESULT <group> go <variant> <score> <error> <unit> <note>   (tab-separated)
//
// bench/run.sh builds it with `go build` and runs each mode in a process of its own.
package main

import (
	"flag"
	"fmt"
	"os"
	"runtime"
	"runtime/debug"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"
)

func main() {
	mode := flag.String("mode", "", "pingpong | spawn | mem | fanout | echo-server | http-server")
	addr := flag.String("addr", "127.0.0.1:0", "address for echo-server and http-server (port 0: a free one)")
	procs := flag.Int("procs", 0, "GOMAXPROCS for pingpong and fanout (0: leave the default)")
	n := flag.Int("n", 0, "strands/goroutines (spawn, mem) or round trips (pingpong); 0: the mode's default")
	flag.Parse()
	if *procs > 0 {
		runtime.GOMAXPROCS(*procs)
	}
	switch *mode {
	case "pingpong":
		pingpong(orDefault(*n, 1_000_000))
	case "spawn":
		spawn(orDefault(*n, 1_000_000))
	case "mem":
		mem(orDefault(*n, 1_000_000))
	case "fanout":
		fanout()
	case "echo-server":
		echoServer(*addr)
	case "http-server":
		httpServer(*addr)
	default:
		fmt.Fprintln(os.Stderr, "usage: palbench -mode pingpong|spawn|mem|fanout [-procs N] [-n N] | -mode echo-server|http-server [-addr HOST:PORT]")
		os.Exit(2)
	}
}

func orDefault(v, d int) int {
	if v > 0 {
		return v
	}
	return d
}

func result(group, variant string, score float64, unit, note string) {
	fmt.Printf("RESULT\t%s\tgo\t%s\t%.3f\tNaN\t%s\t%s\n", group, variant, score, unit, note)
}

// median of the measured rounds, with min and max for the note.
func summary(xs []float64) (med, min, max float64) {
	s := append([]float64(nil), xs...)
	sort.Float64s(s)
	return s[len(s)/2], s[0], s[len(s)-1]
}

// ---------------------------------------------------------------- ping-pong

func pingpongOnce(rounds int) float64 {
	ping := make(chan struct{})
	pong := make(chan struct{})
	go func() {
		for range ping {
			pong <- struct{}{}
		}
	}()
	t0 := time.Now()
	for i := 0; i < rounds; i++ {
		ping <- struct{}{}
		<-pong
	}
	d := time.Since(t0)
	close(ping)
	return float64(d.Nanoseconds()) / float64(rounds)
}

func pingpong(rounds int) {
	const warmup, reps = 2, 7
	var xs []float64
	for r := 0; r < warmup+reps; r++ {
		ns := pingpongOnce(rounds)
		fmt.Printf("# go pingpong GOMAXPROCS=%d round %d: %.1f ns/round trip\n", runtime.GOMAXPROCS(0), r, ns)
		if r >= warmup {
			xs = append(xs, ns)
		}
	}
	med, min, max := summary(xs)
	result("pingpong", strconv.Itoa(runtime.GOMAXPROCS(0)), med, "ns/op",
		fmt.Sprintf("unbuffered chan; %d round trips per rep, median of %d reps (min %.1f, max %.1f)", rounds, reps, min, max))
}

// ---------------------------------------------------------------- spawn + join

func batch(n int) {
	var wg sync.WaitGroup
	wg.Add(n)
	for i := 0; i < n; i++ {
		go func() { wg.Done() }()
	}
	wg.Wait()
}

func spawn(big int) {
	// JMH-like: batches of 10,000, about 2 s of them.
	const b = 10_000
	var xs []float64
	for r := 0; r < 12; r++ {
		t0 := time.Now()
		for i := 0; i < 20; i++ {
			batch(b)
		}
		ns := float64(time.Since(t0).Nanoseconds()) / float64(20*b)
		if r >= 2 {
			xs = append(xs, ns)
		}
	}
	med, min, max := summary(xs)
	result("spawn-join-10k", "default", med, "ns/op",
		fmt.Sprintf("GOMAXPROCS=%d; go func + sync.WaitGroup; median of %d reps of 20 batches (min %.1f, max %.1f)", runtime.GOMAXPROCS(0), len(xs), min, max))

	xs = nil
	for r := 0; r < 7; r++ {
		runtime.GC()
		t0 := time.Now()
		batch(big)
		ns := float64(time.Since(t0).Nanoseconds()) / float64(big)
		fmt.Printf("# go spawn+join round %d: %d goroutines, %.1f ns/goroutine\n", r, big, ns)
		if r >= 2 {
			xs = append(xs, ns)
		}
	}
	med, min, max = summary(xs)
	result("spawn-join-harness", "default", med, "ns/strand",
		fmt.Sprintf("n=%d per round, GOMAXPROCS=%d, median of %d rounds after 2 warm-up (min %.1f, max %.1f)", big, runtime.GOMAXPROCS(0), len(xs), min, max))
}

// ---------------------------------------------------------------- heap per parked goroutine

var release = make(chan struct{})

//go:noinline
func depth1(wg *sync.WaitGroup, a int) { depth2(wg, a*31+7) }

//go:noinline
func depth2(wg *sync.WaitGroup, b int) { depth3(wg, b^5) }

//go:noinline
func depth3(wg *sync.WaitGroup, c int) {
	wg.Done()
	<-release
	if c == 42 {
		fmt.Print("")
	}
}

func rss() uint64 {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	for _, l := range strings.Split(string(b), "\n") {
		if strings.HasPrefix(l, "VmRSS:") {
			f := strings.Fields(l)
			v, _ := strconv.ParseUint(f[1], 10, 64)
			return v * 1024
		}
	}
	return 0
}

func mem(n int) {
	debug.SetGCPercent(100)
	var before, after runtime.MemStats
	runtime.GC()
	runtime.GC()
	runtime.ReadMemStats(&before)
	rss0 := rss()
	var wg sync.WaitGroup
	wg.Add(n)
	for i := 0; i < n; i++ {
		go depth1(&wg, i)
	}
	wg.Wait()
	time.Sleep(200 * time.Millisecond) // let the last ones reach the channel receive
	runtime.GC()
	runtime.GC()
	runtime.ReadMemStats(&after)
	rss1 := rss()
	heap := float64(after.HeapAlloc-before.HeapAlloc) / float64(n)
	stack := float64(after.StackInuse-before.StackInuse) / float64(n)
	result("heap-per-parked", "default", heap+stack, "B/strand",
		fmt.Sprintf("n=%d; HeapAlloc %.0f B + StackInuse %.0f B per goroutine after runtime.GC() (runtime.MemStats); RSS delta %.0f B/goroutine; GOMAXPROCS=%d",
			n, heap, stack, float64(rss1-rss0)/float64(n), runtime.GOMAXPROCS(0)))
	close(release)
}

// ---------------------------------------------------------------- CPU-bound fan-out

const total = 1 << 26
const parts = 1024

func mix(z uint64) uint64 {
	z += 0x9E3779B97F4A7C15
	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9
	z = (z ^ (z >> 27)) * 0x94D049BB133111EB
	return z ^ (z >> 31)
}

func rangeSum(from, to uint64) uint64 {
	var s uint64
	for i := from; i < to; i++ {
		s += mix(i)
	}
	return s
}

func fanoutOnce() (float64, uint64) {
	t0 := time.Now()
	res := make([]uint64, parts)
	var wg sync.WaitGroup
	wg.Add(parts)
	chunk := uint64(total / parts)
	for p := 0; p < parts; p++ {
		go func(p int) {
			res[p] = rangeSum(uint64(p)*chunk, uint64(p+1)*chunk)
			wg.Done()
		}(p)
	}
	wg.Wait()
	var sum uint64
	for _, r := range res {
		sum += r
	}
	return float64(time.Since(t0).Nanoseconds()) / 1e6, sum
}

func fanout() {
	want := rangeSum(0, total)
	var xs []float64
	for r := 0; r < 13; r++ {
		ms, sum := fanoutOnce()
		if sum != want {
			panic("fan-out sum mismatch")
		}
		if r >= 3 {
			xs = append(xs, ms)
		}
	}
	med, min, max := summary(xs)
	result("fanout", strconv.Itoa(runtime.GOMAXPROCS(0)), med, "ms/op",
		fmt.Sprintf("median of %d jobs after 3 warm-up (min %.1f, max %.1f)", len(xs), min, max))
}
