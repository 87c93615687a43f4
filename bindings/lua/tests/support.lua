--- Helpers shared by the Lua test files: suites, assertions on numabind
--- errors, paths of the fixtures, and reading what the kernel says about a
--- process's CPUs.
local numabind = require "numabind"

local S = {}

-- Absolute, so that tests may hand paths to children with another cwd.
local function absolute(path)
  if path:sub(1, 1) == "/" then return path end
  return assert(os.getenv("PWD"), "PWD is not set") .. "/" .. path:gsub("^%./", "")
end

local tests_dir = absolute(debug.getinfo(1, "S").source:match("^@(.*)/[^/]*$") or ".")
S.tests_dir = tests_dir
S.lua_dir = tests_dir:match("^(.*)/tests$")
S.repo_root = S.lua_dir:match("^(.*)/bindings/lua$")
-- The interpreter running the tests, for the ones that start Lua children.
S.lua = os.getenv("NUMABIND_LUA") or arg[-1]

--- The bundled real topologies (tests/fixtures) and this directory's own.
function S.fixture(name) return S.repo_root .. "/tests/fixtures/" .. name end
S.aws_g4dn = S.fixture("aws-g4dn-metal_2x-xeon8259cl_8xt4.xml")
S.two_node = tests_dir .. "/fixtures/two-node-two-gpu.xml"

-- ---- suites -------------------------------------------------------------------------

local Suite = {}
Suite.__index = Suite

function S.suite(name) return setmetatable({ name = name, tests = {} }, Suite) end
function Suite:test(name, fn) self.tests[#self.tests + 1] = { name = name, fn = fn } end

local Skip = {}
--- Stop the running test and count it as skipped, saying why.
function S.skip(reason) error(setmetatable({ reason = reason }, Skip), 0) end
function S.is_skip(value) return getmetatable(value) == Skip end

-- ---- assertions -----------------------------------------------------------------------

local function show(value)
  if type(value) == "string" then return string.format("%q", value) end
  return tostring(value)
end

function S.eq(actual, expected, what)
  if actual ~= expected then
    error(string.format("%s: expected %s, got %s", what or "value", show(expected), show(actual)), 2)
  end
end

function S.truthy(value, what)
  if not value then error((what or "condition") .. " does not hold", 2) end
end

--- The first difference between two plain values ("" when equal), as a path.
function S.difference(a, b, path)
  path = path or "$"
  if type(a) ~= "table" or type(b) ~= "table" then
    if a == b then return "" end
    return string.format("%s: %s ~= %s", path, show(a), show(b))
  end
  for k, v in pairs(a) do
    local d = S.difference(v, b[k], path .. "." .. tostring(k))
    if d ~= "" then return d end
  end
  for k, v in pairs(b) do
    if a[k] == nil then return string.format("%s.%s: missing, expected %s", path, tostring(k), show(v)) end
  end
  return ""
end

function S.same(actual, expected, what)
  local d = S.difference(actual, expected)
  if d ~= "" then error((what or "value") .. " differs at " .. d, 2) end
end

--- Call fn(...), which must raise a numabind.Error with code name `code`;
--- returns the error for further checks.
function S.raises(code, fn, ...)
  local ok, err = pcall(fn, ...)
  if ok then error("expected " .. code .. ", but the call succeeded", 2) end
  if not numabind.is_error(err) then error("expected " .. code .. ", got a non-numabind error: " .. tostring(err), 2) end
  if err.code ~= code then error("expected " .. code .. ", got " .. tostring(err), 2) end
  return err
end

--- `text` contains `part` literally.
function S.contains(text, part, what)
  if type(text) ~= "string" or not text:find(part, 1, true) then
    error(string.format("%s: %s does not contain %s", what or "text", show(text), show(part)), 2)
  end
end

-- ---- files and processes ------------------------------------------------------------------

function S.read_file(path)
  local file = assert(io.open(path, "rb"))
  local text = file:read("a")
  file:close()
  return text
end

--- Run a shell command, returning its standard output and how it ended.
function S.capture(command)
  local pipe = assert(io.popen(command, "r"))
  local output = pipe:read("a")
  local ok, how, code = pipe:close()
  return output, ok, how, code
end

--- Run a Lua script in a child interpreter (which finds numabind as this
--- one does, through the inherited LUA_CPATH / LUA_PATH); returns its
--- standard output and how it ended.
function S.run_lua(script)
  local path = os.tmpname()
  local file = assert(io.open(path, "w"))
  file:write(script)
  file:close()
  local output, ok, how, code = S.capture(string.format("'%s' '%s'", S.lua, path))
  os.remove(path)
  return output, ok, how, code
end

--- A new empty directory, removed by the returned function.
function S.temp_dir()
  local dir = S.capture("mktemp -d"):gsub("%s+$", "")
  assert(dir ~= "", "mktemp -d failed")
  return dir, function() os.execute("rm -rf '" .. dir .. "'") end
end

--- The kernel's Cpus_allowed_list of a process ("self" or a pid).
function S.cpus_allowed(pid)
  local status = S.read_file("/proc/" .. tostring(pid) .. "/status")
  return assert(status:match("Cpus_allowed_list:%s*([%d,%-]+)"), "no Cpus_allowed_list")
end

--- The pids of this process's children, as the kernel lists them
--- (space separated, "" for none). Lua runs on the main thread, whose tid
--- is the pid.
function S.children()
  local pid = S.read_file("/proc/self/stat"):match("^(%d+)")
  local file = io.open("/proc/" .. pid .. "/task/" .. pid .. "/children")
  if not file then S.skip("the kernel has no /proc/PID/task/TID/children (CONFIG_PROC_CHILDREN)") end
  local list = file:read("a")
  file:close()
  return (list:gsub("%s+$", ""))
end

--- Skip unless this process may run on CPUs 0 and 1 (the two-node fixture's).
function S.require_cpus_0_and_1()
  local allowed = numabind.cpuset(S.cpus_allowed("self"))
  if not (allowed:contains(0) and allowed:contains(1)) then
    S.skip("needs CPUs 0 and 1 in this process's affinity, which is " .. tostring(allowed))
  end
end

return S
