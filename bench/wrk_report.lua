-- Print wrk's results as one JSON line, with the percentiles the benchmark reports.
done = function(summary, latency, requests)
  local errors = summary.errors.connect + summary.errors.read + summary.errors.write
    + summary.errors.timeout
  io.write(string.format(
    '{"requests": %d, "duration_us": %d, "non_2xx": %d, "errors": %d, '
    .. '"p50_us": %d, "p95_us": %d, "p99_us": %d, "max_us": %d}\n',
    summary.requests, summary.duration, summary.errors.status, errors,
    latency:percentile(50), latency:percentile(95), latency:percentile(99), latency.max))
end
