// Bench only: loaded by server.ts when BENCH_EVENT_LOOP=1. Measures the event loop's delay in the
// app process and serves it on a separate server bound to 127.0.0.1 (BENCH_EVENT_LOOP_PORT):
// GET /reset starts a new measurement window, GET /stats returns {p50,p95,p99,max,mean} in ms.
import http from "node:http";
import { monitorEventLoopDelay } from "node:perf_hooks";

export function startEventLoopProbe(port: number) {
  const histogram = monitorEventLoopDelay({ resolution: 10 });
  histogram.enable();
  const ms = (ns: number) => Math.round((ns / 1e6) * 100) / 100;
  const server = http.createServer((req, res) => {
    if (req.url === "/reset") histogram.reset();
    const body = JSON.stringify({
      p50: ms(histogram.percentile(50)),
      p95: ms(histogram.percentile(95)),
      p99: ms(histogram.percentile(99)),
      max: ms(histogram.max),
      mean: ms(histogram.mean),
    });
    res.writeHead(200, { "Content-Type": "application/json" }).end(body);
  });
  server.listen(port, "127.0.0.1");
  server.unref();
  console.log(`bench: event-loop probe on http://127.0.0.1:${port}/stats`);
}
