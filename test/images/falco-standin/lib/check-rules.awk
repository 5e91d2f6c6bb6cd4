# Checks one rules file the way Falco's rule loader rejects what it cannot accept, in Falco's format
# (userspace/engine/rule_loader_reader.cpp, falco_load_result.cpp, rule_loader.cpp as_verbose_string).
# Prints "OK", "WARN" + Falco's warning text, or "INVALID" + Falco's error text.
# Variable known_macros: a file naming the macros of the files loaded before this one (one a line); a
# condition using a macro neither they nor this file define fails as in Falco's rule_loader_compiler.cpp
# (resolve_macros: "Undefined macro '...' used in filter.", LOAD_ERR_VALIDATE).
function tokenize(s,   n, c, i, j, L) {
  delete tok
  n = 0; i = 1; L = length(s)
  while (i <= L) {
    c = substr(s, i, 1)
    if (c == " " || c == "\t") { i++; continue }
    if (c == "(" || c == ")" || c == ",") { tok[++n] = c; i++; continue }
    if (c == "\"" || c == "'") {
      j = i + 1
      while (j <= L && substr(s, j, 1) != c) { if (substr(s, j, 1) == "\\") j++; j++ }
      tok[++n] = "\"string"; i = j + 1; continue
    }
    if (c ~ /[=<>!]/) { j = i; while (j <= L && substr(s, j, 1) ~ /[=<>!]/) j++; tok[++n] = substr(s, i, j - i); i = j; continue }
    j = i
    while (j <= L && substr(s, j, 1) !~ /[ \t(),="'<>!]/) j++
    tok[++n] = substr(s, i, j - i); i = j
  }
  return n
}
function skip_group(i, n,   depth) {
  depth = 0
  for (; i <= n; i++) { if (tok[i] == "(") depth++; else if (tok[i] == ")") { depth--; if (depth == 0) return i } }
  return n
}
# The first bare name where a check belongs (not a field: fields have a dot) that no macro defines.
function undefined_macro(cond,   n, i, t, state) {
  n = tokenize(cond); state = "check"
  for (i = 1; i <= n; i++) {
    t = tok[i]
    if (state == "check") {
      if (t == "not" || t == "(" || t == "and" || t == "or") continue
      if (tok[i + 1] == "(" && index(t, ".") == 0) { i = skip_group(i + 1, n); state = "operator"; continue }
      if (index(t, ".") > 0) { state = "operator"; continue }
      if (t in macro_defined) { state = "next"; continue }
      return t
    }
    if (state == "operator") { state = (t == "exists" ? "next" : "value"); continue }
    if (state == "value") {
      if (t == "(") i = skip_group(i, n)
      else if (tok[i + 1] == "(") i = skip_group(i + 1, n)
      state = "next"; continue
    }
    if (t == "and" || t == "or") state = "check"
  }
  return ""
}
function ctx(line, col, what,   s) {
  s = "In rules content: (" FILENAME ":0:0)\n"
  if (item_kind != "") s = s "    " item_kind " '" item_name "': (" FILENAME ":" item_line ":2)\n"
  if (what != "") s = s "    " what ": (" FILENAME ":" line ":" col ")\n"
  return s "------\n" lines[line] "\n------\n"
}
function fail(code, desc, msg, line, col, what) {
  if (failed) return
  failed = 1
  error_text = "1 Errors:\n" ctx(line, col, what) code " (" desc "): " msg
}
function warn(code, desc, msg, line) {
  warnings++
  warning_text = warning_text ctx(line, 1, "") code " (" desc "): " msg "\n"
}
function check_item(   k, req, n, i, p, depth, c, inq, cond) {
  if (item_kind == "") return
  if (item_kind == "rule" || item_kind == "macro" || item_kind == "list") {
    if (item_kind == "rule" && !(item_append || item_override)) {
      n = split("condition output desc priority", req, " ")
      for (i = 1; i <= n; i++) if (!(req[i] in keys)) { fail("LOAD_ERR_YAML_VALIDATE", "Error validating internal structure of YAML file", "Item has no mapping for key '" req[i] "'", item_line, 2, ""); return }
    }
    if (item_kind == "macro" && !item_append && !item_override && !("condition" in keys)) { fail("LOAD_ERR_YAML_VALIDATE", "Error validating internal structure of YAML file", "Item has no mapping for key 'condition'", item_line, 2, ""); return }
    if (item_kind == "list" && !item_append && !item_override && !("items" in keys)) { fail("LOAD_ERR_YAML_VALIDATE", "Error validating internal structure of YAML file", "Item has no mapping for key 'items'", item_line, 2, ""); return }
    if ("priority" in keys) {
      p = tolower(keys["priority"]); gsub(/["' ]/, "", p)
      if (p !~ /^(emergency|alert|critical|error|warning|notice|informational|info|debug)$/) { fail("LOAD_ERR_VALIDATE", "Error validating rule/macro/list/exception objects", "Invalid priority", key_line["priority"], 13, "priority"); return }
    }
    if ("condition" in keys) {
      cond = keys["condition"]; depth = 0; inq = ""
      ncond++; cond_kind[ncond] = item_kind; cond_name[ncond] = item_name; cond_item_line[ncond] = item_line
      cond_line[ncond] = key_line["condition"]; cond_text[ncond] = cond
      for (i = 1; i <= length(cond); i++) {
        c = substr(cond, i, 1)
        if (inq != "") { if (c == inq) inq = ""; continue }
        if (c == "\"" || c == "'") { inq = c; continue }
        if (c == "(") depth++
        if (c == ")") { depth--; if (depth < 0) break }
      }
      if (depth != 0 || inq != "") fail("LOAD_ERR_COMPILE_CONDITION", "Error compiling condition", (depth < 0 ? "unexpected token after ')'" : (inq != "" ? "unterminated string" : "expected a ')' token")), key_line["condition"], 14, "condition")
    }
  } else if (item_kind !~ /^(required_engine_version|required_plugin_versions)$/) {
    warn("LOAD_UNKNOWN_ITEM", "Unknown rules file item", "Unknown top level item", item_line)
  }
}
function start_item(line_text,   k, v) {
  check_item()
  delete keys; delete key_line
  item_line = NR; item_append = 0; item_override = 0
  k = line_text; sub(/^- */, "", k)
  v = k; sub(/:.*/, "", k); sub(/^[^:]*: */, "", v)
  item_kind = k; item_name = v; gsub(/^["']|["']$/, "", item_name)
  if (item_kind == "macro") macro_defined[item_name] = 1
  current_key = ""
}
BEGIN {
  failed = 0; warnings = 0; item_kind = ""; ncond = 0
  if (known_macros != "") { while ((getline name < known_macros) > 0) macro_defined[name] = 1; close(known_macros) }
}
{
  lines[NR] = $0
  if (failed) next
  if ($0 ~ /^[ \t]*#/ || $0 ~ /^[ \t]*$/ || $0 ~ /^(---|\.\.\.)/) next
  if ($0 ~ /^\t/) { fail("LOAD_ERR_YAML_PARSE", "YAML parse error", "yaml-cpp: error at line " NR ", column 1: illegal tab when looking for indentation", NR, 1, ""); next }
  if ($0 ~ /^- /) { start_item($0); next }
  if ($0 ~ /^[^ ]/) { fail("LOAD_ERR_YAML_VALIDATE", "Error validating internal structure of YAML file", "Rules content is not yaml array of objects", 0, 0, ""); next }
  if (item_kind == "") next
  if ($0 ~ /^  [A-Za-z_]+:/) {
    current_key = $0; sub(/^  /, "", current_key); sub(/:.*/, "", current_key)
    v = $0; sub(/^  [A-Za-z_]+: */, "", v)
    if (v ~ /^[>|][-+]?$/) v = ""
    keys[current_key] = v; key_line[current_key] = NR
    if (current_key == "append" && v ~ /^(true|True|TRUE)$/) item_append = 1
    if (current_key == "override") item_override = 1
    next
  }
  if (current_key != "" && $0 ~ /^   /) { v = $0; sub(/^ +/, "", v); keys[current_key] = (keys[current_key] == "" ? v : keys[current_key] " " v) }
}
END {
  if (!failed) check_item()
  for (i = 1; i <= ncond && !failed; i++) {
    name = undefined_macro(cond_text[i])
    if (name == "") continue
    item_kind = cond_kind[i]; item_name = cond_name[i]; item_line = cond_item_line[i]
    fail("LOAD_ERR_VALIDATE", "Error validating rule/macro/list/exception objects", "Undefined macro '" name "' used in filter.", cond_line[i], 14, "condition")
  }
  if (failed) { print "INVALID"; print error_text; exit 0 }
  if (warnings) { print "WARN"; printf "%d Warnings:\n%s", warnings, warning_text; exit 0 }
  print "OK"
}
