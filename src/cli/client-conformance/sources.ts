/**
 * The Go and Java clients, written into the harness's temp folder and built
 * there (kept here as text so that dist/ needs no extra files). Both are
 * bounded loops: `clients` sequential request loops from `start` to `end`
 * (epoch milliseconds), printing `ready` once set up and `{"errors":N}` at
 * the end.
 */

/**
 * Go: one http.Transport per client, one connection each
 * (MaxConnsPerHost 1), dialled through a net.Dialer whose pure-Go resolver
 * sends every query to the harness's DNS on loopback (Resolver.Dial), so
 * each dial looks the name up, sorts the answer by RFC 6724 and dials in
 * order: the `go` preset. The name ends in a dot so no search domain from
 * /etc/resolv.conf is appended.
 */
export const GO_CLIENT = `package main

import (
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"strconv"
	"sync"
	"time"
)

func main() {
	dnsAddr := os.Args[1]
	url := os.Args[2]
	clients, _ := strconv.Atoi(os.Args[3])
	intervalMs, _ := strconv.Atoi(os.Args[4])
	startMs, _ := strconv.ParseInt(os.Args[5], 10, 64)
	endMs, _ := strconv.ParseInt(os.Args[6], 10, 64)
	resolver := &net.Resolver{PreferGo: true, Dial: func(ctx context.Context, network, address string) (net.Conn, error) {
		var d net.Dialer
		return d.DialContext(ctx, "udp", dnsAddr)
	}}
	var mu sync.Mutex
	errors := 0
	var wg sync.WaitGroup
	fmt.Println("ready")
	time.Sleep(time.Until(time.UnixMilli(startMs)))
	for i := 0; i < clients; i++ {
		wg.Add(1)
		go func(id int) {
			defer wg.Done()
			dialer := &net.Dialer{Resolver: resolver, Timeout: 2 * time.Second}
			tr := &http.Transport{DialContext: dialer.DialContext, MaxConnsPerHost: 1, MaxIdleConnsPerHost: 1, DisableCompression: true}
			c := &http.Client{Transport: tr, Timeout: 5 * time.Second}
			for time.Now().UnixMilli() < endMs {
				req, _ := http.NewRequest("GET", url, nil)
				req.Header.Set("x-client", strconv.Itoa(id))
				resp, err := c.Do(req)
				if err != nil {
					mu.Lock()
					errors++
					mu.Unlock()
				} else {
					io.Copy(io.Discard, resp.Body)
					resp.Body.Close()
				}
				time.Sleep(time.Duration(intervalMs) * time.Millisecond)
			}
		}(i)
	}
	wg.Wait()
	fmt.Printf("{\\"errors\\":%d}\\n", errors)
}
`;

/**
 * Java: one JVM per client (the InetAddress cache is per process), the JDK's
 * HttpClient over HTTP/1.1. Every new connection resolves the name through
 * InetAddress, whose positive cache keeps an answer
 * `networkaddress.cache.ttl` seconds (30 s by default, the `jvm` preset), and
 * connects to its first address. The JDK no longer takes a DNS server as a
 * property (sun.net.spi.nameservice is gone), so the name comes from the
 * hosts file named by -Djdk.net.hosts.file, which the harness rewrites with
 * the DNS answer (rotated every second like a round-robin DNS server).
 */
export const JAVA_CLIENT = `import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

public class RrdnsClient {
  public static void main(String[] a) throws Exception {
    String url = a[0];
    String id = a[1];
    long interval = Long.parseLong(a[2]);
    long start = Long.parseLong(a[3]);
    long end = Long.parseLong(a[4]);
    HttpClient c = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(2)).build();
    HttpRequest req = HttpRequest.newBuilder(URI.create(url)).header("x-client", id)
        .timeout(Duration.ofSeconds(5)).GET().build();
    System.out.println("ready");
    long wait = start - System.currentTimeMillis();
    if (wait > 0) Thread.sleep(wait);
    int errors = 0;
    while (System.currentTimeMillis() < end) {
      try {
        c.send(req, HttpResponse.BodyHandlers.discarding());
      } catch (Exception e) {
        errors++;
      }
      Thread.sleep(interval);
    }
    System.out.println("{\\"errors\\":" + errors + "}");
    System.exit(0);
  }
}
`;
