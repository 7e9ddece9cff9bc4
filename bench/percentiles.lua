-- wrk: print the latency percentiles bench/serve.py reads (milliseconds).
done = function(summary, latency, requests)
  io.write(string.format("P50 %.2f\nP95 %.2f\nREQS %d\nERRORS %d\n",
    latency:percentile(50) / 1000, latency:percentile(95) / 1000,
    summary.requests, summary.errors.status + summary.errors.connect + summary.errors.read
      + summary.errors.write + summary.errors.timeout))
end
