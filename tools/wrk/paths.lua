-- GET each path of the file PATHS in turn (one list per thread, each from its own offset); AUTH is a header line.
local paths, i = {}, 0
function init(args)
  for l in io.lines(os.getenv("PATHS")) do paths[#paths + 1] = l end
  i = math.random(#paths)
end
function request()
  i = i % #paths + 1
  return wrk.format("GET", paths[i])
end
