# The stand-in's detector: polls the host's /proc about every 100 ms and raises Falco-format JSON
# alerts for the loaded rules it can observe (README.md). Each alert is written at once, as Falco 0.44
# does with unbuffered outputs and file_output.keep_alive=false (the file is closed after each alert);
# SIGUSR1 only reopens outputs. Variables: proc rules extra out_file to_stdout
# json iso tags_property output_property stop_file reopen_file host_name.
function readable(f,   line, ok) { ok = (getline line < f) >= 0; close(f); return ok }
function slurp(f,   line, out, first) { out = ""; first = 1; while ((getline line < f) > 0) { out = out (first ? "" : "\n") line; first = 0 } close(f); return out }
function run(cmd,   line, out, first) { out = ""; first = 1; while ((cmd | getline line) > 0) { out = out (first ? "" : "\n") line; first = 0 } close(cmd); return out }
function read_stat(p,   s, l, r, rest, f) {
  s = slurp(proc "/" p "/stat")
  if (s == "") return 0
  l = index(s, "("); r = 0
  for (f = length(s); f > 0; f--) if (substr(s, f, 1) == ")") { r = f; break }
  if (l == 0 || r == 0) return 0
  comm[p] = substr(s, l + 1, r - l - 1)
  rest = substr(s, r + 2)
  split(rest, st, " ")
  ppid[p] = st[2] + 0
  start_ticks[p] = st[20] + 0
  return 1
}
function own_process(p,   cg) {
  # Our own container's processes: their cgroup is the root of our cgroup namespace, or names our container.
  cg = slurp(proc "/" p "/cgroup")
  return cg == "0::/" || index(cg, host_name) > 0
}
function json_string(s,   out, i, c, n) {
  gsub(/\\/, "\\\\", s); gsub(/"/, "\\\"", s); gsub(/\n/, "\\n", s); gsub(/\r/, "\\r", s); gsub(/\t/, "\\t", s)
  out = ""
  n = length(s)
  for (i = 1; i <= n; i++) { c = substr(s, i, 1); if (c < " ") out = out sprintf("\\u%04x", ord[c]); else out = out c }
  return "\"" out "\""
}
function now_parts(   up) {
  up = slurp(proc "/uptime"); split(up, u, " ")
  # Rounded: "12345.67" * 100 is 1234566.99... in floating point, and truncating it would date an event
  # a tick before the process that caused it started (its step marker would then come after it).
  return time_parts(int(u[1] * 100 + 0.5))
}
function time_parts(ticks,   total, secs, cs) {
  # Event time from clock ticks since boot (100 per second): "seconds" and a 9-digit fraction. In whole
  # ticks only: 5.57 + 0.43 need not be 6 in floating point, and would date the event a second early.
  total = boot_cs + ticks
  secs = boot_secs + int(total / 100)
  cs = total - int(total / 100) * 100
  return secs " " sprintf("%02d", cs) "0000000"
}
function field_value(name, p, fdpath, t,   k) {
  if (name == "proc.pid") return p
  if (name == "proc.ppid") return ppid[p]
  if (name == "proc.name") return "\"" comm[p] "\""
  if (name == "proc.pname") { if (!(ppid[p] in comm)) read_stat(ppid[p]); return json_string(comm[ppid[p]]) }
  if (name == "proc.exepath" || name == "proc.exe") return json_string(exepath[p])
  if (name == "proc.cmdline") return json_string(cmdline[p])
  if (name == "proc.args") return json_string(args[p])
  if (name == "fd.name") return (fdpath == "" ? "null" : json_string(fdpath))
  if (name == "evt.time") return t
  if (name == "evt.type") return (fdpath == "" ? "\"execve\"" : "\"openat\"")
  if (name == "container.id") return "\"host\""
  if (name == "container.name") return "\"host\""
  if (name ~ /^proc\.apid\[[0-9]+\]$/) { k = name; gsub(/[^0-9]/, "", k); return (((k + 0) in anc) ? anc[k + 0] : "null") }
  return "null"
}
function text_of(v) { if (v == "null") return "<NA>"; if (v ~ /^"/) { v = substr(v, 2, length(v) - 2); gsub(/\\"/, "\"", v); gsub(/\\\\/, "\\", v) } return v }
function ancestors(p,   q, k) {
  delete anc
  q = p
  for (k = 1; k <= 12; k++) {
    if (!(q in ppid) && !read_stat(q)) break
    q = ppid[q]
    if (q == 0) break
    anc[k] = q
    if (!(q in comm)) read_stat(q)
  }
}
function describe(p) {
  cmdline[p] = run("tr '\\000' ' ' < " proc "/" p "/cmdline 2>/dev/null")
  sub(/ +$/, "", cmdline[p])
  args[p] = cmdline[p]; sub(/^[^ ]* ?/, "", args[p])
  cmdline[p] = comm[p] (args[p] == "" ? "" : " " args[p])
  exepath[p] = run("readlink " proc "/" p "/exe 2>/dev/null")
}
function alert(r, p, fdpath, t,   tp, iso_time, fields, names, n, i, j, tmp, out, msg, tok, key, v, line, prefix, time_key) {
  describe(p); ancestors(p)
  split(t, tp, " ")
  t = tp[1] tp[2]
  iso_time = strftime("%Y-%m-%dT%H:%M:%S", tp[1]) "." tp[2]
  prefix = (iso == "true" ? iso_time "+0000" : strftime("%H:%M:%S", tp[1]) "." tp[2]) ": " rprio[r]
  # Render the output, collecting its fields.
  msg = rout[r]; out = ""; n = 0
  while (match(msg, /%[a-z_]+(\.[a-z0-9_]+)*(\[[0-9]+\])?/)) {
    tok = substr(msg, RSTART + 1, RLENGTH - 1)
    v = field_value(tok, p, fdpath, t)
    out = out substr(msg, 1, RSTART - 1) text_of(v)
    msg = substr(msg, RSTART + RLENGTH)
    if (!(tok in fields)) { fields[tok] = v; names[++n] = tok }
  }
  out = out msg
  time_key = (iso == "true" ? "evt.time.iso8601" : "evt.time")
  if (!(time_key in fields)) { fields[time_key] = (iso == "true" ? "\"" iso_time "Z\"" : t); names[++n] = time_key }
  for (i = 1; i <= nextra; i++) if (!(extra_names[i] in fields)) { fields[extra_names[i]] = field_value(extra_names[i], p, fdpath, t); names[++n] = extra_names[i] }
  for (i = 2; i <= n; i++) { tmp = names[i]; for (j = i - 1; j >= 1 && names[j] > tmp; j--) names[j + 1] = names[j]; names[j + 1] = tmp }
  if (json == "true") {
    line = "{\"hostname\":" json_string(host_name)
    if (output_property == "true") line = line ",\"output\":" json_string(prefix " " out)
    line = line ",\"output_fields\":{"
    for (i = 1; i <= n; i++) line = line (i > 1 ? "," : "") json_string(names[i]) ":" fields[names[i]]
    line = line "},\"priority\":" json_string(rprio[r]) ",\"rule\":" json_string(rname[r]) ",\"source\":\"syscall\""
    if (tags_property == "true") line = line ",\"tags\":" rtags[r]
    line = line ",\"time\":\"" iso_time "Z\"}"
  } else line = prefix " " out
  held[++nheld] = line
  flush()
  events++; by_rule[rname[r]]++; by_prio[toupper(rprio[r])]++
}
function flush(   i) {
  for (i = 1; i <= nheld; i++) {
    if (out_file != "") print held[i] >> out_file
    if (to_stdout == "true") print held[i]
  }
  if (out_file != "") close(out_file)
  fflush()
  nheld = 0
}
function on_exec(p,   r) {
  # A process image we have not evaluated yet: spawn-type rules.
  for (r = 1; r <= nrules; r++) {
    if (rfd[r] != "") continue
    if (rnames[r] != "" && index(rnames[r], "|" comm[p] "|") == 0) continue
    if (rpnames[r] != "") { if (!(ppid[p] in comm)) read_stat(ppid[p]); if (index(rpnames[r], "|" comm[ppid[p]] "|") == 0) continue }
    alert(r, p, "", time_parts(start_ticks[p]))
  }
}
function scan_fds(   cmd, n, p, line, target, r, key, holds, i, m, pending_pid, pending_target) {
  cmd = "ls -l"; n = 0
  for (p in young) { cmd = cmd " " proc "/" p "/fd"; n++ }
  if (n == 0) return
  cmd = cmd " 2>/dev/null"
  p = ""; m = 0
  while ((cmd | getline line) > 0) {
    if (line ~ /\/fd:$/) { p = line; sub(/\/fd:$/, "", p); sub(/.*\//, "", p); continue }
    if (p == "" || index(line, " -> ") == 0) continue
    target = substr(line, index(line, " -> ") + 4)
    if (index(watched_files, "|" target "|") == 0) continue
    holds[p SUBSEP target] = 1; m++; pending_pid[m] = p; pending_target[m] = target
  }
  close(cmd)
  for (i = 1; i <= m; i++) {
    p = pending_pid[i]; target = pending_target[i]
    # A descriptor inherited from the parent was opened by the parent: only the opener fires, as in Falco.
    if ((ppid[p] SUBSEP target) in holds || (ppid[p] SUBSEP target) in opened) { opened[p SUBSEP target] = 1; continue }
    opened[p SUBSEP target] = 1
    for (r = 1; r <= nrules; r++) {
      if (rfd[r] == "" || index(rfd[r], "|" target "|") == 0) continue
      if (rnames[r] != "" && index(rnames[r], "|" comm[p] "|") == 0) continue
      key = r SUBSEP p SUBSEP target
      if (key in fired) continue
      fired[key] = 1
      alert(r, p, target, now_parts())
    }
  }
}
function scan(   cmd, p, cur) {
  cmd = "ls " proc " 2>/dev/null"
  while ((cmd | getline p) > 0) if (p ~ /^[0-9]+$/) cur[p] = 1
  close(cmd)
  for (p in seen) if (!(p in cur)) { delete seen[p]; delete young[p]; delete seen_comm[p]; delete comm[p]; delete ppid[p] }
  for (p in cur) {
    if (p in seen) {
      if ((p in young) && read_stat(p) && comm[p] != seen_comm[p]) { seen_comm[p] = comm[p]; on_exec(p) }
      continue
    }
    seen[p] = 1
    if (!baseline_done) continue
    if (!read_stat(p)) continue
    if (own_process(p)) continue
    young[p] = 1
    seen_comm[p] = comm[p]
    # A child seen between fork and exec still carries its parent's name: wait for the exec.
    if (read_stat(ppid[p]) && comm[ppid[p]] == comm[p]) continue
    on_exec(p)
  }
  if (has_fd_rules) scan_fds()
}
BEGIN {
  for (i = 1; i < 32; i++) ord[sprintf("%c", i)] = i
  nrules = 0
  while ((getline line < rules) > 0) {
    split(line, f, "\t"); nrules++
    rname[nrules] = f[1]; rprio[nrules] = f[2]; rtags[nrules] = f[3]; rout[nrules] = f[4]
    rpnames[nrules] = f[5]; rnames[nrules] = f[6]; rfd[nrules] = f[7]
    if (f[7] != "") { has_fd_rules = 1; watched_files = watched_files f[7] }
  }
  close(rules)
  nextra = 0
  while ((getline line < extra) > 0) if (line != "") extra_names[++nextra] = line
  close(extra)
  # Boot time to the centisecond: read the uptime right after the wall clock's second changes.
  first = run("date +%s") + 0
  do { system("sleep 0.01"); now = run("date +%s") + 0; split(slurp(proc "/uptime"), u, " ") } while (now == first)
  up_cs = int(u[1] * 100 + 0.5)
  boot_total_cs = now * 100 - up_cs
  boot_secs = int(boot_total_cs / 100); boot_cs = boot_total_cs - boot_secs * 100
  baseline_done = 0; tick = 0; nheld = 0; events = 0
  scan(); baseline_done = 1
  for (;;) {
    tick++
    scan()
    if (readable(reopen_file)) system("rm -f " reopen_file)
    if (readable(stop_file)) break
    system("sleep 0.1")
  }
  scan()
  flush()
  printf "Events detected: %d\nRule counts by severity:\n", events
  for (k in by_prio) printf "   %s: %d\n", k, by_prio[k]
  printf "Triggered rules by rule name:\n"
  for (k in by_rule) printf "   %s: %d\n", k, by_rule[k]
  exit 0
}
