--- The conformance-vector checker: one case of bindings/conformance/vectors.json
--- through the Lua API, returning what disagrees (an empty list when nothing).
local numabind = require "numabind"
local support = require "support"

local C = {}

C.vectors_path = support.repo_root .. "/bindings/conformance/vectors.json"

--- The vectors as Lua tables (JSON null -> nil, as the module returns them).
function C.load(path) return numabind.decode_json(support.read_file(path or C.vectors_path)) end

local function show(value)
  if type(value) == "string" then return string.format("%q", value) end
  return tostring(value)
end

function C.check_case(case)
  local problems = {}
  local function expect(actual, expected, what)
    if actual ~= expected then
      problems[#problems + 1] = string.format("%s: expected %s, got %s", what, show(expected), show(actual))
    end
  end

  local loaded, topo = pcall(numabind.Topology.from_xml, support.repo_root .. "/" .. case.topology)
  if not loaded then return { "topology: " .. tostring(topo) } end
  local made, options = pcall(numabind.options, case.options)
  if not made then return { "options: " .. tostring(options) } end
  local d = support.difference(options:to_table(), (function()
    local copy = {}
    for k, v in pairs(case.options) do copy[k] = v end
    copy.schema = nil
    return copy
  end)())
  if d ~= "" then problems[#problems + 1] = "options round trip differs at " .. d end

  local status = case.expected.status
  local computed, plan = pcall(topo.plan, topo, options, case.nproc)
  if status ~= "NB_OK" then
    if computed then
      expect(string.format("a plan of %d ranks", #plan), status, "whole plan")
    else
      expect(numabind.is_error(plan) and plan.code or tostring(plan), status, "whole-plan error")
    end
    return problems
  end
  if not computed then
    expect(tostring(plan), "a plan", "whole plan")
    return problems
  end

  local expected = case.expected.plan
  expect(#plan, #expected.ranks, "number of ranks")
  expect(plan.mode, expected.mode, "mode")
  expect(plan.fallback, expected.fallback, "fallback")
  for i, want in ipairs(expected.ranks) do
    local got = plan[i] or {}
    local rank = "rank " .. tostring(want.local_rank)
    expect(got.local_rank, want.local_rank, rank .. " local_rank")
    expect(got.status, want.error and want.error.code or "NB_OK", rank .. " status")
    expect(got.error and got.error.message, want.error and want.error.message, rank .. " error message")
    expect(got.cpus, want.cpus, rank .. " cpus")
    expect(got.gpu and got.gpu.index, want.gpu and want.gpu.index, rank .. " gpu index")
    expect(got.gpu and got.gpu.pci_bus_id, want.gpu and want.gpu.pci_bus_id, rank .. " gpu pci_bus_id")
    expect(got.numa_node, want.numa_node, rank .. " numa_node")
    -- compute_cpuset agrees with the plan: the same CPUs, or the rank's error.
    local ok, set = pcall(topo.compute_cpuset, topo, want.local_rank, options)
    if want.error then
      expect(ok and tostring(set) or set.code, want.error.code, rank .. " compute_cpuset error")
    else
      expect(ok and tostring(set) or tostring(set), want.cpus, rank .. " compute_cpuset")
    end
  end
  d = support.difference(numabind.decode_json(plan:to_json()), expected)
  if d ~= "" then problems[#problems + 1] = "plan:to_json() differs at " .. d end
  return problems
end

return C
