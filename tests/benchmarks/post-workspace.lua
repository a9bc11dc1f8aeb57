-- wrk script: POST /api/v1/workspaces with a rootPath no other request of the run uses.
-- Usage: wrk -H 'Authorization: Bearer TOKEN' -s post-workspace.lua http://HOST:PORT/api/v1/workspaces -- LABEL
-- Paths look like /bench/LABEL/t<thread>/w<n>: LABEL keeps the warm-up and the measured run apart, the thread id and
-- a per-thread counter keep the requests of one run apart.

local next_thread_id = 0

function setup(thread)
   thread:set("thread_id", next_thread_id)
   next_thread_id = next_thread_id + 1
end

local label = "run"
local n = 0

function init(args)
   label = args[1] or label
   wrk.method = "POST"
   wrk.headers["Content-Type"] = "application/json"
end

function request()
   n = n + 1
   local body = string.format('{"name":"bench %s t%d w%d","rootPath":"/bench/%s/t%d/w%d"}',
      label, thread_id, n, label, thread_id, n)
   return wrk.format(nil, nil, nil, body)
end

-- A finer latency distribution than --latency gives, to show where the slow requests are.
function done(summary, latency, requests)
   io.write("Latency percentiles (ms):")
   for _, p in ipairs({ 10, 25, 50, 60, 70, 75, 80, 85, 90, 95, 99, 99.9 }) do
      io.write(string.format(" p%s=%.1f", p, latency:percentile(p) / 1000))
   end
   io.write("\n")
end
