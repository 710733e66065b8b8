-- Opens a file in headless Neovim (0.7 or later), starts `plumb server` with the built-in LSP
-- client as docs/editors.md sets it up for Neovim 0.7 to 0.10, waits for the diagnostics and
-- the code lenses, and writes what the client received as JSON. Run by tests/it/neovim.rs:
--   PLUMB=plumb ROOT=project FILE=project/app.py OUT=seen.json nvim --headless --clean -c 'luafile lsp.lua'
-- It always writes OUT (with `error` when something failed) and quits.

local function getenv(name)
  return os.getenv(name) or error(name .. ' is not set')
end

local function run()
  local plumb, root, file = getenv('PLUMB'), getenv('ROOT'), getenv('FILE')
  vim.cmd('edit ' .. vim.fn.fnameescape(file))
  local bufnr = vim.api.nvim_get_current_buf()
  local client_id = vim.lsp.start_client({
    name = 'plumb',
    cmd = { plumb, 'server' },
    root_dir = root,
    init_options = { functions = 'near-threshold', fraction = 0.8 },
  })
  assert(client_id, 'the client did not start')
  assert(vim.lsp.buf_attach_client(bufnr, client_id), 'the client did not attach')

  local seen = { filetype = vim.bo[bufnr].filetype }
  seen.published = vim.wait(20000, function()
    return #vim.diagnostic.get(bufnr) > 0
  end, 20)
  vim.lsp.codelens.refresh()
  seen.lensed = vim.wait(20000, function()
    return #vim.lsp.codelens.get(bufnr) > 0
  end, 20)

  seen.diagnostics = {}
  for _, d in ipairs(vim.diagnostic.get(bufnr)) do
    table.insert(seen.diagnostics, {
      lnum = d.lnum, col = d.col, end_lnum = d.end_lnum, end_col = d.end_col,
      severity = d.severity, source = d.source, code = d.code, message = d.message,
    })
  end
  seen.lenses = {}
  for _, lens in ipairs(vim.lsp.codelens.get(bufnr)) do
    table.insert(seen.lenses, { line = lens.range.start.line, title = lens.command and lens.command.title })
  end

  vim.lsp.stop_client(client_id)
  seen.stopped = vim.wait(10000, function()
    return vim.lsp.client_is_stopped(client_id)
  end, 20)
  return seen
end

local ok, seen = pcall(run)
if not ok then
  seen = { error = tostring(seen) }
end
vim.fn.writefile({ vim.fn.json_encode(seen) }, getenv('OUT'))
vim.cmd('qall!')
