-- The proof check's eyes in the engine: what each line of the kit is (a heading, a label,
-- a running head...), where it came from (content file:line), how it ends, and where it
-- lands on which page. Written as a small facts file (<jobname>.proof) that kitbuilder's
-- proof check reads after the last pass; it judges nothing itself.
--
-- Records, one a line, tab-separated:
--   O id origin                      an origin (content file:line) and its number
--   L id par idx origin role lang hyph first last part
--                                   a line of a paragraph as broken: its first word and last two
--                                   (all that a break's rules read: ties.bond), and the part it
--                                   belongs to (0 before the first)
--   S id sheet page x y width height depth overflow
--                                   where a line was shipped (sp, from the page's top left)
--   B sheet page role xmin ymin xmax ymax origin
--                                   the ink of a role without lines (running heads) on a page
--   F sheet page fill textheight top how far down the text block (its top at `top`) the page is filled
--   P sheet page part                the part started last when the page was shipped (pages
--                                   held to the end of the run say the last; lines say better)
--   G key value                      document geometry: paper, text block, side tab
kbproof = kbproof or {}
local P = kbproof

local GLYPH, HLIST, VLIST = node.id("glyph"), node.id("hlist"), node.id("vlist")
local GLUE, KERN, DISC, RULE = node.id("glue"), node.id("kern"), node.id("disc"), node.id("rule")
local PENALTY = node.id("penalty")
local dimensions = node.dimensions
local utfchar, concat = utf8.char, table.concat
local find, gsub = string.find, string.gsub

P.origin_attr = luatexbase.new_attribute("kborigin")
P.role_attr = luatexbase.attributes["kbroleattr"]  -- \newattribute\kbroleattr, set by \kbrole
P.line_attr = luatexbase.new_attribute("kbline")
P.roles = { [1] = "part", [2] = "heading", [3] = "label", [4] = "boxtitle", [5] = "cover",
            [6] = "cell", [7] = "headleft", [8] = "headright", [9] = "chart" }
P.origins, P.origin_ids, P.languages = {}, {}, {}
P.out = {}
P.lines, P.paragraphs, P.sheet, P.part = 0, 0, 0, 0
local out = P.out

local function emit(...)
  out[#out + 1] = concat({ ... }, "\t")
end

function P.origin(text)
  local n = P.origin_ids[text]
  if not n then
    n = #P.origins + 1
    P.origins[n], P.origin_ids[text] = text, n
    emit("O", n, text)
  end
  tex.setattribute("global", P.origin_attr, n)
end

function P.language(number, code)
  P.languages[number] = code
end

function P.geometry(key, value)
  emit("G", key, value)
end

function P.sidetab(length, height, depth, x)
  emit("G", "sidetab", length .. " " .. height .. " " .. depth .. " " .. x)
end

-- Does box `n` (a paragraph) fit: no line wider than its measure, no taller than `maxheight`?
-- Below 7pt a text is set as it is: the proof check reports what still does not fit.
function P.fits(n, maxheight, size)
  local box = tex.box[n]
  local ok = box.height + box.depth <= maxheight
  if box.head then
    for line in node.traverse_id(HLIST, box.head) do
      if line.head and dimensions(line.glue_set, line.glue_sign, line.glue_order, line.head) > line.width + 32768 then
        ok = false
      end
    end
  end
  tex.setcount("kbfitcount", (ok or size < 7 * 65536) and 1 or 0)
end

function P.newpart()
  P.part = P.part + 1
end

function P.frontmatter(inside)
  if inside then
    P.saved_part, P.part = P.part, 0
  else
    P.part = P.saved_part or P.part
  end
end

-- A line's first and last words are read for every line set (paragraphs measured or set
-- again included), so they are read through LuaTeX's direct node access, which is several
-- times faster than node userdata.
local direct = node.direct
local todirect, getid, getsubtype, getchar = direct.todirect, direct.getid, direct.getsubtype, direct.getchar
local getnext, getprev, getlist, getdisc = direct.getnext, direct.getprev, direct.getlist, direct.getdisc
local getcomponents, dtraverse = direct.getcomponents, direct.traverse
local chars = setmetatable({}, { __index = function(t, c) local s = utfchar(c) t[c] = s return s end })

-- The text of a glyph, ligatures taken apart.
local function glyph_text(d, buffer)
  local components = getcomponents(d)
  if components then
    for c in dtraverse(components) do
      if getid(c) == GLYPH then glyph_text(c, buffer) end
    end
  else
    local c = getchar(d)
    if c and c > 0 and c < 0x110000 then buffer[#buffer + 1] = chars[c] end
  end
end

local not_spaces = {}
for _, name in pairs({ "leftskip", "rightskip", "parfillskip", "parfillleftskip", "parinitleftskip",
                       "parinitrightskip", "indentskip", "lefthangskip", "righthangskip", "correctionskip" }) do
  for number, known in pairs(node.subtypes("glue")) do
    if known == name then not_spaces[number] = true end
  end
end

local function is_space(d)
  -- Interword glue, not the paragraph's own skips.
  return getid(d) == GLUE and not not_spaces[getsubtype(d)]
end

-- The text of a node as a word's piece, added to `pieces`: a glyph, a discretionary's
-- visible part (its pre-break text where the line breaks at it), an \mbox. Says whether it
-- added any.
local function add_piece(d, at_break, pieces)
  local before, id = #pieces, getid(d)
  if id == GLYPH then
    glyph_text(d, pieces)
  elseif id == DISC then
    local pre, _, replace = getdisc(d)
    local list = replace
    if at_break then list = pre end
    if list then
      for c in dtraverse(list) do
        if getid(c) == GLYPH then glyph_text(c, pieces) end
      end
    end
  elseif id == HLIST or id == VLIST then
    local head = getlist(d)
    if head then
      local inner = {}
      for c in dtraverse(head) do
        if getid(c) == GLYPH then glyph_text(c, inner) elseif is_space(c) then inner[#inner + 1] = " " end
      end
      if #inner > 0 then pieces[#pieces + 1] = concat(inner) end
    end
  end
  return #pieces > before
end

-- Up to `words` words from one end of a line: forward from `start` (a direct node), or backward from it
-- (each piece's characters are collected in order, then the pieces reversed).
local function words_from(start, forward, words)
  local pieces, seen, text = {}, 0, false
  local d = start
  while d and seen < words do
    if is_space(d) then
      if text then
        seen = seen + 1
        pieces[#pieces + 1] = " "
        text = false
      end
    else
      local first = #pieces + 1
      if add_piece(d, not forward and d == start, pieces) then
        text = true
        if not forward and #pieces > first then
          pieces[first] = concat(pieces, "", first)
          for i = #pieces, first + 1, -1 do pieces[i] = nil end
        end
      end
    end
    if forward then d = getnext(d) else d = getprev(d) end
  end
  if not forward then
    local reversed = {}
    for i = #pieces, 1, -1 do reversed[#reversed + 1] = pieces[i] end
    pieces = reversed
  end
  local text = concat(pieces)
  if find(text, "[\t\n]") then text = gsub(text, "[\t\n]", " ") end
  if find(text, "^%s") or find(text, "%s$") then text = gsub(gsub(text, "^%s+", ""), "%s+$", "") end
  return text
end

local WHATSIT = node.id("whatsit")
local dhas_attribute, dset_attribute, getlang = direct.has_attribute, direct.set_attribute, direct.getlang
local gethlistsubtype, dtraverse_id, dtail = direct.getsubtype, direct.traverse_id, direct.tail

local function last_visible(d)
  local n = dtail(d)
  while n do
    local id = getid(n)
    if id ~= GLUE and id ~= PENALTY and id ~= KERN and id ~= WHATSIT then return n end
    n = getprev(n)
  end
end

local function first_glyph(d)
  for n, id in dtraverse(d) do
    if id == GLYPH then return n end
    if id == HLIST or id == VLIST then
      local head = getlist(n)
      local g = head and first_glyph(head)
      if g then return g end
    end
  end
end

function P.post_linebreak(head, groupcode)
  P.paragraphs = P.paragraphs + 1
  local index = 0
  for line in dtraverse_id(HLIST, todirect(head)) do
    if gethlistsubtype(line) == 1 then
      index = index + 1
      P.lines = P.lines + 1
      dset_attribute(line, P.line_attr, P.lines)
      local list = getlist(line)
      local g = list and first_glyph(list)
      local origin = g and dhas_attribute(g, P.origin_attr) or 0
      local role = g and P.role_attr and dhas_attribute(g, P.role_attr) or 0
      local language = g and P.languages[getlang(g)] or ""
      local tail = list and last_visible(list)
      local tail_id = tail and getid(tail)
      local hyphenated = (tail_id == DISC or (tail_id == GLYPH and getchar(tail) == 45)) and 1 or 0
      emit("L", P.lines, P.paragraphs, index, origin, P.roles[role] or "", language, hyphenated,
           list and words_from(list, true, 1) or "", tail and words_from(tail, false, 2) or "", P.part)
    end
  end
  return true
end

-- Where things land: walk the shipped page with positions (sp, y downward from the top),
-- through direct nodes (a node's fields read as userdata cost a pass more than the walk).
local head_roles = { headleft = true, headright = true }
local boxes
local getwhd, getwidth, getshift, getkern = direct.getwhd, direct.getwidth, direct.getshift, direct.getkern
local getfield = direct.getfield
local ddimensions = direct.dimensions
local deffective_glue = direct.effective_glue
local RUNNING = -1073741824

local function getboxglue(d)
  return getfield(d, "glue_set"), getfield(d, "glue_sign"), getfield(d, "glue_order")
end

local function note_glyph(d, x, y)
  local role = P.role_attr and dhas_attribute(d, P.role_attr)
  local name = role and P.roles[role]
  if name and head_roles[name] then
    local w, h, dp = getwhd(d)
    local b = boxes[name]
    if not b then
      boxes[name] = { x, y - h, x + w, y + dp, dhas_attribute(d, P.origin_attr) or 0 }
    else
      if x < b[1] then b[1] = x end
      if y - h < b[2] then b[2] = y - h end
      if x + w > b[3] then b[3] = x + w end
      if y + dp > b[4] then b[4] = y + dp end
    end
  end
end

local walk_h, walk_v
local body, ink  -- the page's text block, and the lowest ink found in it

local function note_ink(bottom)
  if bottom > ink then ink = bottom end
end

local function visit(d, id, x, y, sheet, page)
  local w, h, dp = getwhd(d)
  local head = getlist(d)
  local line = dhas_attribute(d, P.line_attr)
  if line and id == HLIST then
    local natural = 0
    if head then
      local set, sign, order = getboxglue(d)
      natural = ddimensions(set, sign, order, head)
    end
    emit("S", line, sheet, page, x, y, w, h, dp, natural > w and natural - w or 0)
  end
  if d == body then
    ink = y - h  -- from the block's top: an empty page is filled 0
    P.body_top = ink
    P.inside = true
  end
  if P.inside and id == HLIST and head and h + dp > 0 then
    note_ink(y + dp)  -- a line, a box, a drawing (its picture is PDF code, its box its extent)
  end
  if head then
    if id == HLIST then walk_h(d, head, x, y, sheet, page) else walk_v(d, head, x, y, h, sheet, page) end
  end
  if d == body then P.inside = false end
end

walk_h = function(box, head, x, y, sheet, page)
  if P.inside then
    -- In the text block only the boxes inside a line matter (its glyphs are not running
    -- heads): find them in C, and each one's offset from the line's start (up to it,
    -- exclusive), rather than stepping through every glyph in Lua.
    local set, sign, order = getboxglue(box)
    for _, kind in ipairs({ HLIST, VLIST }) do
      for n in dtraverse_id(kind, head) do
        visit(n, kind, x + ddimensions(set, sign, order, head, n), y + getshift(n), sheet, page)
      end
    end
    return
  end
  local cur = x
  for n, id in dtraverse(head) do
    if id == GLYPH then
      -- The running heads are outside the text block; inside it, a line's ink is its box's.
      note_glyph(n, cur, y)
      cur = cur + getwidth(n)
    elseif id == HLIST or id == VLIST then
      visit(n, id, cur, y + getshift(n), sheet, page)
      cur = cur + getwidth(n)
    elseif id == GLUE then
      cur = cur + deffective_glue(n, box)
    elseif id == KERN then
      cur = cur + getkern(n)
    elseif id == RULE then
      local w, _, dp = getwhd(n)
      if P.inside and w ~= 0 then note_ink(y + (dp > RUNNING and dp or select(3, getwhd(box)))) end
      cur = cur + (w > RUNNING and w or 0)
    elseif id == DISC then
      local _, _, replace = getdisc(n)
      cur = cur + (replace and ddimensions(replace) or 0)
    else
      local w = getwidth(n)
      if w then cur = cur + w end
    end
  end
end

walk_v = function(box, head, x, y, height, sheet, page)
  local cur = y - height
  for n, id in dtraverse(head) do
    if id == HLIST or id == VLIST then
      local _, h, dp = getwhd(n)
      cur = cur + h
      visit(n, id, x + getshift(n), cur, sheet, page)
      cur = cur + dp
    elseif id == GLUE then
      cur = cur + deffective_glue(n, box)
    elseif id == KERN then
      cur = cur + getkern(n)
    elseif id == RULE then
      local _, h, dp = getwhd(n)
      cur = cur + h + dp
      if P.inside and h + dp ~= 0 then note_ink(cur) end
    end
  end
end

-- The text block: the \vbox to \textheight that LaTeX's output routine builds.
-- Its heights: the document's, and any a part was given (preamble.tex, \kbpagelength);
-- pages may be shipped long after they were made (onepass.tex holds them to the end).
P.textheights = {}
function P.textheight(height)
  P.textheights[height] = true
end

local function is_textheight(height)
  for known in pairs(P.textheights) do
    if math.abs(height - known) < 65536 then return true end
  end
  return next(P.textheights) == nil and math.abs(height - tex.vsize) < 65536
end

local function shortest_textheight()
  local least
  for known in pairs(P.textheights) do
    if not least or known < least then least = known end
  end
  return (least or tex.vsize) - 65536
end

local function find_body(head, least)
  -- The innermost such box: a box around it may happen to have one of the known heights too.
  -- Only a box at least as tall as a text block can hold one: lines are not looked into.
  least = least or shortest_textheight()
  for n, id in dtraverse(head) do
    if id == HLIST or id == VLIST then
      local list = getlist(n)
      local _, h, dp = getwhd(n)
      if list and h + dp >= least then
        local found = find_body(list, least)
        if found then return found end
        if id == VLIST and is_textheight(h + dp) then return n end
      end
    end
  end
end

function P.shipout(box)
  P.sheet = P.sheet + 1
  local sheet, page = P.sheet, tex.count[0]
  boxes = {}
  local d = todirect(box)
  local head = getlist(d)
  body = head and find_body(head)
  ink, P.body_top, P.inside = 0, 0, false
  local x0 = 4736286 + tex.hoffset  -- TeX puts the page's top left corner at 1in + \hoffset
  local y0 = 4736286 + tex.voffset
  local _, h = getwhd(d)
  if head then
    if getid(d) == VLIST then walk_v(d, head, x0, y0 + h, h, sheet, page) else
      walk_h(d, head, x0, y0 + h, sheet, page) end
  end
  for _, role in ipairs({ "headleft", "headright" }) do  -- in this order: the facts file is the same every run
    local b = boxes[role]
    if b then emit("B", sheet, page, role, b[1], b[2], b[3], b[4], b[5]) end
  end
  if body then
    local _, bh, bdp = getwhd(body)
    emit("F", sheet, page, ink - P.body_top, bh + bdp, P.body_top)
  else
    emit("F", sheet, page, -1, tex.vsize, 0)
  end
  emit("P", sheet, page, P.part)
  return true
end

function P.write()
  emit("G", "paperwidth", tex.pagewidth)
  emit("G", "paperheight", tex.pageheight)
  local file = io.open(tex.jobname .. ".proof", "w")
  if file then
    file:write(concat(out, "\n"), "\n")
    file:close()
  end
end

-- A part set again tighter (preamble.tex, \kbtighten): each paragraph one line shorter
-- (-1), where the line breaker can do so within the tolerance. Not a
-- paragraph set flush left (\raggedright: infinite stretch at the right): every way to break
-- it is as good as every other, and one that cannot be shorter comes out with a word alone on
-- its first line ("crimes / les plus lucratifs", fr p. 12).
P.looseness = 0
local getglue = tex.getglue
function P.pre_linebreak(head, groupcode)
  if P.looseness ~= 0 then
    local _, _, _, stretch_order = getglue("rightskip")
    if stretch_order == 0 then tex.looseness = P.looseness end
  end
  return true
end

-- A paragraph never ends on the rest of a hyphenated word ("omnipré- / sent.", fr p. 19).
-- \finalhyphendemerits only chooses among the breaks the tolerance allows; where it allows no
-- other, TeX takes that one. Such a paragraph is broken again from a copy kept aside, allowing
-- looser lines a step at a time, and the first result without the scrap is kept; if none is,
-- the first stands (and the proof check reports it: last-line-scrap). Every other
-- paragraph is broken once, as TeX would: the copy is all it costs.
P.retry_tolerances = { 400, 800 }
local copy_list, flush_list, linebreak = node.copy_list, node.flush_list, tex.linebreak

-- The paragraph's last line holds nothing but the rest of a word hyphenated on the line before.
local function ends_on_scrap(head)
  local last, before
  for line in dtraverse_id(HLIST, todirect(head)) do
    if gethlistsubtype(line) == 1 then before, last = last, line end
  end
  local list = before and getlist(before)
  local tail = list and last_visible(list)
  local rest = tail and getid(tail) == DISC and getlist(last)
  if not rest then return false end
  for n in dtraverse(rest) do
    if is_space(n) then return false end
  end
  return true
end

local LOCAL_PAR, getdirection, setdirection = node.id("local_par"), direct.getdirection, direct.setdirection

function P.linebreak(head, is_display)
  if is_display then return true end  -- (no display maths in a kit) TeX's own breaker
  local d = todirect(head)
  local direction = getid(d) == LOCAL_PAR and getdirection(d)
  local spare = copy_list(head)
  local broken, info = linebreak(head)
  if ends_on_scrap(broken) then
    for _, tolerance in ipairs(P.retry_tolerances) do
      local again, again_info = linebreak(copy_list(spare), { tolerance = tolerance })
      if not ends_on_scrap(again) then
        flush_list(broken)
        broken, info = again, again_info
        break
      end
      flush_list(again)
    end
  end
  flush_list(spare)
  -- Lines in the paragraph's direction: tex.linebreak sets them left to right whatever the
  -- paragraph's (its own local_par node, the head here), and Arabic came out reversed.
  if direction then
    for line in dtraverse_id(HLIST, todirect(broken)) do
      if gethlistsubtype(line) == 1 then setdirection(line, direction) end
    end
  end
  -- What TeX's own breaker leaves for the next paragraph: tex.linebreak works on a list of its own.
  local nest = tex.nest[tex.nest.ptr]
  nest.prevdepth, nest.prevgraf = info.prevdepth, info.prevgraf
  return broken
end

luatexbase.add_to_callback("pre_linebreak_filter", P.pre_linebreak, "kbproof")
luatexbase.add_to_callback("linebreak_filter", P.linebreak, "kbproof")
luatexbase.add_to_callback("post_linebreak_filter", P.post_linebreak, "kbproof")
luatexbase.add_to_callback("pre_shipout_filter", P.shipout, "kbproof")
-- Written when the run ends, after every held page is shipped (onepass.tex).
luatexbase.add_to_callback("wrapup_run", P.write, "kbproof")
