--- Runs Lua test files: lua5.4 run.lua file_test.lua ...
-- Each file returns a suite (support.suite); every test runs in its own
-- protected call, so one failure does not hide the others. Ends with the line
-- "N passed, N failed, N skipped" and exits non-zero when a test failed.
-- numabind is found through LUA_CPATH / LUA_PATH (see CMakeLists.txt and
-- scripts/ci/lua.sh); support.lua beside this file is found by itself.
local here = debug.getinfo(1, "S").source:match("^@(.*/)") or "./"
package.path = here .. "?.lua;" .. package.path

local support = require "support"

if #arg == 0 then
  io.stderr:write("usage: lua5.4 run.lua FILE_test.lua ...\n")
  os.exit(2)
end

local passed, failed, skipped = 0, 0, 0
local failures = {}

local function traceback(err)
  if support.is_skip(err) then return err end
  return debug.traceback(tostring(err), 2)
end

for _, file in ipairs(arg) do
  local suite = dofile(file)
  for _, test in ipairs(suite.tests) do
    local label = suite.name .. ": " .. test.name
    local ok, err = xpcall(test.fn, traceback)
    if ok then
      passed = passed + 1
      print("ok    " .. label)
    elseif support.is_skip(err) then
      skipped = skipped + 1
      print("skip  " .. label .. " (" .. err.reason .. ")")
    else
      failed = failed + 1
      failures[#failures + 1] = label
      print("FAIL  " .. label .. "\n" .. err)
    end
  end
end

for _, label in ipairs(failures) do print("failed: " .. label) end
print(string.format("%d passed, %d failed, %d skipped", passed, failed, skipped))
os.exit(failed == 0 and 0 or 1)
