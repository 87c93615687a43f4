-- The error objects every numabind failure is raised as.
local numabind = require "numabind"
local t = require "support"

local suite = t.suite("errors")

suite:test("an error carries code name, status, message; tostring joins them", function()
  local topo = numabind.Topology.from_xml(t.two_node)
  local ok, err = pcall(topo.compute_cpuset, topo, 2)
  t.eq(ok, false, "pcall")
  t.eq(getmetatable(err), numabind.Error, "metatable")
  t.eq(err.code, "NB_ERANK", "code")
  t.eq(err.status, -8, "status (include/numabind.h: NB_ERANK = -8)")
  t.eq(err.status, numabind.core.NB_ERANK, "status is the core constant")
  t.eq(err.os_error, nil, "os_error of a non-system failure")
  t.eq(err.message, numabind.core.nb_last_error(), "message is nb_last_error()")
  t.eq(tostring(err), "NB_ERANK: " .. err.message, "tostring")
  t.truthy(numabind.is_error(err) and numabind.is_error(err, "NB_ERANK"), "is_error")
  t.eq(numabind.is_error(err, "NB_EINVAL"), false, "is_error with another code")
  t.eq(numabind.is_error("NB_ERANK: x"), false, "a string is not an error object")
end)

suite:test("status names and descriptions come from the core", function()
  t.eq(numabind.status_name(-12), "NB_EEMPTY", "status_name(-12)")
  t.eq(numabind.status_name(0), "NB_OK", "status_name(0)")
  t.truthy(#numabind.strerror(-8) > 0, "strerror(-8) is not empty")
end)

suite:test("an uncaught error reads CODE: message in the interpreter's report", function()
  local output, ok = t.capture(string.format(
    "%s -e 'require(\"numabind\").Topology.from_xml(\"/nonexistent/m.xml\")' 2>&1", t.lua))
  t.eq(ok, nil, "the interpreter fails")
  t.contains(output, "NB_ETOPOLOGY: cannot load topology", "stderr")
  t.contains(output, "/nonexistent/m.xml", "stderr")
end)

suite:test("a later failure does not change an error already raised", function()
  local first = t.raises("NB_ECPULIST", numabind.cpuset, "x")
  t.raises("NB_EMODE", numabind.options, { mode = "y" })
  t.eq(first.code, "NB_ECPULIST", "first.code")
  t.contains(first.message, "'x'", "first.message")
end)

suite:test("the raw core module raises the same objects and returns out-parameters", function()
  local core = numabind.core
  local set = core.nb_cpuset_parse("0-3")
  t.eq(core.nb_cpuset_format(set), "0-3", "format of a parsed set")
  t.eq(core.nb_cpuset_count(set), 4, "count")
  local mode = core.nb_mode_parse("socket")
  t.eq(mode, core.NB_MODE_SOCKET, "mode_parse")
  local options = core.nb_options_new()
  t.eq(core.nb_options_get_allowed_cpus(options), nil, "no allowed override is nil")
  t.eq(core.nb_options_get_visible_devices(options), nil, "no visible override is nil")
  t.raises("NB_EMODE", core.nb_mode_parse, "sockets")
end)

return suite
