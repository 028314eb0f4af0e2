-- wrk script: send requests at a fixed rate instead of as fast as the server answers.
--
--   wrk -t2 -c50 -d15s --latency -s bench/paced.lua URL -- RATE_PER_THREAD
--
-- wrk alone is a closed loop: each connection sends its next request the moment the last one is
-- answered, so the capped server is always saturated, and its latencies are those of a process
-- that runs out of CPU quota every period. This script measures the latency at a chosen load
-- instead (wrk2's idea, which Debian does not ship): each wrk thread keeps a schedule of one
-- request every 1/RATE_PER_THREAD seconds, and a connection about to send waits for the next
-- free slot of it. When the server falls behind, the slots in the past are used at once (at most
-- a second's worth of them), so the rate printed by wrk shows whether the server kept up.
-- Latency is measured from the send, as wrk does.
local ffi = require("ffi")
ffi.cdef [[
  typedef struct { long tv_sec; long tv_nsec; } paced_timespec;
  int clock_gettime(int clock_id, paced_timespec *tp);
]]
local CLOCK_MONOTONIC = 1
local now = ffi.new("paced_timespec")

local function now_ms()
  ffi.C.clock_gettime(CLOCK_MONOTONIC, now)
  return tonumber(now.tv_sec) * 1000 + tonumber(now.tv_nsec) / 1e6
end

local interval_ms
local next_slot_ms

function init(args)
  local rate = tonumber(args[1])
  assert(rate and rate > 0, "usage: wrk ... -s paced.lua URL -- RATE_PER_THREAD")
  interval_ms = 1000 / rate
end

function delay()
  local t = now_ms()
  if next_slot_ms == nil or next_slot_ms < t - 1000 then next_slot_ms = t end
  local wait = next_slot_ms - t
  next_slot_ms = next_slot_ms + interval_ms
  -- wrk takes whole milliseconds
  if wait < 0.5 then return 0 end
  return math.floor(wait + 0.5)
end
