--- Per-call cost of computing a binding through the Lua API, for the
--- cross-language comparison (C baseline: bench/ in the repository root).
---
---   lua5.4 bench/compute_cpuset_bench.lua [ROOT] [CALLS] [RUNS]
---
--- The AWS g4dn.metal topology (2x Xeon 8259CL, 8x T4) is loaded once and
--- options {mode = "exclusive"} made once; each call computes local rank 3's
--- CpuSet and drops it. A run makes CALLS calls and then a full collection,
--- so that every result is also freed inside the timed region; the figure is
--- the median of RUNS runs of CPU time (os.clock) per call. The same loop over
--- the raw SWIG module (numabind.core) separates the binding's cost from the
--- idiomatic layer's; copy() and contains() time the crossing alone.
local numabind = require "numabind"

local root = arg[1] or "."
local calls = math.tointeger(tonumber(arg[2] or "")) or 20000
local runs = math.tointeger(tonumber(arg[3] or "")) or 7

local topology = numabind.Topology.from_xml(root .. "/tests/fixtures/aws-g4dn-metal_2x-xeon8259cl_8xt4.xml")
local options = numabind.options { mode = "exclusive" }
assert(tostring(topology:compute_cpuset(3, options)) == "18-23,66-71", "unexpected binding for rank 3")

local function median_ns_per_call(body, scale)
  local samples = {}
  local n = calls * (scale or 1)
  body(n // 10) -- warm up
  for run = 1, runs do
    collectgarbage("collect")
    local start = os.clock()
    body(n)
    collectgarbage("collect")
    samples[run] = (os.clock() - start) / n * 1e9
  end
  table.sort(samples)
  return samples[(runs + 1) // 2], samples[1], samples[runs]
end

local core = numabind.core
local topology_handle, options_handle = topology._handle, options._handle

-- The core's computation (~15 us here) dwarfs the crossing; these two time
-- the crossing alone, with a call whose C work is nearly nothing: one that
-- makes and drops a result object (nb_cpuset_dup), and one that returns a
-- boolean (nb_cpuset_contains).
local cpus = topology:compute_cpuset(3, options)
local cpus_handle = cpus._handle

local benchmarks = {
  { "topology:compute_cpuset(3, options)  [numabind]", function(n)
      for _ = 1, n do local _ = topology:compute_cpuset(3, options) end
    end },
  { "core.nb_compute_cpuset(t, o, 3)      [SWIG module]", function(n)
      for _ = 1, n do local _ = core.nb_compute_cpuset(topology_handle, options_handle, 3) end
    end },
  { "cpus:copy()                          [numabind]", function(n)
      for _ = 1, n do local _ = cpus:copy() end
    end },
  { "core.nb_cpuset_dup(c)                [SWIG module]", function(n)
      for _ = 1, n do local _ = core.nb_cpuset_dup(cpus_handle) end
    end },
  { "cpus:contains(18)                    [numabind]", function(n)
      for _ = 1, n do local _ = cpus:contains(18) end
    end, 10 },
  { "core.nb_cpuset_contains(c, 18)       [SWIG module]", function(n)
      for _ = 1, n do local _ = core.nb_cpuset_contains(cpus_handle, 18) end
    end, 10 },
}

print(string.format("numabind %s, %s, %d calls (x10 for contains) x %d runs (median [min, max] CPU ns/call)",
                    numabind.version, _VERSION, calls, runs))
for _, benchmark in ipairs(benchmarks) do
  local median, low, high = median_ns_per_call(benchmark[2], benchmark[3])
  print(string.format("%-52s %8.0f ns/call  [%.0f, %.0f]", benchmark[1], median, low, high))
end
