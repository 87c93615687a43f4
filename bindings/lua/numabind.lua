--- numabind: bind GPU workers to the CPUs nearest their GPU (Lua 5.4).
--
-- A thin layer over numabind.core, the C module SWIG generates from
-- bindings/swig/numabind.i: every decision (modes, parsing, validation,
-- JSON) is the C library's; this file only gives it Lua shapes.
--
--   local numabind = require "numabind"
--   local topo = numabind.Topology.from_xml("machine.xml")
--   local cpus = topo:compute_cpuset(3, {mode = "exclusive"})   -- a CpuSet
--   print(cpus)                                                 -- "18-23,66-71"
--   for _, rank in ipairs(topo:plan{mode = "node"}) do ... end  -- plain tables
--   local pid = numabind.spawn({"python3", "train.py"}, {topology = topo, local_rank = 3})
--   numabind.wait(pid)
--
-- Every failure is raised with error() as a numabind.Error object:
-- {code = "NB_ERANK", status = -8, message = "...", os_error = errno|nil},
-- whose tostring is "NB_ERANK: message".

local core = require "numabind.core"
local cjson = require "cjson"

local M = {
  core = core,
  version = core.nb_version_string(),
}

-- ---- errors -------------------------------------------------------------------

local Error = core.error_metatable()
Error.__name = "numabind.Error"
M.Error = Error

--- True when `value` is a numabind error (with the given code name, if any).
function M.is_error(value, code)
  return getmetatable(value) == Error and (code == nil or value.code == code)
end

-- Raise NB_EINVAL for a Lua value the C API cannot be given (a wrong type),
-- as the C typemaps do for a bad integer.
local function invalid(format, ...)
  error(setmetatable({
    code = "NB_EINVAL",
    status = core.NB_EINVAL,
    message = string.format(format, ...),
  }, Error), 0)
end

local function describe(value)
  if type(value) == "string" then return string.format("%q", value) end
  return string.format("%s (%s)", tostring(value), type(value))
end

--- The symbolic name ("NB_ERANK") and the one-line description of a status code.
function M.status_name(status) return core.nb_status_name(status) end
function M.strerror(status) return core.nb_strerror(status) end

-- ---- JSON from the core --------------------------------------------------------

-- The core writes JSON (topology, options); lua-cjson reads it. JSON null
-- becomes nil (an absent field), and whole numbers Lua integers (cjson reads
-- every number as a float).
local function from_json_value(value)
  if value == cjson.null then return nil end
  if type(value) == "number" then return math.tointeger(value) or value end
  if type(value) == "table" then
    local copy = {}
    for k, v in pairs(value) do copy[k] = from_json_value(v) end
    return copy
  end
  return value
end

local function decode(json) return from_json_value(cjson.decode(json)) end
M.decode_json = decode

-- ---- CpuSet ----------------------------------------------------------------------

--- A set of CPU numbers: tostring gives the list ("0-3,8"), # the count,
--- == compares members.
local CpuSet = { __name = "numabind.CpuSet" }
CpuSet.__index = CpuSet
M.CpuSet = CpuSet

local function wrap_cpuset(handle) return setmetatable({ _handle = handle }, CpuSet) end

local function check_cpuset(value, what)
  if getmetatable(value) ~= CpuSet then invalid("%s must be a numabind.CpuSet, got %s", what, describe(value)) end
  return value._handle
end

--- A new set: from a list string ("0-3,8"), a sequence of CPU numbers, a
--- CpuSet (copied), or nothing (empty).
function M.cpuset(source)
  if source == nil then return wrap_cpuset(core.nb_cpuset_new()) end
  if type(source) == "string" then return wrap_cpuset(core.nb_cpuset_parse(source)) end
  if getmetatable(source) == CpuSet then return wrap_cpuset(core.nb_cpuset_dup(source._handle)) end
  if type(source) == "table" then
    local handle = core.nb_cpuset_new()
    for _, cpu in ipairs(source) do core.nb_cpuset_add(handle, cpu) end
    return wrap_cpuset(handle)
  end
  invalid("cpuset: expected a CPU list string, a table of CPU numbers or a CpuSet, got %s", describe(source))
end

function CpuSet.__tostring(set) return core.nb_cpuset_format(set._handle) end
function CpuSet.__len(set) return core.nb_cpuset_count(set._handle) end
function CpuSet.__eq(a, b) return core.nb_cpuset_equal(a._handle, b._handle) == 1 end

function CpuSet:contains(cpu) return core.nb_cpuset_contains(check_cpuset(self, "self"), cpu) == 1 end
--- Add or remove a CPU; returns the set, for chaining.
function CpuSet:add(cpu) core.nb_cpuset_add(check_cpuset(self, "self"), cpu); return self end
function CpuSet:remove(cpu) core.nb_cpuset_remove(check_cpuset(self, "self"), cpu); return self end
function CpuSet:copy() return wrap_cpuset(core.nb_cpuset_dup(check_cpuset(self, "self"))) end

--- for cpu in set:iter() do ... end, in increasing order.
function CpuSet:iter()
  local handle = check_cpuset(self, "self")
  local cpu = -1
  return function()
    cpu = core.nb_cpuset_next(handle, cpu)
    if cpu >= 0 then return cpu end
  end
end

--- The CPUs as a sequence, in increasing order.
function CpuSet:cpus()
  local list = {}
  for cpu in self:iter() do list[#list + 1] = cpu end
  return list
end

-- ---- Options ----------------------------------------------------------------------

--- How to compute and apply a binding. Built from a table with the keys of the
--- core's options JSON: mode, fallback, allowed_cpus (a list string or a
--- CpuSet), gpu_vendor, pci_bus_ids (a sequence of bus ids), visible_devices,
--- mem_policy. The core validates it: an unknown key, a wrong type or a bad
--- value is an error naming them.
local Options = { __name = "numabind.Options" }
Options.__index = Options
M.Options = Options

local function wrap_options(handle) return setmetatable({ _handle = handle }, Options) end

local function is_sequence(t)
  local count = 0
  for _ in pairs(t) do count = count + 1 end
  return count == #t
end

-- One value of an options table as JSON text. Only the Lua shapes are
-- translated here (a CpuSet, an empty sequence, which cjson would write as
-- {}); whether the value suits the key is the core's to say.
local function option_json(key, value)
  if getmetatable(value) == CpuSet then return cjson.encode(tostring(value)) end
  local kind = type(value)
  if kind == "string" or kind == "number" or kind == "boolean" then return cjson.encode(value) end
  if kind == "table" and getmetatable(value) == nil then
    if not is_sequence(value) then return cjson.encode(value) end
    local items = {}
    for i, item in ipairs(value) do items[i] = option_json(key, item) end
    return "[" .. table.concat(items, ",") .. "]"
  end
  invalid("options: %s has a value JSON cannot hold: %s", key, describe(value))
end

local function options_json(spec)
  local members = {}
  for key, value in pairs(spec) do
    if type(key) ~= "string" then invalid("options: keys are option names, got %s", describe(key)) end
    members[#members + 1] = cjson.encode(key) .. ":" .. option_json(key, value)
  end
  -- Sorted, so that of several bad keys the same one is reported every time.
  table.sort(members)
  return "{" .. table.concat(members, ",") .. "}"
end

--- Options from a table (or a copy of an Options; nil: the defaults).
function M.options(spec)
  if spec == nil then return wrap_options(core.nb_options_new()) end
  if getmetatable(spec) == Options then return wrap_options(core.nb_options_dup(spec._handle)) end
  if type(spec) ~= "table" then invalid("options must be a table, got %s", describe(spec)) end
  return wrap_options(core.nb_options_from_json(options_json(spec)))
end

--- Options from the core's JSON form (numabind.options/1).
function M.options_from_json(json)
  if type(json) ~= "string" then invalid("options_from_json: expected a JSON string, got %s", describe(json)) end
  return wrap_options(core.nb_options_from_json(json))
end

function Options:to_json() return core.nb_options_to_json(self._handle) end
Options.__tostring = Options.to_json
--- The options as a table M.options accepts back: every field, nil when unset.
function Options:to_table()
  local t = decode(self:to_json())
  t.schema = nil
  return t
end
function Options:copy() return M.options(self) end

-- The core handle of options given as nil, a table or an Options.
local function options_handle(options)
  if options == nil then return nil end
  if getmetatable(options) == Options then return options._handle end
  return M.options(options)._handle
end

-- ---- Topology ---------------------------------------------------------------------

--- A machine's topology. Immutable; load it once and share it.
local Topology = { __name = "numabind.Topology" }
Topology.__index = Topology
M.Topology = Topology

local function wrap_topology(handle) return setmetatable({ _handle = handle }, Topology) end

local function check_topology(value, what)
  if getmetatable(value) ~= Topology then invalid("%s must be a numabind.Topology, got %s", what, describe(value)) end
  return value._handle
end

local function check_string(value, what)
  if type(value) ~= "string" then invalid("%s must be a string, got %s", what, describe(value)) end
  return value
end

--- The live machine, or the XML file named by $NUMABIND_TOPOLOGY.
function Topology.load() return wrap_topology(core.nb_topology_load()) end
--- An hwloc XML file (2.x or 1.x).
function Topology.from_xml(path) return wrap_topology(core.nb_topology_load_xml(check_string(path, "path"))) end
--- An hwloc XML document held in a string.
function Topology.from_xml_string(document)
  return wrap_topology(core.nb_topology_load_xml_buffer(check_string(document, "document")))
end
--- A captured sysfs/procfs tree (a directory holding sys/ and proc/).
function Topology.from_fsroot(dir) return wrap_topology(core.nb_topology_load_fsroot(check_string(dir, "dir"))) end

function Topology:is_live() return core.nb_topology_is_live(check_topology(self, "self")) == 1 end

--- The core's topology JSON; the GPU list is the one the options select.
function Topology:to_json(options)
  return core.nb_topology_to_json(check_topology(self, "self"), options_handle(options))
end

--- The topology JSON as a table: source, allowed_cpus, numa_nodes, gpus.
function Topology:to_table(options) return decode(self:to_json(options)) end

--- The GPUs the options select, before the visible-devices remap: a sequence
--- of {index, pci_bus_id, vendor, pci_id, pci_class, uuid, numa_node, package,
--- local_cpus, os_devices}.
function Topology:gpus(options) return self:to_table(options).gpus end

function Topology:gpu_count(options)
  return core.nb_topology_gpu_count(check_topology(self, "self"), options_handle(options))
end

--- The CPUs local rank `local_rank` should run on, as a CpuSet.
function Topology:compute_cpuset(local_rank, options)
  return wrap_cpuset(core.nb_compute_cpuset(check_topology(self, "self"), options_handle(options), local_rank))
end

-- Plans are plain tables; the core plan each one came from is kept here
-- (collected with the table) for to_json.
local plan_handles = setmetatable({}, { __mode = "k" })
local Plan = { __name = "numabind.Plan" }
Plan.__index = Plan
M.Plan = Plan

--- The core's plan JSON (numabind.plan/1) of a plan table.
function Plan:to_json()
  local handle = plan_handles[self]
  if handle == nil then invalid("to_json: not a plan computed by numabind, got %s", describe(self)) end
  return core.nb_plan_to_json(handle)
end

--- The bindings of local ranks 0 .. nproc-1 (nproc nil or 0: one per visible
--- GPU) as a sequence of plain tables, one per rank:
---   {local_rank = 0, status = "NB_OK", gpu = {index = 0, pci_bus_id = "0000:18:00.0"},
---    numa_node = 0, cpus = "0-5,48-53"}
--- A rank without a binding has status = its error code, error = the Error
--- and no cpus; gpu and numa_node are nil when it has none. The sequence also
--- holds mode and fallback, the options it was computed with.
function Topology:plan(options, nproc)
  local topology = check_topology(self, "self")
  local options_h = options_handle(options) or core.nb_options_new()
  local handle = core.nb_plan_compute(topology, options_h, nproc or 0)
  local gpus = decode(core.nb_topology_to_json(topology, options_h)).gpus
  local plan = setmetatable({
    mode = core.nb_mode_name(core.nb_options_get_mode(options_h)),
    fallback = core.nb_options_get_fallback(options_h) ~= 0,
  }, Plan)
  for r = 0, core.nb_plan_size(handle) - 1 do
    local status, err = core.nb_plan_rank_status(handle, r)
    local rank = { local_rank = r, status = core.nb_status_name(status), error = err }
    -- A rank beyond the GPUs has none (nb_plan_rank_gpu fails with its status).
    local has_gpu, gpu_index, numa_node
    if status == core.NB_OK then
      has_gpu, gpu_index, numa_node = true, core.nb_plan_rank_gpu(handle, r)
    else
      has_gpu, gpu_index, numa_node = pcall(core.nb_plan_rank_gpu, handle, r)
    end
    if has_gpu then
      rank.gpu = { index = gpu_index, pci_bus_id = gpus[gpu_index + 1].pci_bus_id }
      if numa_node >= 0 then rank.numa_node = numa_node end
    end
    if status == core.NB_OK then
      rank.cpus = core.nb_cpuset_format(core.nb_plan_rank_cpuset(handle, r))
    end
    plan[r + 1] = rank
  end
  plan_handles[plan] = handle
  return plan
end

-- ---- applying -----------------------------------------------------------------------

--- The local rank the launcher gave this process: $LOCAL_RANK, else
--- $SLURM_LOCALID, else $OMPI_COMM_WORLD_LOCAL_RANK (NB_ERANK when none is set).
function M.local_rank() return core.nb_local_rank_from_environment() end

local live_topology
--- The live machine's topology, loaded on first use and kept.
function M.live_topology()
  live_topology = live_topology or Topology.load()
  return live_topology
end

-- Keys of a binding spec that are not options.
local target_keys = { cpus = true, local_rank = true, topology = true, options = true }

-- A binding spec: {cpus = CpuSet|"list"} or {local_rank = r [, topology = t]}
-- (default: the live machine), with options either inline (mode = ..., ...)
-- or as options = table|Options. `extra` names the keys a caller handles.
local function binding_target(spec, what, extra)
  if type(spec) ~= "table" or getmetatable(spec) ~= nil then
    invalid("%s: expected a binding table {cpus = ...} or {local_rank = ...}, got %s", what, describe(spec))
  end
  local inline = {}
  local has_inline = false
  for key, value in pairs(spec) do
    if not target_keys[key] and not (extra and extra[key]) then
      inline[key] = value
      has_inline = true
    end
  end
  if has_inline and spec.options ~= nil then
    invalid("%s: give options inline or as options = {...}, not both", what)
  end
  local options = options_handle(has_inline and inline or spec.options)
  if spec.cpus ~= nil then
    if spec.local_rank ~= nil then invalid("%s: give cpus or local_rank, not both", what) end
    local cpus = spec.cpus
    if type(cpus) == "string" then cpus = M.cpuset(cpus) end
    return { cpus = check_cpuset(cpus, what .. ": cpus"), options = options }
  end
  if spec.local_rank == nil then invalid("%s: the binding needs cpus or local_rank", what) end
  local topology = spec.topology and check_topology(spec.topology, what .. ": topology") or M.live_topology()._handle
  return { topology = topology, local_rank = spec.local_rank, options = options }
end

--- Bind the calling thread and remember what it had (a per-thread stack).
function M.push(spec)
  local target = binding_target(spec, "push")
  if target.cpus then
    core.nb_affinity_push(target.cpus, target.options)
  else
    core.nb_affinity_push_rank(target.topology, target.options, target.local_rank)
  end
end

--- Undo the latest push (NB_ESTACK when there is none).
function M.pop() core.nb_affinity_pop() end

--- Pushes not yet popped on the calling thread.
function M.depth() return core.nb_affinity_depth() end

--- Run fn(...) with the calling thread bound as `spec` says, and put the thread
--- back afterwards, also when fn raises (the error then goes on). Children
--- fn starts (io.popen, os.execute) inherit the binding. Returns fn's results.
function M.with_binding(spec, fn, ...)
  if type(fn) ~= "function" then invalid("with_binding: fn must be a function, got %s", describe(fn)) end
  local depth = core.nb_affinity_depth()
  M.push(spec)
  local results = table.pack(pcall(fn, ...))
  -- Back to the depth on entry: also drops pushes fn left behind.
  local restored, restore_error = true, nil
  while restored and core.nb_affinity_depth() > depth do
    restored, restore_error = pcall(core.nb_affinity_pop)
  end
  if not results[1] then error(results[2], 0) end
  if not restored then error(restore_error, 0) end
  return table.unpack(results, 2, results.n)
end

--- Bind every thread of this process that still has the process's original
--- affinity (for code running inside a worker).
function M.bind_current_process(spec)
  local target = binding_target(spec, "bind_current_process")
  if target.cpus then
    core.nb_bind_current_process(target.cpus, target.options)
  else
    core.nb_bind_current_process_rank(target.topology, target.options, target.local_rank)
  end
end

local spawn_keys = { env = true, cwd = true }

local function string_list(list, what)
  if type(list) ~= "table" then invalid("spawn: %s must be a table of strings, got %s", what, describe(list)) end
  local copy = {}
  for i, item in ipairs(list) do
    if type(item) == "number" then item = tostring(item) end
    if type(item) ~= "string" then invalid("spawn: %s[%d] must be a string, got %s", what, i, describe(item)) end
    copy[i] = item
  end
  return copy
end

-- The child's environment: nil (this process's), a sequence of "NAME=value",
-- or a map {NAME = value} (written in name order).
local function environment(env)
  if env == nil then return nil end
  if type(env) == "table" and not is_sequence(env) then
    local names = {}
    for name in pairs(env) do
      if type(name) ~= "string" then invalid("spawn: env names must be strings, got %s", describe(name)) end
      names[#names + 1] = name
    end
    table.sort(names)
    local list = {}
    for i, name in ipairs(names) do
      local value = env[name]
      if type(value) ~= "string" and type(value) ~= "number" then
        invalid("spawn: env.%s must be a string, got %s", name, describe(value))
      end
      list[i] = name .. "=" .. tostring(value)
    end
    return list
  end
  return string_list(env, "env")
end

--- Start argv (argv[1] looked up in PATH) bound from its first instruction as
--- `spec` says; spec may also give env and cwd. Returns the child's pid: wait
--- for it with numabind.wait(pid).
function M.spawn(argv, spec)
  local target = binding_target(spec, "spawn", spawn_keys)
  local args = string_list(argv, "argv")
  local env = environment(spec.env)
  if spec.cwd ~= nil then check_string(spec.cwd, "spawn: cwd") end
  if target.cpus then
    return core.nb_spawn(args, env, spec.cwd, target.cpus, target.options)
  end
  return core.nb_spawn_rank(args, env, spec.cwd, target.topology, target.options, target.local_rank)
end

--- Wait for child `pid` to end (reaping it). Returns what os.execute returns:
--- true|nil, "exit"|"signal", the exit status or signal number.
M.wait = core.wait

return M
