-- load.lua: wrk script for lasearch-serve: the requests the page makes, in
-- turn (search, facets, side by side, paging, a misspelling, fields, the
-- page itself), and one summary line with requests/s, p50/p99 and errors.
local paths = {
  "/api/search?q=hospital+discharge&facets=authority,score,section,theme,kind&hl=pua",
  "/api/search?q=%22section+75%22&hl=pua",
  "/api/search?q=care&by=authority&per=3&limit=12&facets=authority&hl=pua",
  "/api/search?q=safeguarding&sort=score&offset=10",
  "/api/search?q=safegarding",
  "/api/search?q=section%3Asafeguarding+kind%3Aself-assessment+waiting",
  "/",
  "/app.js",
}
local i = 0

request = function()
  i = i % #paths + 1
  return wrk.format("GET", paths[i])
end

done = function(summary, latency, requests)
  local e = summary.errors
  local seconds = summary.duration / 1e6
  io.write(string.format(
    "lasearch-serve load: %d requests in %.1f s: %.0f requests/s, latency p50 %.2f ms, "
    .. "p99 %.2f ms, max %.2f ms; errors: connect %d, read %d, write %d, timeout %d, "
    .. "status %d\n",
    summary.requests, seconds, summary.requests / seconds,
    latency:percentile(50) / 1000, latency:percentile(99) / 1000, latency.max / 1000,
    e.connect, e.read, e.write, e.timeout, e.status))
end
