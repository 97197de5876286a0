-- POST a progress report: each line of REPORTS is "token code", taken in turn.
local lines, i = {}, 0
function init(args)
  for l in io.lines(os.getenv("REPORTS")) do
    local tok, code = l:match("(%S+) (%S+)")
    lines[#lines + 1] = {tok, code}
  end
  i = math.random(#lines)
end
function request()
  i = i % #lines + 1
  local t = lines[i]
  return wrk.format("POST", "/api/v1/measures/" .. t[2] .. "/progress",
    {["Authorization"] = "Bearer " .. t[1], ["Content-Type"] = "application/json"},
    '{"percent":' .. (i % 99 + 1) .. ',"note":"按计划推进，已完成阶段任务。"}')
end
