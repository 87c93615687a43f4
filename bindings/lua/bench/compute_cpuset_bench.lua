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
--- idiomatic layer's.
local numabind = require "numabind"

local root = arg[1] or "."
local calls = math.tointeger(tonumber(arg[2] or "")) or 20000
local runs = math.tointeger(tonumber(arg[3] or "")) or 7

local topology = numabind.Topology.from_xml(root .. "/tests/fixtures/aws-g4dn-metal_2x-xeon8259cl_8xt4.xml")
local options = numabind.options { mode = "exclusive" }
assert(tostring(topology:compute_cpuset(3, options)) == "18-23,66-71", "unexpected binding for rank 3")

local function median_ns_per_call(body)
  local samples = {}
  body(calls // 10) -- warm up
  for run = 1, runs do
    collectgarbage("collect")
    local start = os.clock()
    body(calls)
    collectgarbage("collect")
    samples[run] = (os.clock() - start) / calls * 1e9
  end
  table.sort(samples)
  return samples[(runs + 1) // 2], samples[1], samples[runs]
end

local core = numabind.core
local topology_handle, options_handle = topology._handle, options._handle

local benchmarks = {
  { "topology:compute_cpuset(3, options)  [numabind]", function(n)
      for _ = 1, n do local _ = topology:compute_cpuset(3, options) end
    end },
  { "core.nb_compute_cpuset(t, o, 3)      [SWIG module]", function(n)
      for _ = 1, n do local _ = core.nb_compute_cpuset(topology_handle, options_handle, 3) end
    end },
}

print(string.format("numabind %s, %s, %d calls x %d runs (median [min, max] CPU ns/call)",
                    numabind.version, _VERSION, calls, runs))
for _, benchmark in ipairs(benchmarks) do
  local median, low, high = median_ns_per_call(benchmark[2])
  print(string.format("%-52s %8.0f ns/call  [%.0f, %.0f]", benchmark[1], median, low, high))
end
