# tests/mig/gnu/protos.awk - the routine prototypes of a MIG-generated
# header, one per line: "ret name(type arg, type arg)", blanks collapsed.
# Reads GNU MIG's layout ("mig_external" lines) and mach5-mig's alike.
/^(extern |mig_external )?[A-Za-z_][A-Za-z_0-9]* [A-Za-z_][A-Za-z_0-9]*$/ {
	n = split($0, w, " "); ret = w[n - 1]; name = w[n]; want = 1; next
}
want && /^\($/ { on = 1; args = ""; want = 0; next }
{ want = 0 }
on && /^\);$/ { print ret " " name "(" args ")"; on = 0; next }
on {
	s = $0; gsub(/^[ \t]+|,$/, "", s); gsub(/[ \t]+/, " ", s)
	args = args (args == "" ? "" : ", ") s
}
