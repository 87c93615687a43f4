-- CpuSet: the core's CPU lists through Lua's operators.
local numabind = require "numabind"
local t = require "support"

local suite = t.suite("cpuset")

suite:test("a list string round-trips in canonical form", function()
  t.eq(tostring(numabind.cpuset("8,0-3,10-11,9")), "0-3,8-11")
  t.eq(tostring(numabind.cpuset("")), "")
  t.eq(tostring(numabind.cpuset()), "")
end)

suite:test("length, membership and iteration follow the members", function()
  local set = numabind.cpuset("1,4-6")
  t.eq(#set, 4, "#set")
  t.eq(set:contains(4), true, "contains(4)")
  t.eq(set:contains(2), false, "contains(2)")
  t.eq(set:contains(-1), false, "contains(-1)")
  t.same(set:cpus(), { 1, 4, 5, 6 }, "cpus()")
  local seen = {}
  for cpu in set:iter() do seen[#seen + 1] = cpu end
  t.same(seen, { 1, 4, 5, 6 }, "iter()")
  t.eq(math.type(seen[1]), "integer", "math.type of a CPU")
end)

suite:test("== compares members, not objects", function()
  t.truthy(numabind.cpuset("0-2") == numabind.cpuset({ 2, 1, 0 }), "0-2 == {2,1,0}")
  t.truthy(numabind.cpuset("0-2") ~= numabind.cpuset("0-3"), "0-2 ~= 0-3")
end)

suite:test("add and remove change the set and chain; copy is independent", function()
  local set = numabind.cpuset():add(3):add(1):add(2):remove(1)
  t.eq(tostring(set), "2-3")
  local copy = set:copy():add(7)
  t.eq(tostring(set), "2-3", "original after changing the copy")
  t.eq(tostring(copy), "2-3,7")
  t.eq(tostring(numabind.cpuset(copy)), "2-3,7", "cpuset(CpuSet) copies")
end)

suite:test("a malformed list is NB_ECPULIST naming the item", function()
  local err = t.raises("NB_ECPULIST", numabind.cpuset, "0-3,5-2")
  t.contains(err.message, "5-2", "message")
  t.raises("NB_ECPULIST", numabind.cpuset, "0, 1")
  t.raises("NB_ECPULIST", numabind.cpuset, "1048576")
end)

suite:test("a CPU number outside C int or not whole is NB_EINVAL naming it", function()
  local set = numabind.cpuset()
  t.contains(t.raises("NB_EINVAL", set.add, set, 1.5).message, "1.5")
  t.contains(t.raises("NB_EINVAL", set.add, set, 2 ^ 40).message, "cpu must be an integer")
  t.raises("NB_EINVAL", set.contains, set, "x")
  t.contains(t.raises("NB_EINVAL", set.add, set, 1048576).message, "1048576")
  t.eq(#set, 0, "#set after the failed adds")
end)

suite:test("anything but a list, a sequence or a CpuSet is NB_EINVAL", function()
  t.contains(t.raises("NB_EINVAL", numabind.cpuset, 5).message, "5 (number)")
  t.raises("NB_EINVAL", numabind.cpuset, { 1, "two" })
end)

return suite
