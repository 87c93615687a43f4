-- compute_cpuset and plans. Expected CPUs are hwloc's NUMA nodes of the
-- AWS g4dn fixture (hwloc-calc -I pu node:N: 0-23,48-71 and 24-47,72-95)
-- and, for exclusive, those nodes' 24 cores split 6 per GPU by hand.
local numabind = require "numabind"
local t = require "support"

local suite = t.suite("compute")

local function aws() return numabind.Topology.from_xml(t.aws_g4dn) end

suite:test("compute_cpuset returns the CpuSet of the rank's GPU under the mode", function()
  local topo = aws()
  t.eq(tostring(topo:compute_cpuset(0, { mode = "exclusive" })), "0-5,48-53", "exclusive rank 0")
  t.eq(tostring(topo:compute_cpuset(3, { mode = "exclusive" })), "18-23,66-71", "exclusive rank 3")
  t.eq(tostring(topo:compute_cpuset(7, numabind.options { mode = "exclusive" })), "42-47,90-95",
       "exclusive rank 7")
  t.eq(tostring(topo:compute_cpuset(5)), "24-47,72-95", "default mode node, rank 5")
  t.eq(getmetatable(topo:compute_cpuset(5)), numabind.CpuSet, "result type")
end)

suite:test("allowed CPUs and visible devices reach the computation", function()
  local topo = aws()
  t.eq(tostring(topo:compute_cpuset(4, { allowed_cpus = "0-23,24-29" })), "24-29", "allowed override")
  t.eq(tostring(topo:compute_cpuset(0, { visible_devices = "7" })), "24-47,72-95", "visible 7 as rank 0")
end)

suite:test("compute failures are raised with the core's code", function()
  local topo = aws()
  t.contains(t.raises("NB_ERANK", topo.compute_cpuset, topo, 8).message, "8")
  t.raises("NB_ERANK", topo.compute_cpuset, topo, -1)
  t.raises("NB_ENOGPU", topo.compute_cpuset, topo, 0, { gpu_vendor = "amd" })
  t.raises("NB_EGPUSEL", topo.compute_cpuset, topo, 0, { visible_devices = "9" })
  t.raises("NB_ENOTALLOWED", topo.compute_cpuset, topo, 0, { allowed_cpus = "24-47" })
  t.contains(t.raises("NB_EINVAL", topo.compute_cpuset, topo, "zero").message, "local_rank")
  t.raises("NB_EINVAL", numabind.Topology.compute_cpuset, {}, 0)
end)

suite:test("a plan is a sequence of plain rank tables", function()
  local plan = aws():plan({ mode = "exclusive" })
  t.eq(#plan, 8, "#plan")
  t.eq(plan.mode, "exclusive", "plan.mode")
  t.eq(plan.fallback, false, "plan.fallback")
  t.same(plan[1], {
    local_rank = 0, status = "NB_OK", gpu = { index = 0, pci_bus_id = "0000:18:00.0" },
    numa_node = 0, cpus = "0-5,48-53",
  }, "rank 0")
  t.same(plan[8], {
    local_rank = 7, status = "NB_OK", gpu = { index = 7, pci_bus_id = "0000:f5:00.0" },
    numa_node = 1, cpus = "42-47,90-95",
  }, "rank 7")
  t.eq(math.type(plan[8].numa_node), "integer", "math.type(numa_node)")
end)

suite:test("a rank that cannot be bound carries its error; the plan still succeeds", function()
  local plan = aws():plan({ mode = "node" }, 10)
  t.eq(#plan, 10, "#plan with nproc 10")
  local beyond = plan[9]
  t.eq(beyond.local_rank, 8, "local_rank")
  t.eq(beyond.status, "NB_ERANK", "status")
  t.eq(beyond.cpus, nil, "cpus")
  t.eq(beyond.gpu, nil, "gpu")
  t.eq(beyond.numa_node, nil, "numa_node")
  t.truthy(numabind.is_error(beyond.error, "NB_ERANK"), "error is a numabind.Error NB_ERANK")
  t.contains(beyond.error.message, "8", "error message")
  local partial = aws():plan({ mode = "node", allowed_cpus = "24-47" })
  t.eq(partial[1].status, "NB_ENOTALLOWED", "rank 0 outside the allowed CPUs")
  t.same(partial[1].gpu, { index = 0, pci_bus_id = "0000:18:00.0" }, "it still has its GPU")
  t.eq(partial[5].cpus, "24-47", "rank 4 inside")
end)

suite:test("to_json is the core's plan JSON for the same ranks", function()
  local plan = aws():plan({ mode = "exclusive" }, 3)
  local json = numabind.decode_json(plan:to_json())
  t.eq(json.schema, "numabind.plan/1", "schema")
  t.eq(#json.ranks, 3, "#ranks")
  for i, rank in ipairs(json.ranks) do
    t.eq(rank.cpus, plan[i].cpus, "cpus of rank " .. (i - 1))
    t.same(rank.gpu, plan[i].gpu, "gpu of rank " .. (i - 1))
  end
  t.raises("NB_EINVAL", numabind.Plan.to_json, {})
end)

suite:test("whole-plan failures are raised", function()
  local topo = aws()
  t.raises("NB_ENOGPU", topo.plan, topo, { gpu_vendor = "amd" })
  t.raises("NB_EGPUSEL", topo.plan, topo, { visible_devices = "9" })
  local no_gpu = numabind.Topology.from_xml(t.fixture("ibm-x3950m2_4-chassis_16pkg_4numa_ati-es1000.xml"))
  t.raises("NB_ENOGPU", no_gpu.plan, no_gpu)
end)

return suite
