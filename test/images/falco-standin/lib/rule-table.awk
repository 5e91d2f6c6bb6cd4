# Reads every loaded rules file and prints the stand-in's behaviour table (README.md), one line per rule
# it can observe: name, priority, tags (JSON), output, parent names, process names, file names.
function trim(s) { sub(/^[ \t]+/, "", s); sub(/[ \t]+$/, "", s); return s }
function unquote(s) { s = trim(s); if (s ~ /^".*"$/ || s ~ /^'.*'$/) s = substr(s, 2, length(s) - 2); return s }
function finish_item() {
  if (kind == "list") { v = trim(val["items"]); gsub(/^\[|\]$/, "", v); list_items[name] = (name in list_items && val["append"] ~ /true/ ? list_items[name] "," : "") v }
  if (kind == "macro") macro_cond[name] = ((name in macro_cond) && val["append"] ~ /true/ ? macro_cond[name] " " : "") val["condition"]
  if (kind == "rule") {
    if ((name in rule_seen) && (val["append"] ~ /true/ || ("override" in val))) { if ("condition" in val) rule_cond[name] = rule_cond[name] " " val["condition"]; return }
    rule_seen[name] = 1; order[++nrules] = name
    rule_cond[name] = val["condition"]; rule_out[name] = val["output"]; rule_prio[name] = val["priority"]
    rule_tags[name] = val["tags"]; rule_enabled[name] = ("enabled" in val) ? val["enabled"] : "true"
  }
}
function expand(text,   parts, n, i, item, out) {
  # Items of "(a, b, list_name)" or a single value, with lists expanded; result "|a|b|".
  gsub(/^\(|\)$/, "", text)
  n = split(text, parts, ",")
  out = "|"
  for (i = 1; i <= n; i++) {
    item = unquote(parts[i]); if (item == "") continue
    if (item in list_items) out = out substr(expand(list_items[item]), 2)
    else out = out item "|"
  }
  return out
}
function predicate(cond, field,   re, m, rest, out) {
  out = ""
  rest = " " cond
  re = "[^a-z._]" field "[ ]*(=[ ]*(\"[^\"]*\"|'[^']*'|[^ ()]+)|in[ ]*\\([^)]*\\))"
  while (match(rest, re)) {
    m = substr(rest, RSTART + 1, RLENGTH - 1)
    sub("^" field "[ ]*", "", m)
    if (m ~ /^=/) { sub(/^=[ ]*/, "", m); out = out (out == "" ? "|" : "") unquote(m) "|" }
    else { sub(/^in[ ]*/, "", m); out = out (out == "" ? "" : "") substr(expand(m), (out == "" ? 1 : 2)) }
    rest = substr(rest, RSTART + RLENGTH)
  }
  return out
}
function expand_macros(c,   pass, out, rest, word, changed) {
  for (pass = 0; pass < 6; pass++) {
    out = ""; rest = c; changed = 0
    while (match(rest, /[A-Za-z_][A-Za-z0-9_.]*/)) {
      word = substr(rest, RSTART, RLENGTH)
      out = out substr(rest, 1, RSTART - 1)
      if ((word in macro_cond) && substr(rest, RSTART - 1, 1) != "." ) { out = out "(" macro_cond[word] ")"; changed = 1 }
      else out = out word
      rest = substr(rest, RSTART + RLENGTH)
    }
    c = out rest
    if (!changed) break
  }
  return c
}
function observable(c,   pat) {
  # True when the condition is a conjunction of predicates the stand-in evaluates (README.md); anything
  # else (or, not, other fields) makes the rule unobservable, and it never fires.
  c = " " c " "
  gsub(/(proc\.pname|proc\.name|fd\.name)[ ]*(=[ ]*("[^"]*"|'[^']*'|[^ ()]+)|in[ ]*\([^)]*\))/, " ", c)
  gsub(/evt\.type[ ]*(=[ ]*[a-z0-9_]+|in[ ]*\([^)]*\))/, " ", c)
  gsub(/evt\.is_open_read[ ]*=[ ]*true|fd\.typechar[ ]*=[ ]*'?f'?|fd\.num[ ]*>=[ ]*0|evt\.dir[ ]*=[ ]*<|evt\.res[ ]*=[ ]*SUCCESS/, " ", c)
  gsub(/[()]/, " ", c)
  gsub(/ and /, " ", c); gsub(/ and /, " ", c)
  gsub(/[ \t]+/, "", c)
  return c == ""
}
function priority_name(p) {
  p = tolower(unquote(p))
  if (p == "info") p = "informational"
  return toupper(substr(p, 1, 1)) substr(p, 2)
}
function tags_json(t,   parts, n, i, j, tmp, out) {
  gsub(/^\[|\]$/, "", t)
  n = split(t, parts, ",")
  for (i = 1; i <= n; i++) parts[i] = unquote(parts[i])
  for (i = 2; i <= n; i++) { tmp = parts[i]; for (j = i - 1; j >= 1 && parts[j] > tmp; j--) parts[j + 1] = parts[j]; parts[j + 1] = tmp }
  out = ""
  for (i = 1; i <= n; i++) if (parts[i] != "") out = out (out == "" ? "" : ",") "\"" parts[i] "\""
  return "[" out "]"
}
FNR == 1 { if (kind != "") finish_item(); kind = "" }
/^[ \t]*#/ { next }
/^- [A-Za-z_]+:/ {
  if (kind != "") finish_item()
  delete val
  kind = $0; sub(/^- /, "", kind); sub(/:.*/, "", kind)
  name = $0; sub(/^- [A-Za-z_]+: */, "", name); name = unquote(name)
  key = ""
  next
}
/^  [A-Za-z_]+:/ {
  key = $0; sub(/^  /, "", key); sub(/:.*/, "", key)
  v = $0; sub(/^  [A-Za-z_]+: */, "", v)
  if (v ~ /^[>|][-+]?$/) v = ""
  val[key] = trim(v)
  next
}
/^   / { if (key != "") { v = trim($0); val[key] = (val[key] == "" ? v : val[key] " " v) } }
END {
  if (kind != "") finish_item()
  for (i = 1; i <= nrules; i++) {
    r = order[i]
    if (rule_enabled[r] ~ /false/) continue
    c = expand_macros(rule_cond[r])
    if (!observable(c)) continue
    pn = predicate(c, "proc\\.pname"); nm = predicate(c, "proc\\.name"); fd = predicate(c, "fd\\.name")
    if (pn == "" && nm == "" && fd == "") continue
    out = rule_out[r]; gsub(/\t/, " ", out)
    printf "%s\t%s\t%s\t%s\t%s\t%s\t%s\n", r, priority_name(rule_prio[r]), tags_json(rule_tags[r]), out, pn, nm, fd
  }
}
