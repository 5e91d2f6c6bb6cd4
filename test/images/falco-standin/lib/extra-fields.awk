# Collects append_output extra_fields (plain field names) from Falco config files and from
# -o append_output[]={...} values, one field per output line, first occurrence kept.
function add(f) { f = trim(f); gsub(/^["']|["']$/, "", f); if (f != "" && f !~ /:/ && !(f in seen)) { seen[f] = 1; print f } }
function trim(s) { sub(/^[ \t]+/, "", s); sub(/[ \t]+$/, "", s); return s }
# Flow style: {match: {...}, extra_fields: ["proc.pid", "proc.apid[1]"]}
/extra_fields:[ ]*\[/ {
  s = $0; sub(/.*extra_fields:[ ]*\[/, "", s); sub(/\][^\]]*$/, "", s)
  # Split on commas outside quotes (a field name may hold brackets but not commas).
  n = split(s, parts, ","); for (i = 1; i <= n; i++) add(parts[i])
  next
}
/^[ ]*extra_fields:[ ]*$/ { in_fields = 1; indent = match($0, /[^ ]/); next }
in_fields && /^[ ]*- / { line = $0; sub(/^[ ]*- /, "", line); add(line); next }
in_fields && /^[ ]*[A-Za-z_]/ { in_fields = 0 }
