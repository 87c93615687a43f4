-- examples/launch.lua on the two-node machine: one bound rank per GPU.
local t = require "support"

local suite = t.suite("example launch.lua")

local function launch(arguments)
  return t.capture(string.format("'%s' '%s/examples/launch.lua' %s 2>&1", t.lua, t.lua_dir, arguments))
end

suite:test("starts one bound rank per GPU, waits, and reports each rank's CPUs", function()
  t.require_cpus_0_and_1()
  local output, ok = launch(string.format(
    "--topology '%s' --mode node -- sh -c 'echo \"child $LOCAL_RANK/$LOCAL_WORLD_SIZE on $NUMABIND_CPUS: $(grep Cpus_allowed_list /proc/self/status)\"'",
    t.two_node))
  t.eq(ok, true, "launch.lua succeeded; output:\n" .. output)
  -- What each child saw itself, and what the launcher reports.
  t.contains(output, "child 0/2 on 0: Cpus_allowed_list:\t0\n", "rank 0's own report")
  t.contains(output, "child 1/2 on 1: Cpus_allowed_list:\t1\n", "rank 1's own report")
  t.truthy(output:find("rank 0: pid %d+, GPU 0 %(0000:10:00%.0%), NUMA node 0, CPUs 0, exit status 0\n"),
           "launcher's line for rank 0 in:\n" .. output)
  t.truthy(output:find("rank 1: pid %d+, GPU 1 %(0000:20:00%.0%), NUMA node 1, CPUs 1, exit status 0\n"),
           "launcher's line for rank 1 in:\n" .. output)
end)

suite:test("passes on the first failing rank's status", function()
  t.require_cpus_0_and_1()
  local output, ok, how, code = launch(string.format("--topology '%s' -- sh -c 'exit $((LOCAL_RANK + 4))'",
                                                     t.two_node))
  t.eq(ok, nil, "launch.lua failed")
  t.eq(code, 4, "exit status; output:\n" .. output)
  t.contains(output, "exit status 5", "rank 1's status is reported")
end)

suite:test("a rank that cannot be bound stops the launch before anything starts", function()
  local output, _, _, code = launch(string.format("--topology '%s' --nproc 3 -- echo started", t.two_node))
  t.eq(code, 1, "exit status")
  t.contains(output, "rank 2: NB_ERANK: ", "the rank's error")
  t.eq(output:find("started", 1, true), nil, "no rank started")
end)

suite:test("usage errors exit 2; library errors exit 1 naming the code", function()
  local output, _, _, code = launch("--nproc")
  t.eq(code, 2, "--nproc without a value")
  output, _, _, code = launch(string.format("--topology '%s' --mode nod -- true", t.two_node))
  t.eq(code, 1, "unknown mode")
  t.contains(output, "NB_EMODE: ", "unknown mode's message")
  output, _, _, code = launch(string.format("--topology '%s' -- numabind-no-such-program", t.two_node))
  t.eq(code, 1, "missing program")
  t.contains(output, "NB_EEXEC: ", "missing program's message")
end)

return suite
