-- Every conformance vector through the Lua API, and proof that the checker
-- notices a vector that disagrees.
local t = require "support"
local conformance = require "conformance"

local suite = t.suite("conformance")

suite:test("every vector agrees with the Lua API", function()
  local vectors = conformance.load()
  t.eq(vectors.schema, "numabind.conformance/1", "schema")
  for _, name in ipairs(vectors.environment_unset) do
    if os.getenv(name) ~= nil then
      error(name .. " is set; the vectors assume it is not (run under env -u " .. name .. ")")
    end
  end
  t.truthy(#vectors.cases > 0, "the vectors hold cases")
  local failures = {}
  for _, case in ipairs(vectors.cases) do
    for _, problem in ipairs(conformance.check_case(case)) do
      failures[#failures + 1] = case.name .. ": " .. problem
    end
  end
  if #failures > 0 then error(#failures .. " disagreements:\n  " .. table.concat(failures, "\n  ")) end
  print(string.format("      (%d vectors checked)", #vectors.cases))
end)

-- Each edit of a fresh copy of the vectors must be reported.
local edits = {
  { "a rank's cpus", function(c) return c.expected.plan and c.expected.plan.ranks[1].cpus end,
    function(c) c.expected.plan.ranks[1].cpus = c.expected.plan.ranks[1].cpus .. ",999" end },
  { "a GPU's bus id", function(c) return c.expected.plan and c.expected.plan.ranks[1].gpu end,
    function(c) c.expected.plan.ranks[1].gpu.pci_bus_id = "0000:ff:1f.7" end },
  { "a rank's NUMA node", function(c) return c.expected.plan and c.expected.plan.ranks[1].numa_node end,
    function(c) c.expected.plan.ranks[1].numa_node = c.expected.plan.ranks[1].numa_node + 1 end },
  { "a rank's error code", function(c)
      return c.expected.plan and c.expected.plan.ranks[#c.expected.plan.ranks].error end,
    function(c) c.expected.plan.ranks[#c.expected.plan.ranks].error.code = "NB_ECORES" end },
  { "a missing rank", function(c) return c.expected.plan and #c.expected.plan.ranks > 1 end,
    function(c) table.remove(c.expected.plan.ranks) end },
  { "the mode", function(c) return c.expected.plan end,
    function(c) c.expected.plan.mode = "closest-ish" end },
  { "a whole-plan error code", function(c) return c.expected.status == "NB_ENOGPU" end,
    function(c) c.expected.status = "NB_EGPUSEL" end },
  { "a plan expected to fail", function(c) return c.expected.status == "NB_OK" end,
    function(c) c.expected = { status = "NB_ENOGPU" } end },
}

suite:test("the checker reports a vector that disagrees", function()
  for _, edit in ipairs(edits) do
    local name, applies, apply = edit[1], edit[2], edit[3]
    local case
    for _, candidate in ipairs(conformance.load().cases) do
      if applies(candidate) then case = candidate; break end
    end
    t.truthy(case, "a vector to edit for " .. name)
    t.eq(#conformance.check_case(case), 0, "problems before editing " .. name .. " of " .. case.name)
    apply(case)
    t.truthy(#conformance.check_case(case) > 0, "editing " .. name .. " of " .. case.name .. " is reported")
  end
end)

return suite
