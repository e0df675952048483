-- Run by test/editors/nvim.test.ts inside `nvim --headless`, after the config under test has attached
-- the vnet server to the buffer: waits (bounded) for the diagnostics, asks for one hover, writes both
-- as JSON lines to $VNET_OUT, stops the server and quits.
local out = {}
local function emit(kind, value) table.insert(out, vim.fn.json_encode({ kind = kind, value = value })) end

local attached = vim.wait(20000, function() return #vim.lsp.buf_get_clients(0) > 0 end, 50)
emit('attached', attached)
vim.wait(20000, function() return #vim.diagnostic.get(0) > 0 end, 50)
for _, d in ipairs(vim.diagnostic.get(0)) do
  emit('diagnostic', { lnum = d.lnum, col = d.col, message = d.message, severity = d.severity, code = d.code })
end

local line = tonumber(vim.env.VNET_HOVER_LINE)
local character = tonumber(vim.env.VNET_HOVER_CHARACTER)
local params = { textDocument = { uri = vim.uri_from_bufnr(0) }, position = { line = line, character = character } }
for _, r in pairs(vim.lsp.buf_request_sync(0, 'textDocument/hover', params, 10000) or {}) do
  if r.result then emit('hover', r.result.contents) end
  if r.err then emit('error', r.err) end
end

vim.fn.writefile(out, vim.env.VNET_OUT)
for _, client in pairs(vim.lsp.get_active_clients()) do client.stop() end
vim.wait(3000, function() return #vim.lsp.get_active_clients() == 0 end, 50)
vim.cmd('qa!')
