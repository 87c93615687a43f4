-- Topology loading (file, string, capture, live) and what it describes.
-- Expected values come from hwloc's tools on the fixture (hwloc-calc,
-- lstopo) or from how the two-node fixture was built (fixtures/README.md).
local numabind = require "numabind"
local t = require "support"

local suite = t.suite("topology")

suite:test("an XML file: GPUs in PCI bus-id order with their nodes", function()
  local topo = numabind.Topology.from_xml(t.aws_g4dn)
  t.eq(topo:is_live(), false, "is_live()")
  t.eq(topo:gpu_count(), 8, "gpu_count()")
  local gpus = topo:gpus()
  local ids, nodes = {}, {}
  for i, gpu in ipairs(gpus) do
    t.eq(gpu.index, i - 1, "index of GPU " .. i)
    ids[i], nodes[i] = gpu.pci_bus_id, gpu.numa_node
  end
  t.same(ids, { "0000:18:00.0", "0000:19:00.0", "0000:35:00.0", "0000:36:00.0",
                "0000:e7:00.0", "0000:e8:00.0", "0000:f4:00.0", "0000:f5:00.0" }, "bus ids")
  t.same(nodes, { 0, 0, 0, 0, 1, 1, 1, 1 }, "NUMA nodes")
  t.eq(gpus[1].vendor, "nvidia", "vendor")
  -- The NVIDIAUUID info of the fixture's PCI device 0000:18:00.0.
  t.eq(gpus[1].uuid, "GPU-029490c8-a116-638b-7018-1a6b7a9002ef", "uuid")
end)

suite:test("to_table gives the NUMA nodes and allowed CPUs", function()
  local info = numabind.Topology.from_xml(t.aws_g4dn):to_table()
  t.eq(info.schema, "numabind.topology/1", "schema")
  t.eq(info.allowed_cpus, "0-95", "allowed_cpus")
  t.eq(#info.numa_nodes, 2, "#numa_nodes")
  t.eq(info.numa_nodes[1].cpus, "0-23,48-71", "node 0")
  t.eq(info.numa_nodes[2].cpus, "24-47,72-95", "node 1")
end)

suite:test("options select the GPU list: vendor and explicit bus ids", function()
  local topo = numabind.Topology.from_xml(t.aws_g4dn)
  t.eq(topo:gpu_count { gpu_vendor = "amd" }, 0, "AMD GPUs")
  local gpus = topo:gpus { pci_bus_ids = { "0000:f5:00.0", "0000:18:00.0" } }
  t.eq(#gpus, 2, "#gpus")
  t.eq(gpus[1].pci_bus_id, "0000:f5:00.0", "first explicit id")
end)

suite:test("an XML document in a string loads like the file", function()
  local topo = numabind.Topology.from_xml_string(t.read_file(t.two_node))
  local gpus = topo:gpus()
  t.eq(#gpus, 2, "#gpus")
  t.eq(gpus[1].pci_bus_id, "0000:10:00.0", "GPU 0")
  t.eq(gpus[2].numa_node, 1, "GPU 1's node")
  t.eq(gpus[2].local_cpus, "1", "GPU 1's CPUs")
  t.eq(gpus[1].uuid, nil, "a GPU without a UUID has uuid nil (JSON null)")
end)

suite:test("a sysfs capture loads through the Linux backend", function()
  local dir, remove = t.temp_dir()
  local ok = os.execute("tar xjf '" .. t.fixture("nvidiagpunumanodes.tar.bz2") .. "' -C '" .. dir .. "'")
  if not ok then remove(); t.skip("tar xjf cannot extract the bundled capture here") end
  local loaded, topo = pcall(numabind.Topology.from_fsroot, dir .. "/nvidiagpunumanodes")
  remove()
  if not loaded then error(topo, 0) end
  -- The capture's CPU nodes as hwloc reads them (tests/golden/fsroot_test.cpp).
  local nodes = topo:to_table().numa_nodes
  t.eq(#nodes, 2, "#numa_nodes")
  t.eq(nodes[1].os_index, 0, "first node")
  t.eq(nodes[1].cpus, "0-15", "first node's CPUs")
  t.eq(nodes[2].os_index, 8, "second node")
  t.eq(nodes[2].cpus, "88-103", "second node's CPUs")
end)

suite:test("the live machine loads and is live", function()
  if os.getenv("NUMABIND_TOPOLOGY") then t.skip("NUMABIND_TOPOLOGY replaces the live machine") end
  local topo = numabind.Topology.load()
  t.eq(topo:is_live(), true, "is_live()")
  t.truthy(#topo:to_table().numa_nodes >= 1, "at least one NUMA node")
  t.eq(numabind.live_topology(), numabind.live_topology(), "live_topology() is kept")
end)

suite:test("what cannot be loaded is NB_ETOPOLOGY naming it", function()
  t.contains(t.raises("NB_ETOPOLOGY", numabind.Topology.from_xml, "/nonexistent/machine.xml").message,
             "/nonexistent/machine.xml")
  t.raises("NB_ETOPOLOGY", numabind.Topology.from_xml_string, "<topology")
  t.contains(t.raises("NB_ETOPOLOGY", numabind.Topology.from_fsroot, "/nonexistent/capture").message,
             "/nonexistent/capture")
  t.raises("NB_EINVAL", numabind.Topology.from_xml, 42)
end)

return suite
