-- spawn: children bound from their first instruction, reaped with wait.
-- Each child writes what it observes to a file in a temporary directory,
-- read after wait() returns.
local numabind = require "numabind"
local t = require "support"

local suite = t.suite("spawn")

local function two_node() return numabind.Topology.from_xml(t.two_node) end

-- Spawn `sh -c script`, wait, and return the file the script wrote to $OUT.
local function run_child(script, spec)
  local dir, remove = t.temp_dir()
  local out = dir .. "/out"
  local pid = numabind.spawn({ "sh", "-c", script, "sh", out }, spec)
  t.eq(math.type(pid), "integer", "math.type(pid)")
  local ok, how, code = numabind.wait(pid)
  local text = io.open(out) and t.read_file(out) or nil
  remove()
  return text, ok, how, code
end

suite:test("rank 0 runs on CPU 0 and rank 1 on CPU 1 of the two-node machine", function()
  t.require_cpus_0_and_1()
  local topo = two_node()
  for rank, expected in pairs({ [0] = "0", [1] = "1" }) do
    local text, ok = run_child([[grep Cpus_allowed_list /proc/self/status > "$1"]],
                               { topology = topo, local_rank = rank })
    t.eq(ok, true, "rank " .. rank .. " child exit")
    t.eq(text:match("Cpus_allowed_list:%s*(%S+)"), expected, "rank " .. rank .. " child's CPUs")
  end
end)

suite:test("a CPU set binds the child; the parent keeps its CPUs", function()
  t.require_cpus_0_and_1()
  local before = t.cpus_allowed("self")
  local text = run_child([[grep Cpus_allowed_list /proc/self/status > "$1"]], { cpus = numabind.cpuset("1") })
  t.eq(text:match("Cpus_allowed_list:%s*(%S+)"), "1", "the child's CPUs")
  t.eq(t.cpus_allowed("self"), before, "the parent's CPUs")
end)

suite:test("env (a map or a list) and cwd reach the child", function()
  local text = run_child([[printf '%s|%s|%s' "$NB_A" "$NB_B" "$(pwd)" > "$1"]],
                         { cpus = "0", env = { NB_A = "one", NB_B = 2 }, cwd = "/" })
  t.eq(text, "one|2|/", "map env and cwd")
  text = run_child([[printf '%s' "$NB_A" > "$1"]], { cpus = "0", env = { "NB_A=listed" } })
  t.eq(text, "listed", "list env")
end)

suite:test("wait reports the exit status or the signal like os.execute", function()
  t.same({ numabind.wait(numabind.spawn({ "sh", "-c", "exit 0" }, { cpus = "0" })) }, { true, "exit", 0 }, "exit 0")
  t.same({ numabind.wait(numabind.spawn({ "sh", "-c", "exit 3" }, { cpus = "0" })) }, { nil, "exit", 3 }, "exit 3")
  t.same({ numabind.wait(numabind.spawn({ "sh", "-c", "kill -9 $$" }, { cpus = "0" })) }, { nil, "signal", 9 },
         "killed")
  t.same({ os.execute("exit 3") }, { nil, "exit", 3 }, "os.execute's convention")
end)

suite:test("a program that cannot run is NB_EEXEC naming it, with errno", function()
  local err = t.raises("NB_EEXEC", numabind.spawn, { "numabind-no-such-program" }, { cpus = "0" })
  t.contains(err.message, "numabind-no-such-program", "message")
  t.eq(err.os_error, 2, "os_error (ENOENT)")
  t.contains(tostring(err), "NB_EEXEC: ", "tostring")
end)

suite:test("binding and argument errors start no child", function()
  local topo = two_node()
  t.raises("NB_ERANK", numabind.spawn, { "true" }, { topology = topo, local_rank = 2 })
  t.raises("NB_EAFFINITY", numabind.spawn, { "true" }, { cpus = "1000" })
  t.contains(t.raises("NB_EINVAL", numabind.spawn, { "echo", {} }, { cpus = "0" }).message, "argv[2]")
  t.raises("NB_EINVAL", numabind.spawn, "true", { cpus = "0" })
  t.raises("NB_EINVAL", numabind.spawn, { "true" }, { cpus = "0", env = { A = true } })
  t.raises("NB_EINVAL", numabind.spawn, { "true" }, { cpus = "0", cwd = 5 })
  t.eq(t.children(), "", "children of this process after the failures")
end)

suite:test("wait for a process that is not a child is NB_ESYSTEM with ECHILD", function()
  local err = t.raises("NB_ESYSTEM", numabind.wait, 1)
  t.eq(err.os_error, 10, "os_error (ECHILD)")
  t.contains(err.message, "waitpid(1)", "message")
end)

suite:test("wait refuses pids that are not positive integers", function()
  t.raises("NB_EINVAL", numabind.wait, 0)
  t.raises("NB_EINVAL", numabind.wait, 1.5)
end)

return suite
