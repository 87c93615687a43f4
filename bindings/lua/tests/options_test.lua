-- Options: Lua tables in, the core's validation and JSON form out.
local numabind = require "numabind"
local t = require "support"

local suite = t.suite("options")

suite:test("defaults are the core's: mode node, no fall-back, nothing set", function()
  t.same(numabind.options():to_table(), {
    mode = "node", fallback = false, gpu_vendor = "auto", mem_policy = "local",
  }, "default options")
end)

suite:test("a table sets every field and to_table gives it back", function()
  local spec = {
    mode = "exclusive", fallback = true, allowed_cpus = "0-23", gpu_vendor = "nvidia",
    pci_bus_ids = { "0000:f5:00.0", "0000:18:00.0" }, visible_devices = "3,1", mem_policy = "bind",
  }
  local options = numabind.options(spec)
  t.same(options:to_table(), spec, "to_table()")
  t.same(numabind.options(options:to_table()):to_table(), spec, "options(to_table())")
end)

suite:test("values are canonicalised by the core: bus ids, CPU lists, CpuSets", function()
  local options = numabind.options {
    pci_bus_ids = { "F5:00.0" }, allowed_cpus = numabind.cpuset({ 3, 1, 2 }),
  }
  local back = options:to_table()
  t.same(back.pci_bus_ids, { "0000:f5:00.0" }, "pci_bus_ids")
  t.eq(back.allowed_cpus, "1-3", "allowed_cpus")
end)

suite:test("JSON round trip: options_from_json(to_json()) is the same options", function()
  local options = numabind.options { mode = "socket", visible_devices = "", mem_policy = "interleave" }
  local json = options:to_json()
  t.contains(json, '"schema":"numabind.options/1"')
  t.eq(numabind.options_from_json(json):to_json(), json, "to_json after from_json")
  t.eq(tostring(options), json, "tostring")
  t.eq(numabind.options_from_json(json):to_table().visible_devices, "", "an empty visible_devices stays set")
end)

suite:test("copies are independent objects with the same value", function()
  local options = numabind.options { mode = "closest" }
  local copy = options:copy()
  t.truthy(copy ~= options and copy._handle ~= options._handle, "a new object")
  t.eq(copy:to_json(), options:to_json(), "same JSON")
end)

suite:test("bad values are the core's errors naming key and value", function()
  t.contains(t.raises("NB_EJSON", numabind.options, { mdoe = "node" }).message, "mdoe")
  t.contains(t.raises("NB_EMODE", numabind.options, { mode = "nod" }).message, "nod")
  t.contains(t.raises("NB_EMODE", numabind.options, { gpu_vendor = "intel" }).message, "intel")
  t.contains(t.raises("NB_EMODE", numabind.options, { mem_policy = "strict" }).message, "strict")
  t.contains(t.raises("NB_ECPULIST", numabind.options, { allowed_cpus = "3-1" }).message, "3-1")
  t.raises("NB_EEMPTY", numabind.options, { allowed_cpus = "" })
  t.contains(t.raises("NB_EGPUSEL", numabind.options, { pci_bus_ids = { "zz" } }).message, "zz")
  t.contains(t.raises("NB_EJSON", numabind.options, { fallback = "yes" }).message, "fallback")
  t.raises("NB_EJSON", numabind.options_from_json, "{")
end)

suite:test("Lua values JSON cannot hold are NB_EINVAL naming the key", function()
  t.contains(t.raises("NB_EINVAL", numabind.options, { mode = print }).message, "mode")
  t.raises("NB_EINVAL", numabind.options, { "node" })
  t.raises("NB_EINVAL", numabind.options, "mode=node")
end)

return suite
