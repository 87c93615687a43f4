#!/usr/bin/env lua5.4
--- launch.lua: start one process per GPU, each bound to its GPU's CPUs from
--- its first instruction, wait for them all, and report where each ran.
---
---   lua5.4 launch.lua [--topology FILE.xml] [--mode MODE] [--nproc N]
---                     [--membind POLICY] [--fallback] -- PROGRAM ARGS...
---
--- Without --topology it reads this machine (or $NUMABIND_TOPOLOGY). Each
--- rank gets LOCAL_RANK, LOCAL_WORLD_SIZE and NUMABIND_CPUS in its
--- environment. The plan is checked whole before anything starts: a rank that
--- cannot be bound stops the launch (exit 1) unless --fallback runs it
--- unbound. Exits with the first failing rank's status (128+S for a rank
--- killed by signal S), 2 for a usage error.
local numabind = require "numabind"

local usage = "usage: launch.lua [--topology FILE.xml] [--mode MODE] [--nproc N] "
  .. "[--membind POLICY] [--fallback] -- PROGRAM ARGS..."

local function fail_usage(message)
  io.stderr:write("launch.lua: ", message, "\n", usage, "\n")
  os.exit(2)
end

local function parse_arguments(argv)
  local config = { options = {}, nproc = 0 }
  local i = 1
  local function value(flag)
    i = i + 1
    if argv[i] == nil then fail_usage(flag .. " needs a value") end
    return argv[i]
  end
  while i <= #argv do
    local flag = argv[i]
    if flag == "--" then
      config.program = table.move(argv, i + 1, #argv, 1, {})
      break
    elseif flag == "--topology" then
      config.topology = value(flag)
    elseif flag == "--mode" then
      config.options.mode = value(flag)
    elseif flag == "--membind" then
      config.options.mem_policy = value(flag)
    elseif flag == "--fallback" then
      config.options.fallback = true
    elseif flag == "--nproc" then
      config.nproc = math.tointeger(tonumber(value(flag)))
      if config.nproc == nil or config.nproc < 1 then fail_usage("--nproc needs a positive whole number") end
    elseif flag == "--help" or flag == "-h" then
      print(usage)
      os.exit(0)
    else
      fail_usage("unknown argument '" .. flag .. "'")
    end
    i = i + 1
  end
  if config.program == nil or #config.program == 0 then fail_usage("no program given after --") end
  return config
end

-- This process's environment (Lua has no environ; /proc has it), so that
-- each rank gets it with its own variables added.
local function environment_with(extra)
  local file = assert(io.open("/proc/self/environ", "rb"))
  local raw = file:read("a")
  file:close()
  local list = {}
  for entry in raw:gmatch("([^%z]+)") do
    local name = entry:match("^([^=]*)=")
    if name and extra[name] == nil then list[#list + 1] = entry end
  end
  for name, value in pairs(extra) do list[#list + 1] = name .. "=" .. tostring(value) end
  return list
end

local function cpus_of(pid)
  local file = io.open("/proc/" .. pid .. "/status")
  if not file then return "?" end
  local status = file:read("a")
  file:close()
  return status:match("Cpus_allowed_list:%s*(%S+)") or "?"
end

local function main(argv)
  local config = parse_arguments(argv)
  local topology = config.topology and numabind.Topology.from_xml(config.topology) or numabind.Topology.load()
  local options = numabind.options(config.options)
  local plan = topology:plan(options, config.nproc)

  local unbindable = 0
  for _, rank in ipairs(plan) do
    if rank.error then
      io.stderr:write(string.format("launch.lua: rank %d: %s\n", rank.local_rank, tostring(rank.error)))
      unbindable = unbindable + 1
    end
  end
  if unbindable > 0 and not plan.fallback then return 1 end

  local children, spawn_failed = {}, false
  for _, rank in ipairs(plan) do
    local env = environment_with {
      LOCAL_RANK = rank.local_rank, LOCAL_WORLD_SIZE = #plan, NUMABIND_CPUS = rank.cpus or "",
    }
    local started, pid = pcall(numabind.spawn, config.program, {
      topology = topology, local_rank = rank.local_rank, options = options, env = env,
    })
    if not started then
      -- Start no more, but still wait for the ranks already running.
      io.stderr:write(string.format("launch.lua: rank %d: %s\n", rank.local_rank, tostring(pid)))
      spawn_failed = true
      break
    end
    -- Read before wait(): until it is reaped, even an exited child's
    -- /proc entry still shows the affinity it ran with.
    children[#children + 1] = { rank = rank, pid = pid, cpus = cpus_of(pid) }
  end

  local status = spawn_failed and 1 or 0
  for _, child in ipairs(children) do
    local _, how, code = numabind.wait(child.pid)
    local rank = child.rank
    local gpu = rank.gpu and string.format("GPU %d (%s)", rank.gpu.index, rank.gpu.pci_bus_id) or "no GPU"
    local ended = how == "exit" and ("exit status " .. code) or ("killed by signal " .. code)
    print(string.format("rank %d: pid %d, %s, NUMA node %s, CPUs %s, %s", rank.local_rank, child.pid, gpu,
                        tostring(rank.numa_node or "-"), child.cpus, ended))
    if status == 0 and (how ~= "exit" or code ~= 0) then status = how == "exit" and code or 128 + code end
  end
  return status
end

local ok, result = pcall(main, arg)
if not ok then
  io.stderr:write("launch.lua: ", tostring(result), "\n")
  os.exit(1)
end
os.exit(result)
