-- Binding the calling thread (push/pop, with_binding) and the whole process,
-- for real, on CPUs 0 and 1 described as two NUMA nodes with a GPU each
-- (fixtures/two-node-two-gpu.xml): rank 0 -> CPU 0, rank 1 -> CPU 1. Lua
-- runs on the process's main thread, so /proc/self/status shows the bound
-- thread; children read their own.
local numabind = require "numabind"
local t = require "support"

local suite = t.suite("apply")

local function two_node() return numabind.Topology.from_xml(t.two_node) end

-- Run fn, then check the thread is back where it started.
local function leaves_thread_as_it_was(fn)
  local before, depth = t.cpus_allowed("self"), numabind.depth()
  fn()
  t.eq(t.cpus_allowed("self"), before, "CPUs afterwards")
  t.eq(numabind.depth(), depth, "depth afterwards")
end

suite:test("with_binding binds for the rank's GPU inside and restores after", function()
  t.require_cpus_0_and_1()
  leaves_thread_as_it_was(function()
    local topo = two_node()
    local a, b = numabind.with_binding({ topology = topo, local_rank = 1 }, function(x)
      t.eq(t.cpus_allowed("self"), "1", "CPUs inside rank 1")
      t.eq(numabind.depth(), 1, "depth inside")
      return x, "second"
    end, "first")
    t.eq(a, "first", "first result")
    t.eq(b, "second", "second result")
    numabind.with_binding({ topology = topo, local_rank = 0, mode = "exclusive" }, function()
      t.eq(t.cpus_allowed("self"), "0", "CPUs inside rank 0")
    end)
  end)
end)

suite:test("a child started inside with_binding inherits the binding", function()
  t.require_cpus_0_and_1()
  leaves_thread_as_it_was(function()
    local line = numabind.with_binding({ topology = two_node(), local_rank = 1 }, function()
      return t.capture("grep Cpus_allowed_list /proc/self/status")
    end)
    t.eq(line:match("Cpus_allowed_list:%s*(%S+)"), "1", "the child's CPUs")
  end)
end)

suite:test("with_binding pops when fn raises, and the error goes on unchanged", function()
  t.require_cpus_0_and_1()
  leaves_thread_as_it_was(function()
    local raised = setmetatable({}, { __name = "custom" })
    local ok, err = pcall(numabind.with_binding, { cpus = "0" }, function()
      t.eq(t.cpus_allowed("self"), "0", "CPUs inside")
      error(raised)
    end)
    t.eq(ok, false, "with_binding raised")
    t.eq(err, raised, "the same error object")
  end)
end)

suite:test("with_binding also drops pushes fn left behind", function()
  t.require_cpus_0_and_1()
  leaves_thread_as_it_was(function()
    numabind.with_binding({ cpus = numabind.cpuset("0-1") }, function()
      numabind.push { cpus = "1" }
      numabind.push { cpus = "0" }
      t.eq(numabind.depth(), 3, "depth with fn's pushes")
    end)
  end)
end)

suite:test("push and pop nest", function()
  t.require_cpus_0_and_1()
  leaves_thread_as_it_was(function()
    local topo = two_node()
    numabind.push { topology = topo, local_rank = 0 }
    numabind.push { topology = topo, local_rank = 1, options = { mode = "closest" } }
    t.eq(t.cpus_allowed("self"), "1", "inner")
    numabind.pop()
    t.eq(t.cpus_allowed("self"), "0", "outer")
    numabind.pop()
  end)
end)

suite:test("failures leave the thread as it was, with specific codes", function()
  leaves_thread_as_it_was(function()
    local topo = two_node()
    t.raises("NB_ESTACK", numabind.pop)
    t.raises("NB_ERANK", numabind.push, { topology = topo, local_rank = 2 })
    t.raises("NB_EAFFINITY", numabind.push, { cpus = "1000" })
    t.raises("NB_EMODE", numabind.with_binding, { cpus = "0", mode = "nod" }, print)
    t.raises("NB_EINVAL", numabind.push, { cpus = "0", local_rank = 0 })
    t.raises("NB_EINVAL", numabind.push, { mode = "node" })
    t.raises("NB_EINVAL", numabind.push, { cpus = "0", mode = "node", options = { mode = "socket" } })
    t.raises("NB_EINVAL", numabind.with_binding, { cpus = "0" }, "not a function")
  end)
end)

suite:test("bind_current_process binds the whole process (in a child Lua)", function()
  t.require_cpus_0_and_1()
  local script = string.format([[
    local numabind = require "numabind"
    numabind.bind_current_process { topology = numabind.Topology.from_xml(%q), local_rank = 1 }
    io.write(io.open("/proc/self/status"):read("a"):match("Cpus_allowed_list:%%s*(%%S+)"))
  ]], t.two_node)
  local output, ok = t.run_lua(script)
  t.eq(ok, true, "the child Lua succeeded")
  t.eq(output, "1", "the child's CPUs")
end)

return suite
