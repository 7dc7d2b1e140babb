-- Like wrk_report.lua, but every request carries a unique query parameter, so no
-- cached page can answer: this measures the full work of each view.
local counter = 0
request = function()
  counter = counter + 1
  local separator = string.find(wrk.path, "?", 1, true) and "&" or "?"
  return wrk.format(nil, wrk.path .. separator .. "_=" .. counter .. "-" .. math.random(1, 1000000000))
end
dofile(os.getenv("WRK_REPORT_LUA"))
