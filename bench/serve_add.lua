-- wrk script for bench/serve.sh: every request adds a new row (POST, form fields), so each
-- measures a real append: author per wrk thread, title per request, unique across runs.
-- wrk -s bench/serve_add.lua URL   (the URL's path: /api/add for abp, /add for the Flask peer)
local next_thread = 0
local run = tostring(os.time())

function setup(thread)
  thread:set("thread_id", next_thread)
  next_thread = next_thread + 1
end

local count = 0

function request()
  count = count + 1
  local body = "author=Bench+Writer+" .. run .. "+" .. thread_id ..
               "&title=Bench+Title+" .. count .. "&publisher=Bench+Press"
  return wrk.format("POST", nil, {["Content-Type"] = "application/x-www-form-urlencoded"}, body)
end
